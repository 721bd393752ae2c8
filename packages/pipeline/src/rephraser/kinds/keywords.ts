import type { ProductKind } from "@hyperposter/domain";

/**
 * Words that say what kind of thing a brief advertises, per language. English
 * words match whole (a trailing s/es is allowed); Chinese ones as substrings.
 * Where two matches overlap, the longer wins ("coffee shop" is a venue,
 * "coffee" a drink; 瑜伽馆 is fitness, not the venue suffix 馆). A `*n` suffix
 * weighs a word n times: modifiers that decide the kind even when they are
 * not the head noun ("industrial", "wholesale", 批发).
 */
export const KIND_WORDS: Readonly<
  Record<Exclude<ProductKind, "general">, { en: string; zh: string }>
> = {
  food: {
    en: "coffee, coffee beans, chocolate bar, candy bar, protein bar, cereal bar, espresso, latte, tea, matcha, juice, drink, beverage, soda, cola, lemonade, smoothie, milkshake, milk, oat milk, beer, ipa, lager, ale, wine, cider, sake, whisky, whiskey, gin, spirits, water, kombucha, yogurt, yoghurt, chocolate, candy, sweets, snack, chips, crisps, cookie, biscuit, cake, bread, sourdough, pastry, pastries, croissant, donut, bagel, ice cream, gelato, honey, jam, cheese, sauce, noodles, instant ramen, pasta, rice, cereal, granola, nuts, fruit, vegetables, meat, seafood, mooncake, dumplings, zongzi, olive oil, spices, seasoning, energy drink, frozen, grocery, groceries, organic, flavour, flavor",
    zh: "咖啡, 咖啡豆, 冷萃, 拿铁, 茶饮, 奶茶, 水果茶, 果茶, 燕麦奶, 牛奶, 酸奶, 果汁, 橙汁, 饮料, 饮品, 汽水, 气泡水, 啤酒, 精酿, 红酒, 葡萄酒, 白酒, 黄酒, 巧克力, 糖果, 零食, 饼干, 蛋糕, 面包, 月饼, 粽子, 汤圆, 坚果, 水果, 螺蛳粉, 方便面, 泡面, 小龙虾, 牛肉干, 辣条, 蜂蜜, 茶叶, 大米, 食用油, 调味, 冰淇淋, 雪糕, 矿泉水, 速冻, 水饺, 鲜榨, 低糖, 口味",
  },
  fashion: {
    en: "sneaker, shoe, running shoes, boots, rain boots, heels, sandals, slippers, dress, skirt, jacket, coat, hoodie, sweater, jumper, cardigan, shirt, t-shirt, tee, jeans, denim, trousers, pants, shorts, suit, blazer, scarf, hat, cap, gloves, socks, leggings, activewear, sportswear, swimwear, bikini, lingerie, underwear, bag, handbag, backpack, wallet, belt, sunglasses, jewelry, jewellery, necklace, earrings, ring, bracelet, watch, qipao, hanfu, clothing, clothes, apparel, fashion, streetwear, outfit, raincoat, knitwear",
    zh: "鞋, 运动鞋, 皮鞋, 靴, 雨靴, 高跟鞋, 拖鞋, 凉鞋, 连衣裙, 裙, 外套, 羽绒服, 大衣, 卫衣, 毛衣, T恤, 衬衫, 牛仔, 裤, 西装, 围巾, 帽, 手套, 袜, 包包, 背包, 双肩包, 手提包, 钱包, 项链, 耳环, 戒指, 手链, 首饰, 珠宝, 汉服, 旗袍, 服装, 女装, 男装, 童装, 潮牌, 穿搭, 手表",
  },
  beauty: {
    en: "lipstick, lip gloss, perfume, parfum, eau de parfum, fragrance, serum, face cream, moisturizer, moisturiser, skincare, skin care, cosmetics, makeup, make-up, foundation, concealer, mascara, eyeshadow, eyeliner, blush, nail polish, shampoo, conditioner, hair oil, beard oil, body lotion, lotion, face mask, sheet mask, sheet face masks, cleanser, toner, sunscreen, spf, soap, shower gel, deodorant, razor, beauty",
    zh: "口红, 唇釉, 唇膏, 香水, 精华, 精华液, 面霜, 乳液, 护肤, 化妆品, 彩妆, 粉底, 眼影, 眼影盘, 睫毛膏, 防晒, 防晒霜, 面膜, 洗面奶, 洁面, 爽肤水, 洗发水, 护发, 沐浴露, 身体乳, 指甲油, 香皂, 美白, 补水",
  },
  electronics: {
    en: "smartphone, phone, laptop, notebook computer, computer, pc, headphones, earbuds, earphones, camera, action camera, speaker, smartwatch, tablet, keyboard, mouse, console, drone, charger, power bank, monitor, tv, television, projector, router, smart speaker, robot vacuum, vacuum cleaner, e-reader, vr headset, gadget, graphics card, electronics, wireless",
    zh: "手机, 折叠屏, 电脑, 笔记本电脑, 平板, 平板电脑, 耳机, 蓝牙耳机, 音箱, 智能音箱, 相机, 无人机, 智能手表, 运动手表, 充电宝, 充电器, 显示器, 键盘, 鼠标, 游戏机, 电视, 投影仪, 路由器, 扫地机器人, 数码",
  },
  software: {
    en: "software, saas, platform, tool, cloud, crm, website builder, password manager, antivirus, vpn, accounting, invoicing, payroll, email marketing, analytics, dashboard, plugin, api, writing assistant, ai assistant, backup, cloud storage, hosting, online tool, editing software, design tool, spreadsheet, workspace, collaboration, subscription, free trial*0.5, months free*0.5, days free*0.5",
    zh: "软件, SaaS, 系统, 云盘, 网盘, 云存储, 存储, 建站, 工具, 平台, 企业邮箱, 邮箱, 杀毒, 办公软件, 协同办公, 记账软件, CRM, 插件, 写作助手, 助手, 剪辑软件, 订阅, 试用*0.5, 免费试用*0.5",
  },
  app: {
    en: "app, apps, mobile app, mobile game, game, ios, android, free to play",
    zh: "App, APP, app, 应用, 小程序, 手游, 手机游戏, 游戏",
  },
  services: {
    en: "service, services, cleaning, plumbing, plumber, repair, repairs, electrician, photography, photographer, dog walking, pet sitting, pet grooming, grooming, moving company, movers, removals, laundry, dry cleaning, salon, hair salon, barber, consultation, tailoring, car wash, handyman, landscaping, gardening, legal advice, lawyer, wedding planner, babysitting, housekeeping, pickup and delivery, delivery service, free quote*0.5",
    zh: "服务, 保洁, 家政, 维修, 搬家, 摄影, 寄养, 宠物, 洗车, 美发, 理发, 沙龙, 装修, 上门, 代驾, 跑腿, 洗衣, 月嫂, 保姆, 律师, 翻译, 美甲, 估价*0.5, 量房*0.5",
  },
  restaurant: {
    en: "restaurant, bar, pub, café, cafe, coffee shop, coffee house, bistro, diner, eatery, brunch, pizzeria, pizza restaurant, steakhouse, teahouse, tea house, ramen bar, noodle bar, sushi bar, omakase, buffet, bbq restaurant, barbecue restaurant, hot pot, food truck, canteen, rooftop bar, cocktail bar, wine bar, dim sum, tapas, tasting menu, set menu, dining, happy hour*0.5, eat free*0.5",
    zh: "餐厅, 餐馆, 饭店, 酒楼, 茶楼, 早茶, 火锅, 烧烤, 烤肉, 烤肉店, 拉面馆, 面馆, 菜馆, 馆*0.6, 店*0.4, 日料, 日料店, 西餐, 西餐厅, 咖啡馆, 咖啡店, 酒吧, 小酒馆, 自助餐, 私房菜, 堂食, 聚餐, 订座, 包间, 双人套餐, 四人套餐, 夜宵*0.5",
  },
  event: {
    en: "festival, music festival, concert, gig, conference, summit, expo, fair, art fair, workshop, masterclass, meetup, webinar, seminar, 10k run, run, marathon, race, show, comedy show, stand-up, night, party, gala, tasting, wine tasting, exhibition, screening, premiere, launch event, book launch, signing, tickets, early-bird, hackathon, open day, event",
    zh: "音乐节, 演唱会, 音乐会, 大会, 峰会, 论坛, 展会, 博览会, 展览, 讲座, 分享会, 读书会, 马拉松, 比赛, 脱口秀, 专场, 演出, 话剧, 游园会, 庙会, 市集, 派对, 品酒会, 发布会, 体验课, 烘焙课, 工作坊, 活动, 门票, 早鸟票",
  },
  education: {
    en: "course, class, lesson, lessons, tutoring, tuition, school, academy, bootcamp, programme, program, mba, degree, university, college, training, exam preparation, test prep, ielts, toefl, certification, learning, language course, coding, tutor, e-learning, online course, kindergarten, preschool, summer school, art school, first lesson free*0.5",
    zh: "课, 课程, 培训, 辅导, 辅导班, 班, 学校, 学院, 教育, 考研, 雅思, 托福, 留学, 网课, MBA, 编程课, 钢琴课, 入门课, 夏令营, 早教, 家教, 学习, 考试, 暑期班, 试听*0.5, 首课免费*0.5",
  },
  travel: {
    en: "hotel, resort, beach resort, trip, travel, tour, guided tour, holiday, vacation, getaway, city break, cruise, flight, flights, flight deals, ski trip, glamping, camping, hostel, bed and breakfast, itinerary, safari, backpacking, excursion, day trip, staycation, nights*0.5",
    zh: "酒店, 民宿, 度假, 度假村, 旅游, 旅行, 之旅, 日游, 一日游, 自由行, 跟团, 机票, 航班, 游轮, 邮轮, 景区, 签证, 滑雪, 露营, 海岛, 出境游, 赏樱, 连住*0.5",
  },
  finance: {
    en: "bank, banking, credit card, debit card, loan, mortgage, home loan, insurance, car insurance, travel insurance, savings account, savings, trading account, investment, investing, fund, pension, retirement plan, retirement investment, stocks, stock trading, brokerage, crypto, wealth management, financial, tax, cashback, interest",
    zh: "银行, 信用卡, 贷款, 房贷, 车贷, 保险, 车险, 养老保险, 旅游保险, 理财, 基金, 股票, 开户, 投资, 存款, 储蓄, 证券, 期货, 借款, 分期, 佣金",
  },
  "real-estate": {
    en: "apartment, apartments, flat, flats, condo, villa, house, townhouse, property, properties, real estate, office space, co-living, coworking, studio flats, penthouse, residence, residential, open house, for rent, for sale, for lease, land, retirement community, serviced apartments, loft, homes",
    zh: "新房, 房, 楼盘, 公寓, 别墅, 住宅, 写字楼, 商铺, 招租, 出租, 出售, 二手房, 样板间, 售楼处, 地产, 房产, 养老社区, 小区, 洋房",
  },
  automotive: {
    en: "car, cars, suv, sedan, hatchback, coupe, sports car, truck, pickup, pickup truck, van, minivan, ev, electric vehicle, electric car, hybrid, motorcycle, motorbike, scooter, e-scooter, kick scooter, e-bike, test drive, dealership, used cars, tyres, tires, vehicle, campervan",
    zh: "汽车, 车, SUV, 轿车, 跑车, 越野车, 新能源, 电动汽车, 电动车, 电动自行车, 摩托车, 房车, 二手车, 试驾, 4S店, 车型, 皮卡, MPV",
  },
  health: {
    en: "gym, fitness, membership, yoga, yoga studio, yoga class, pilates, pilates class, fitness class, spin class, workout, personal training, dental, dentist, teeth, orthodontics, clinic, physiotherapy, physio, therapy, counselling, mental health, supplement, supplements, vitamin, vitamins, protein powder, check-up, health check, eye exam, eye exams, optician, pharmacy, massage, acupuncture, wellness, hospital, nutrition, weight loss",
    zh: "健身, 健身房, 年卡, 瑜伽, 瑜伽馆, 普拉提, 私教, 私教课, 减脂, 牙, 牙齿, 矫正, 口腔, 体检, 医院, 诊所, 中医, 推拿, 按摩, 理疗, 心理咨询, 心理, 维生素, 保健品, 蛋白粉, 营养, 康复, 眼科, 减肥, 养生",
  },
  gift: {
    en: "gift, gifts, gift box, gift set, gift card, gift cards, hamper, hampers, bouquet, flowers, present, personalised, personalized, photo book, souvenir, greeting card, advent calendar, christmas*0.5, valentine's*0.5, mother's day*0.5, father's day*0.5, mid-autumn*0.5",
    zh: "礼盒, 礼品, 礼物, 礼包, 年货, 送礼, 伴手礼, 鲜花, 花束, 贺卡, 中秋*0.5, 端午*0.5, 春节*0.5, 新春*0.5, 情人节*0.5, 母亲节*0.5, 父亲节*0.5, 教师节*0.5, 圣诞*0.5",
  },
  b2b: {
    en: "b2b, wholesale*2, bulk*0.5, industrial*2, manufacturers, manufacturing, enterprise*2, commercial*2, for offices*2, office supplies, smes*2, sme, for businesses*2, it support, managed services, cybersecurity, security audit, audits, logistics, warehouse management, fleet tracking, fleet management, supply chain, procurement, booth design, trade show, exhibition stand, packaging supplies, machinery, outsourcing, recruitment, staffing, corporate",
    zh: "企业, 工业*2, 批发*2, 采购, 制造, 仓储, 物流, 管理系统, 车队管理, 运维, IT, 网络安全, 展台, 搭建, 租赁, 商用*2, 供应链, 解决方案, 检测, 外包",
  },
  home: {
    en: "furniture, sofa, couch, chair, table, dining table, lamp, candle, candles, vase, vases, bedding, duvet, pillow, mattress, rug, carpet, curtains, blanket, towel, towels, cookware, frying pan, kitchenware, tableware, dinnerware, mug, teapot, kettle, air fryer, fryer, blender, rice cooker, appliance, diffuser, plants, indoor plants, houseplants, home decor, decor, storage, shelves, ceramics, homeware",
    zh: "家具, 沙发, 椅, 餐桌, 桌, 床垫, 床品, 四件套, 枕头, 被子, 地毯, 窗帘, 台灯, 香薰, 蜡烛, 花瓶, 陶瓷, 锅, 不粘锅, 厨具, 餐具, 水杯, 空气炸锅, 电饭煲, 家电, 绿植, 收纳, 家居, 家纺",
  },
};

/** Health words for products sold in shops (vitamins), not booked (a clinic). */
export const RETAIL_HEALTH_WORDS: ReadonlySet<string> = new Set([
  "supplement",
  "supplements",
  "vitamin",
  "vitamins",
  "protein powder",
  "维生素",
  "保健品",
  "蛋白粉",
]);
