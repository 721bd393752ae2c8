import { z } from "zod";

/**
 * What a poster sells. The rephraser detects it from the brief (or the brief
 * names it) and writes the calls to action, headlines and claims that kind of
 * advertiser uses: nobody "shops now" for a subscription.
 */
export const PRODUCT_KINDS = [
  "food",
  "fashion",
  "beauty",
  "electronics",
  "software",
  "app",
  "services",
  "restaurant",
  "event",
  "education",
  "travel",
  "finance",
  "real-estate",
  "automotive",
  "health",
  "gift",
  "b2b",
  "home",
  "general",
] as const;

export const ProductKind = z.enum(PRODUCT_KINDS, {
  error: `kind must be one of ${PRODUCT_KINDS.join(", ")}.`,
});
export type ProductKind = z.infer<typeof ProductKind>;

/** How the studio and the trace name each kind. */
export const PRODUCT_KIND_LABELS: Readonly<Record<ProductKind, { en: string; zh: string }>> = {
  food: { en: "Food & drink", zh: "食品饮料" },
  fashion: { en: "Fashion & accessories", zh: "服饰配件" },
  beauty: { en: "Beauty & personal care", zh: "美妆个护" },
  electronics: { en: "Electronics", zh: "数码电子" },
  software: { en: "Software / SaaS", zh: "软件与云服务" },
  app: { en: "Apps & games", zh: "应用与手游" },
  services: { en: "Local services", zh: "生活服务" },
  restaurant: { en: "Restaurants & venues", zh: "餐厅与门店" },
  event: { en: "Events & classes", zh: "活动与体验课" },
  education: { en: "Education & courses", zh: "教育培训" },
  travel: { en: "Travel & hotels", zh: "旅行酒店" },
  finance: { en: "Finance & insurance", zh: "金融保险" },
  "real-estate": { en: "Real estate", zh: "房产" },
  automotive: { en: "Automotive", zh: "汽车出行" },
  health: { en: "Health & fitness", zh: "健康健身" },
  gift: { en: "Festivals & gifts", zh: "节日礼品" },
  b2b: { en: "Business to business", zh: "企业服务" },
  home: { en: "Home & living", zh: "家居生活" },
  general: { en: "General", zh: "通用" },
};

/** The kind the copy was written for, and why (shown in the studio and the trace). */
export const KindChoice = z.object({
  id: ProductKind,
  /** 1 when the brief named it; otherwise how clearly the brief's words point to it. */
  confidence: z.number().min(0).max(1),
  source: z.enum(["brief", "detected"]),
  reason: z.string(),
});
export type KindChoice = z.infer<typeof KindChoice>;
