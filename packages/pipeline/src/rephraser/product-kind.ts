/**
 * What kind of thing the poster sells, guessed from the English subject words.
 * Each kind brings the photographic defaults a product photographer would pick.
 */
export type ProductKind =
  "beverage" | "food" | "fashion" | "beauty" | "tech" | "home" | "gift" | "generic";

export interface KindDefaults {
  detail: string[];
  setting: string[];
  lighting: string[];
  medium: string;
}

const KIND_WORDS: ReadonlyArray<readonly [ProductKind, readonly string[]]> = [
  [
    "beverage",
    [
      "coffee",
      "brew",
      "espresso",
      "latte",
      "americano",
      "cappuccino",
      "tea",
      "matcha",
      "juice",
      "drink",
      "beverage",
      "soda",
      "cola",
      "lemonade",
      "smoothie",
      "milkshake",
      "milk",
      "beer",
      "wine",
      "cocktail",
      "sake",
      "baijiu",
      "water",
      "boba",
      "kombucha",
      "yogurt",
    ],
  ],
  [
    "food",
    [
      "mooncake",
      "cake",
      "bread",
      "pastry",
      "pastries",
      "dessert",
      "cookie",
      "chocolate",
      "candy",
      "pizza",
      "burger",
      "snack",
      "dumpling",
      "dumplings",
      "noodles",
      "ramen",
      "rice",
      "sushi",
      "steak",
      "seafood",
      "salad",
      "sandwich",
      "fries",
      "chicken",
      "duck",
      "pot",
      "barbecue",
      "zongzi",
      "tangyuan",
      "buns",
      "nuts",
      "fruit",
      "ice cream",
      "croissant",
      "donut",
      "bagel",
      "honey",
      "cheese",
      "sauce",
    ],
  ],
  [
    "beauty",
    [
      "lipstick",
      "perfume",
      "fragrance",
      "serum",
      "cream",
      "skincare",
      "cosmetics",
      "makeup",
      "shampoo",
      "lotion",
      "mask",
      "cleanser",
      "foundation",
      "mascara",
      "nail",
      "soap",
    ],
  ],
  [
    "fashion",
    [
      "sneaker",
      "shoe",
      "shoes",
      "boots",
      "heels",
      "slippers",
      "dress",
      "skirt",
      "jacket",
      "hoodie",
      "sweater",
      "shirt",
      "jeans",
      "coat",
      "hat",
      "scarf",
      "gloves",
      "backpack",
      "bag",
      "handbag",
      "wallet",
      "watch",
      "wristwatch",
      "sunglasses",
      "glasses",
      "jewelry",
      "necklace",
      "ring",
      "earrings",
      "bracelet",
      "qipao",
      "hanfu",
      "clothing",
      "apparel",
      "socks",
      "leggings",
    ],
  ],
  [
    "tech",
    [
      "smartphone",
      "phone",
      "laptop",
      "computer",
      "headphones",
      "earbuds",
      "camera",
      "speaker",
      "smartwatch",
      "tablet",
      "keyboard",
      "mouse",
      "console",
      "drone",
      "charger",
      "monitor",
    ],
  ],
  [
    "home",
    [
      "sofa",
      "chair",
      "table",
      "lamp",
      "candle",
      "vase",
      "bedding",
      "pillow",
      "mug",
      "teapot",
      "tableware",
      "diffuser",
      "rug",
      "blanket",
      "appliance",
      "fryer",
      "cooker",
      "kettle",
    ],
  ],
  ["gift", ["gift", "hamper"]],
];

const DEFAULTS: Readonly<Record<ProductKind, KindDefaults>> = {
  beverage: {
    detail: ["condensation droplets", "fresh ingredients beside it"],
    setting: ["on a rustic wooden table"],
    lighting: ["soft natural window light"],
    medium: "commercial beverage photography",
  },
  food: {
    detail: ["appetizing texture", "delicate details"],
    setting: ["on an elegant table setting"],
    lighting: ["warm soft light"],
    medium: "professional food photography",
  },
  beauty: {
    detail: ["glossy packaging", "smooth product texture"],
    setting: ["on a polished marble surface"],
    lighting: ["soft diffused lighting"],
    medium: "luxury cosmetics advertising photo",
  },
  fashion: {
    detail: ["crisp material texture", "clean stitching details"],
    setting: ["on a simple pedestal"],
    lighting: ["soft studio lighting"],
    medium: "commercial product photography",
  },
  tech: {
    detail: ["sleek finish", "precise details"],
    setting: ["on a minimal desk"],
    lighting: ["cool studio lighting"],
    medium: "product advertising photography",
  },
  home: {
    detail: ["tactile materials", "fine craftsmanship"],
    setting: ["in a bright modern interior"],
    lighting: ["soft daylight"],
    medium: "interior product photography",
  },
  gift: {
    detail: ["elegant gift packaging", "ribbon details"],
    setting: ["on a festive table"],
    lighting: ["warm glow"],
    medium: "commercial product photography",
  },
  generic: {
    detail: ["highly detailed product"],
    setting: ["in a clean simple setting"],
    lighting: ["soft even lighting"],
    medium: "professional advertising photography",
  },
};

/**
 * The kind of the product's head noun. English and translated Chinese both put
 * the head noun last ("coffee gift box" is a gift), so the last match wins.
 */
export function detectProductKind(productWords: readonly string[]): ProductKind {
  const text = ` ${productWords.join(" ")} `;
  let best: { kind: ProductKind; at: number } = { kind: "generic", at: -1 };
  for (const [kind, words] of KIND_WORDS) {
    for (const w of words) {
      const at = Math.max(text.lastIndexOf(` ${w} `), text.lastIndexOf(` ${w}s `));
      if (at > best.at) best = { kind, at };
    }
  }
  return best.kind;
}

export function kindDefaults(kind: ProductKind): KindDefaults {
  return DEFAULTS[kind];
}

/** Scenes for festivals the subject names, so the setting matches the occasion. */
const FESTIVAL_SCENES: ReadonlyArray<readonly [RegExp, string]> = [
  [/^(?!.*\bmoon\b).*(mid-autumn|moon viewing|mooncake)/, "under a glowing full moon at night"],
  [/mid-autumn|moon viewing|mooncake/, "festive night scene"],
  [
    /chinese new year|spring festival|lantern festival|new year's eve/,
    "with festive red decorations",
  ],
  [/dragon boat/, "by a river with dragon boats"],
  [/christmas/, "with cozy christmas decorations"],
  [/halloween/, "with spooky halloween decorations"],
  [/valentine|qixi/, "with romantic rose petals"],
  [/singles day|shopping festival|black friday/, "with festive shopping confetti"],
  [/wedding/, "with elegant wedding decor"],
  [/birthday|anniversary/, "with celebration confetti"],
];

export function festivalScene(subjectText: string): string | undefined {
  for (const [pattern, scene] of FESTIVAL_SCENES) if (pattern.test(subjectText)) return scene;
  return undefined;
}
