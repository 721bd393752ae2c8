import type { ProductKind } from "@hyperposter/domain";

/**
 * What each kind of advertiser writes. Placeholders: {p} the product's name as
 * the brief gives it, {o} the offer, {a} the audience. A line whose
 * placeholder is missing, which runs over the format's limit or which would
 * carry a banned claim is skipped; lines without {p} stand in when the name is
 * too long for the format. Nothing here invents a discount, a date, a price or
 * a superlative: claims stay soft (what the product is for, how it feels), and
 * finance keeps the terms line its regulators expect.
 */
export interface KindCopy {
  /** Calls to action, best first; the short ones fit banners. */
  cta: readonly string[];
  /** Headlines about what the product does for the reader. */
  benefit: readonly string[];
  /** Headlines that speak to the brief's audience ({a}). */
  audience: readonly string[];
  /** Sublines in the kind's claims style. */
  claims: readonly string[];
}

type KindTable = Readonly<Record<ProductKind, KindCopy>>;

export const EN_KIND_COPY: KindTable = {
  food: {
    cta: ["Order now", "Grab yours", "Try it today", "Shop now"],
    benefit: ["{p}, Made to Savour", "Taste {p} Today", "Made to Savour", "Taste the Moment"],
    audience: ["{p} for {a}", "A Treat for {a}"],
    claims: ["Real ingredients, full flavour", "Ready when you are"],
  },
  fashion: {
    cta: ["Shop now", "Get yours", "Find your fit", "Shop the collection"],
    benefit: ["{p}, Made to Move", "Step Into {p}", "Wear It Your Way", "Your New Favourite"],
    audience: ["{p} for {a}", "Made for {a}"],
    claims: ["Comfort you can wear all day", "New styles, ready to wear"],
  },
  beauty: {
    cta: ["Shop now", "Get the look", "Discover more", "Find your shade"],
    benefit: [
      "{p} for a Fresh Glow",
      "Your Glow, Your Way",
      "Glow, Your Way",
      "Made for Your Routine",
    ],
    audience: ["{p} for {a}", "Made for {a}"],
    claims: ["Gentle on skin, easy to love", "Your everyday routine, refreshed"],
  },
  electronics: {
    cta: ["Shop now", "Pre-order now", "Learn more", "Compare models"],
    benefit: ["Meet {p}", "{p}: Power in Your Hands", "Tech That Keeps Up", "Smart, Simple, Yours"],
    audience: ["{p} for {a}", "Built for {a}"],
    claims: ["Designed for the way you work and play", "Smart features, simple to use"],
  },
  software: {
    cta: ["Start free trial", "Try it free", "Get started", "Book a demo"],
    benefit: [
      "{p}, Made Simple",
      "Less Admin with {p}",
      "Less Admin, More Done",
      "Work Made Simple",
    ],
    audience: ["{p} for {a}", "Built for {a}"],
    claims: ["Simple to set up, easy to use", "Less busywork, more time for what matters"],
  },
  app: {
    cta: ["Download now", "Get the app", "Download free"],
    benefit: [
      "{p}, in Your Pocket",
      "All in One App: {p}",
      "Everything in One App",
      "One Tap Away",
    ],
    audience: ["{p} for {a}", "Made for {a}"],
    claims: ["Everything you need, in one app", "Simple, fast and made for your phone"],
  },
  services: {
    cta: ["Book now", "Get a quote", "Contact us", "Book a consultation"],
    benefit: ["{p}, Done Right", "{p} You Can Count On", "Leave It to Us", "We've Got You Covered"],
    audience: ["{p} for {a}", "Here for {a}"],
    claims: ["Friendly professionals, easy booking", "We take care of it, so you don't have to"],
  },
  restaurant: {
    cta: ["Book a table", "Order online", "See the menu", "Visit us"],
    benefit: ["{p}: Come Hungry", "Your Table at {p}", "Your Table Is Waiting", "Come Hungry"],
    audience: ["{p} for {a}", "A Night Out for {a}"],
    claims: ["Good food, made to share", "Fresh plates and a warm welcome"],
  },
  event: {
    cta: ["Get tickets", "Register now", "Save your spot"],
    benefit: ["Don't Miss {p}", "{p}: Be There", "See You There", "Be There"],
    audience: ["{p} for {a}", "Calling all {a}"],
    claims: ["Join us for a day to remember", "Great people, great moments"],
  },
  education: {
    cta: ["Enroll now", "Book a free class", "Start learning", "Register now"],
    benefit: ["Learn with {p}", "{p}: Start Today", "Start Learning Today", "Learn Something New"],
    audience: ["{p} for {a}", "Made for {a}"],
    claims: ["Learn at your own pace", "Progress you can see, lesson by lesson"],
  },
  travel: {
    cta: ["Book now", "Plan your trip", "Explore deals"],
    benefit: ["{p}: Your Next Escape", "Escape to {p}", "Your Next Escape", "Time to Get Away"],
    audience: ["{p} for {a}", "A Getaway for {a}"],
    claims: ["Your getaway, planned with care", "Time to see somewhere new"],
  },
  finance: {
    cta: ["Apply now", "Get started", "Learn more"],
    benefit: ["{p}, Made Simple", "Plan Ahead with {p}", "Money, Made Simple", "Plan Ahead"],
    audience: ["{p} for {a}", "Made for {a}"],
    claims: ["Terms and eligibility apply", "Clear, simple and easy to apply"],
  },
  "real-estate": {
    cta: ["Book a viewing", "Schedule a tour", "Enquire now", "Register interest"],
    benefit: ["{p}: Find Your Place", "Make {p} Yours", "Find Your Place", "Room to Live"],
    audience: ["{p} for {a}", "Room to Grow for {a}"],
    claims: ["Viewings by appointment", "Spaces designed for the way you live"],
  },
  automotive: {
    cta: ["Book a test drive", "Test drive", "Find a dealer", "Explore models"],
    benefit: ["{p}: Enjoy the Drive", "Drive {p} Today", "Enjoy the Drive", "Made for the Road"],
    audience: ["{p} for {a}", "Built for {a}"],
    claims: ["Comfort and efficiency for every journey", "Visit your nearest dealer"],
  },
  health: {
    cta: ["Book now", "Start today", "Book a session", "Learn more"],
    benefit: [
      "Feel Good with {p}",
      "{p}, One Step at a Time",
      "Feel Good, Every Day",
      "Start Today",
    ],
    audience: ["{p} for {a}", "Made for {a}"],
    claims: ["Care that fits your day", "Feel stronger, one step at a time"],
  },
  gift: {
    cta: ["Shop gifts", "Order now", "Send a gift", "Reserve yours"],
    benefit: ["{p}, Ready to Give", "Give {p}", "A Gift to Remember", "Ready to Give"],
    audience: ["{p} for {a}", "A Gift for {a}"],
    claims: ["Beautifully wrapped, ready to give", "Thoughtful gifts for every occasion"],
  },
  b2b: {
    cta: ["Request a demo", "Contact sales", "Get a quote", "Book a call"],
    benefit: ["{p} for Your Business", "{p}, Built to Scale", "Built for Business", "Work Smarter"],
    audience: ["{p} for {a}", "Built for {a}"],
    claims: ["Solutions that grow with your business", "Talk to our team today"],
  },
  home: {
    cta: ["Shop now", "Discover more", "Order now", "Shop the collection"],
    benefit: ["{p}, Made for Home", "Bring Home {p}", "Made for Home", "Home, Made Cozy"],
    audience: ["{p} for {a}", "Made for {a}"],
    claims: ["Comfort for every room", "Designed for everyday living"],
  },
  general: {
    cta: ["Learn more", "Discover more", "Find out more"],
    benefit: ["Meet {p}", "Discover {p}", "Take a Closer Look", "Made for You"],
    audience: ["{p} for {a}", "Made for {a}"],
    claims: ["Made with care, ready for you", "Come and see what's new"],
  },
};

export const ZH_KIND_COPY: KindTable = {
  food: {
    cta: ["立即购买", "马上下单", "立即尝鲜", "即刻品尝"],
    benefit: ["{p}，好味道", "{p}，一口就爱上", "美味，刚刚好"],
    audience: ["{a}的{p}", "给{a}的美味"],
    claims: ["新鲜好味，随时享用", "用心选材，口口好味"],
  },
  fashion: {
    cta: ["立即选购", "马上入手", "选购新品", "立即购买"],
    benefit: ["{p}，穿出态度", "{p}，上新啦", "穿出你的风格"],
    audience: ["{a}的{p}", "为{a}而来"],
    claims: ["舒适有型，天天好穿", "新款上架，等你来挑"],
  },
  beauty: {
    cta: ["立即选购", "立即试用", "马上入手", "立即购买"],
    benefit: ["{p}，焕亮好气色", "{p}，美得自在", "自在美，由你定义"],
    audience: ["{a}的{p}", "为{a}而选"],
    claims: ["温和亲肤，轻松上手", "每天都有好气色"],
  },
  electronics: {
    cta: ["立即购买", "立即预订", "了解更多", "马上入手"],
    benefit: ["{p}，智享生活", "{p}，新品登场", "科技，触手可及"],
    audience: ["{a}的{p}", "为{a}而造"],
    claims: ["智能好用，轻松上手", "为工作和娱乐而设计"],
  },
  software: {
    cta: ["免费试用", "立即注册", "预约演示", "立即开通"],
    benefit: ["{p}，工作更轻松", "{p}，省心高效", "让工作更轻松"],
    audience: ["{a}的{p}", "专为{a}打造"],
    claims: ["上手简单，省时省心", "把时间留给重要的事"],
  },
  app: {
    cta: ["立即下载", "免费下载", "下载体验"],
    benefit: ["{p}，一手掌握", "下载{p}", "生活，一键搞定"],
    audience: ["{a}的{p}", "专为{a}设计"],
    claims: ["一个App，轻松搞定", "简单好用，随时随地"],
  },
  services: {
    cta: ["立即预约", "免费咨询", "获取报价", "在线预约"],
    benefit: ["{p}，省心省力", "{p}，用心服务", "专业的事交给我们"],
    audience: ["为{a}服务", "{a}的贴心帮手"],
    claims: ["专业团队，预约方便", "省时省心，服务贴心"],
  },
  restaurant: {
    cta: ["立即订座", "到店品尝", "查看菜单", "外卖下单"],
    benefit: ["{p}，等你来", "{p}，好味相聚", "约上好友，来吃饭吧"],
    audience: ["{a}的聚会好去处", "{a}，一起来吃"],
    claims: ["好菜好味，欢迎光临", "约上三五好友，一起来"],
  },
  event: {
    cta: ["立即报名", "立即购票", "预约席位"],
    benefit: ["{p}，不见不散", "{p}，等你来", "精彩不容错过"],
    audience: ["{a}，不见不散", "{a}快来报名"],
    claims: ["精彩内容，现场见", "欢迎报名参加"],
  },
  education: {
    cta: ["立即报名", "免费试听", "预约试课"],
    benefit: ["{p}，开课啦", "{p}，轻松学", "学习，从现在开始"],
    audience: ["{a}的{p}", "专为{a}开设"],
    claims: ["循序渐进，学有所成", "按自己的节奏学习"],
  },
  travel: {
    cta: ["立即预订", "查看行程", "预订行程"],
    benefit: ["{p}，说走就走", "{p}，出发吧", "下一站，出发"],
    audience: ["{a}的理想假期", "为{a}准备的旅程"],
    claims: ["精心安排，轻松出行", "去看看不一样的风景"],
  },
  finance: {
    cta: ["立即申请", "了解详情", "立即咨询"],
    benefit: ["{p}，轻松规划", "{p}，安心之选", "理财，更从容"],
    audience: ["{a}的{p}", "为{a}而设"],
    claims: ["具体以合同条款为准", "申请简单，条款清晰"],
  },
  "real-estate": {
    cta: ["预约看房", "立即咨询", "预约参观"],
    benefit: ["{p}，理想安家", "{p}，开放预约", "安家，从这里开始"],
    audience: ["{a}的理想之家", "为{a}而建"],
    claims: ["欢迎预约参观", "理想生活，从这里开始"],
  },
  automotive: {
    cta: ["预约试驾", "了解车型", "到店体验"],
    benefit: ["{p}，畅享驾驶", "{p}，即刻试驾", "驾驭每一程"],
    audience: ["{a}的{p}", "为{a}而造"],
    claims: ["舒适驾乘，每一程都安心", "欢迎到店试驾"],
  },
  health: {
    cta: ["立即预约", "预约体验", "立即咨询"],
    benefit: ["{p}，健康每一天", "{p}，遇见更好的自己", "健康，从今天开始"],
    audience: ["{a}的{p}", "为{a}定制"],
    claims: ["健康生活，从今天开始", "专业服务，贴心关怀"],
  },
  gift: {
    cta: ["立即选购", "预订礼盒", "立即订购"],
    benefit: ["{p}，心意之礼", "一份{p}，一份心意", "好礼送给重要的人"],
    audience: ["送给{a}的好礼", "{a}的送礼之选"],
    claims: ["精美包装，送礼体面", "把心意送给重要的人"],
  },
  b2b: {
    cta: ["预约演示", "获取方案", "联系销售"],
    benefit: ["{p}，助力企业增长", "{p}，高效可靠", "为企业提效"],
    audience: ["{a}的{p}", "为{a}提供方案"],
    claims: ["专业方案，助力业务增长", "欢迎联系我们的团队"],
  },
  home: {
    cta: ["立即选购", "立即购买", "到店体验"],
    benefit: ["{p}，温暖你的家", "{p}，生活更美好", "家的舒适感"],
    audience: ["{a}的{p}", "为{a}而设计"],
    claims: ["舒适好用，温暖每个角落", "为日常生活而设计"],
  },
  general: {
    cta: ["了解更多", "立即咨询", "立即体验"],
    benefit: ["{p}，等你发现", "遇见{p}", "好物登场"],
    audience: ["{a}的{p}", "为{a}而来"],
    claims: ["用心之作，欢迎品鉴", "更多惊喜，等你发现"],
  },
};

/** Health products sold in shops (vitamins) take shop calls to action, not bookings. */
export const RETAIL_HEALTH_CTA: Readonly<Record<"en" | "zh", readonly string[]>> = {
  en: ["Shop now", "Buy now", "Learn more"],
  zh: ["立即购买", "了解更多", "立即咨询"],
};

/** Headlines that lead with the brief's offer, for every kind. */
export const OFFER_HEADLINES: Readonly<Record<"en" | "zh", readonly string[]>> = {
  en: ["{p}: {o}", "{o}: {p}", "{o}"],
  zh: ["{p}，{o}", "{o}"],
};

export function kindCopy(kind: ProductKind, lang: "en" | "zh"): KindCopy {
  return (lang === "zh" ? ZH_KIND_COPY : EN_KIND_COPY)[kind];
}
