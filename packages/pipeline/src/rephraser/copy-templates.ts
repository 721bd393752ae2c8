import type { ProductKind } from "@hyperposter/domain";

/**
 * Tone families a preset's tone words map to (English and Chinese). The kind's
 * tables (kinds/copy-sets.ts) say what the copy is about; the tone picks how
 * it sounds: its benefit headlines that name the product (TONE_HEADLINES)
 * come before the kind's, and the kind's calls to action are ordered by TONE_CTA_ORDER — never
 * replaced, so a call to action always stays in the kind's set.
 */
export type ToneFamily = "warm" | "bold" | "elegant" | "fresh" | "calm";

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

/**
 * Benefit headlines per tone family: {p} the product's full name. Soft claims
 * only (the ad-law lint still runs on every line). Lines without {p} stand in
 * where the name is too long for the format.
 */
export const TONE_HEADLINES: Readonly<
  Record<"en" | "zh", Readonly<Record<ToneFamily, readonly string[]>>>
> = {
  en: {
    fresh: ["Hello, {p}!", "{p}, Just for Fun", "Fun Starts Here"],
    bold: ["Go Big with {p}", "{p}: Bring It On", "Bring It On"],
    elegant: ["{p}, Refined", "The Art of {p}", "Quietly Exceptional"],
    warm: ["{p}, Made with Care", "A Little Warmth: {p}", "Made with Care"],
    calm: ["Simply {p}", "{p}, Simply Done", "Less, but Better"],
  },
  zh: {
    fresh: ["{p}，元气满满", "嗨，{p}来啦", "快乐加倍"],
    bold: ["{p}，燃动全场", "{p}，敢不一样", "就要不一样"],
    elegant: ["{p}，臻享雅致", "{p}，品味之选", "雅致之选"],
    warm: ["{p}，暖心相伴", "{p}，用心为你", "用心为你"],
    calm: ["{p}，刚刚好", "{p}，简单就好", "简单就好"],
  },
};

/**
 * Kinds where a tone family's lines would sound wrong: nobody wants a playful
 * mortgage, "The Art of" a savings account or a B2B contract "made with care".
 * Those kinds keep their own lines.
 */
export const TONE_SKIPS_KIND: Readonly<Record<ToneFamily, readonly ProductKind[]>> = {
  fresh: ["finance", "b2b", "real-estate", "health"],
  bold: ["finance", "b2b", "health"],
  elegant: ["finance", "b2b", "software", "app", "services", "education"],
  warm: ["finance", "b2b", "software"],
  calm: [],
};

/**
 * Calls to action each tone prefers, in order, in either language; the kind's
 * set is sorted by the first preference it holds (unknown ones keep their
 * place after them). Playful invites ("Grab yours"), premium discovers,
 * warm welcomes, bold acts, calm informs.
 */
export const TONE_CTA_ORDER: Readonly<Record<ToneFamily, readonly string[]>> = {
  fresh: [
    "Grab yours",
    "Try it today",
    "Try it free",
    "Get the app",
    "Download free",
    "Save your spot",
    "立即尝鲜",
    "马上下单",
    "马上入手",
    "免费试听",
    "立即报名",
  ],
  bold: [
    "Shop now",
    "Get yours",
    "Start free trial",
    "Get started",
    "Get tickets",
    "Book a test drive",
    "Order now",
    "立即抢购",
    "马上下单",
    "立即购买",
    "立即报名",
    "预约试驾",
  ],
  elegant: [
    "Discover more",
    "Explore the collection",
    "Shop the collection",
    "Book a viewing",
    "Book your stay",
    "了解更多",
    "预约参观",
    "预约看房",
    "预订礼盒",
    "立即预订",
  ],
  warm: [
    "Try it today",
    "Book a table",
    "Visit us",
    "Contact us",
    "Book now",
    "到店品尝",
    "立即订座",
    "预约体验",
    "立即预约",
    "到店体验",
  ],
  calm: [
    "Learn more",
    "Find out more",
    "Discover more",
    "See plans",
    "了解详情",
    "了解更多",
    "查看详情",
  ],
};
