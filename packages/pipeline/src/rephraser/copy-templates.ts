/**
 * Copy templates per language and tone. Placeholders: {p} product name, {o}
 * offer, {a} audience. A template whose placeholder is missing, which runs
 * over the format's limit, or which would carry a banned claim is skipped.
 * None of them makes a claim the brief did not (no invented discounts or dates).
 */
export type ToneFamily = "warm" | "bold" | "elegant" | "fresh" | "calm";

export interface Templates {
  headline: readonly string[];
  subline: readonly string[];
  cta: readonly string[];
}

export const TONE_KEYWORDS: Readonly<Record<ToneFamily, readonly string[]>> = {
  warm: [
    "warm",
    "friendly",
    "cozy",
    "caring",
    "welcoming",
    "homey",
    "温暖",
    "亲切",
    "友好",
    "温馨",
    "贴心",
    "暖心",
  ],
  bold: [
    "bold",
    "energetic",
    "confident",
    "dynamic",
    "sporty",
    "powerful",
    "daring",
    "大胆",
    "活力",
    "动感",
    "热血",
    "自信",
    "燃",
  ],
  elegant: [
    "elegant",
    "premium",
    "luxury",
    "luxurious",
    "refined",
    "classic",
    "sophisticated",
    "典雅",
    "优雅",
    "高端",
    "精致",
    "雅致",
    "奢华",
    "高雅",
  ],
  fresh: [
    "playful",
    "fresh",
    "fun",
    "cheerful",
    "young",
    "youthful",
    "lively",
    "活泼",
    "清新",
    "可爱",
    "俏皮",
    "有趣",
    "元气",
  ],
  calm: [
    "calm",
    "minimal",
    "simple",
    "quiet",
    "understated",
    "简约",
    "安静",
    "克制",
    "低调",
    "简单",
  ],
};

export const EN_TEMPLATES: Readonly<Record<ToneFamily, Templates>> = {
  warm: {
    headline: ["Say Hello to {p}", "{p}, Made to Share", "Your Moment for {p}", "Meet {p}"],
    subline: [
      "{o}",
      "Made for {a}",
      "Made with care, ready for you",
      "Share it with the people you love",
    ],
    cta: ["Order now", "Grab yours", "Try it today"],
  },
  bold: {
    headline: ["{p}. Go Further.", "Own the Moment: {p}", "Ready for {p}?", "Step Up to {p}"],
    subline: ["{o}", "Built for {a}", "Made to keep up with you", "Bring the energy"],
    cta: ["Shop now", "Get yours", "Gear up"],
  },
  elegant: {
    headline: ["The Art of {p}", "{p}, Crafted with Care", "A Moment of {p}", "Discover {p}"],
    subline: [
      "{o}",
      "Crafted for {a}",
      "Quiet craft, lasting taste",
      "Thoughtfully made, beautifully given",
    ],
    cta: ["Discover more", "Reserve yours", "Shop the collection"],
  },
  fresh: {
    headline: ["Hello, {p}!", "Fresh Vibes: {p}", "{p} Time!", "Meet {p}"],
    subline: [
      "{o}",
      "Made for {a}",
      "A little brightness for your day",
      "Fresh, fun and ready for you",
    ],
    cta: ["Try it now", "Grab one", "Say hello"],
  },
  calm: {
    headline: ["{p}", "Simply {p}", "Discover {p}", "Meet {p}"],
    subline: ["{o}", "Made for {a}", "Made with care", "Designed for every day"],
    cta: ["Learn more", "Shop now", "Discover"],
  },
};

export const ZH_TEMPLATES: Readonly<Record<ToneFamily, Templates>> = {
  warm: {
    headline: ["{p}，温暖上新", "一份{p}，一份心意", "与{p}共享好时光", "遇见{p}"],
    subline: ["{o}", "献给{a}的暖心之礼", "用心准备，与你分享", "把温暖带回家"],
    cta: ["立即购买", "马上下单", "即刻品尝"],
  },
  bold: {
    headline: ["{p}，燃动登场", "{p}，敢不一样", "就要{p}", "{p}，即刻出发"],
    subline: ["{o}", "为{a}而来", "活力全开，随时出发", "敢想敢做，就现在"],
    cta: ["立即抢购", "马上入手", "立即购买"],
  },
  elegant: {
    headline: ["{p}，匠心之作", "雅致{p}，礼遇时光", "{p}，品味之礼", "{p}，心意之选"],
    subline: ["{o}", "为{a}精心准备", "匠心工艺，雅致之选", "以礼相待，情意绵长"],
    cta: ["立即选购", "即刻品鉴", "了解更多"],
  },
  fresh: {
    headline: ["{p}，鲜活登场", "{p}，元气满满", "遇见{p}，心情变好", "来点{p}吧"],
    subline: ["{o}", "{a}的快乐新选择", "清新登场，元气满满", "今天也要开心呀"],
    cta: ["立即尝鲜", "马上下单", "快来试试"],
  },
  calm: {
    headline: ["{p}", "发现{p}", "{p}，简单美好", "遇见{p}"],
    subline: ["{o}", "为{a}而作", "简单，刚刚好", "用心之作，欢迎品鉴"],
    cta: ["了解更多", "立即购买", "即刻体验"],
  },
};

/** Placeholder-free lines, used when the brief's own words cannot be quoted. */
export const FALLBACK_TEMPLATES: Readonly<Record<"en" | "zh", Templates>> = {
  en: {
    headline: ["Something Good Is Here", "Made for You", "Made with Care", "Take a Closer Look"],
    subline: ["Made with care, ready for you", "Designed for every day", "Come and see what's new"],
    cta: ["Learn more", "Shop now", "Discover"],
  },
  zh: {
    headline: ["好物登场", "用心之作", "为你而来", "一起来看看"],
    subline: ["用心之作，欢迎品鉴", "简单，刚刚好", "更多惊喜，等你发现"],
    cta: ["了解更多", "立即购买", "即刻体验"],
  },
};
