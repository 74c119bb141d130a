"""The demo county's names and facts, as plain data.

Shaped after seed/hengdong-five-every-2023.zh.txt: 26 responsible units, 20 approval departments, a
715.42-hectare development zone, the "1+8+N" structure, the seven chains 一金一药两材三特 and about sixty
key projects (22 provincial and municipal). Every name is fictional. `{county}` is the home county's
name (settings.HOME_COUNTY_NAME) and `{short}` the same without its trailing 县/区.
"""

import datetime

# One password for every demo account; it passes Django's validators (length, not common, not numeric).
DEMO_PASSWORD = "Wumei@2026demo"  # noqa: S105
ADDRESS = "http://127.0.0.1:8000/"

PROVINCE_NAME = "示范省"
CITY_NAME = "示范市"

TOWNS = ["城关街道", "东湖街道", "青山镇", "白沙镇", "柳塘镇", "金桥镇", "石门镇", "枫林镇", "龙泉镇", "花溪乡"]

HQ_NAME = "{county}重点项目建设协调总指挥部"
HQ_OFFICE_NAME = "{county}重点项目建设协调总指挥部办公室"
# The joint supervision group (联合督查组) where the discipline inspectors sit (seed §五).
SUPERVISION_GROUP_NAME = "{county}重点项目联合督查组"
PARK_NAME = "{short}经济开发区"
PARK_AREA_HECTARES = "715.42"

# (name, head's title): exactly 26 (seed §一).
RESPONSIBLE_UNITS = [
    ("县工业和信息化局", "局长"),
    ("县交通运输局", "局长"),
    ("县城市建设投资开发有限公司", "董事长"),
    ("县文化旅游广电体育局", "局长"),
    ("县农业农村局", "局长"),
    ("县水利局", "局长"),
    ("{short}经开区管委会", "主任"),
    ("县商务局", "局长"),
    ("县卫生健康局", "局长"),
    ("县教育局", "局长"),
    ("县科学技术局", "局长"),
    ("县城市管理和综合执法局", "局长"),
    ("县民政局", "局长"),
    ("县公路建设养护中心", "主任"),
    ("县产业发展投资集团有限公司", "董事长"),
    ("县投资促进事务中心", "主任"),
    ("县供销合作社联合社", "主任"),
    ("县医疗保障局", "局长"),
    ("县住房保障服务中心", "主任"),
    ("县机关事务服务中心", "主任"),
    ("城关街道办事处", "主任"),
    ("东湖街道办事处", "主任"),
    ("青山镇人民政府", "镇长"),
    ("白沙镇人民政府", "镇长"),
    ("柳塘镇人民政府", "镇长"),
    ("金桥镇人民政府", "镇长"),
]
# Town governments sit under their town (Unit.parent).
TOWN_GOVERNMENTS = {
    "城关街道办事处": "城关街道",
    "东湖街道办事处": "东湖街道",
    "青山镇人民政府": "青山镇",
    "白沙镇人民政府": "白沙镇",
    "柳塘镇人民政府": "柳塘镇",
    "金桥镇人民政府": "金桥镇",
}

# (name, head's title): exactly 20 administrative approval and service departments (seed §一).
APPROVAL_UNITS = [
    ("县发展和改革局", "局长"),
    ("县住房和城乡建设局", "局长"),
    ("县自然资源局", "局长"),
    ("市生态环境局{short}分局", "局长"),
    ("县行政审批服务局", "局长"),
    ("县应急管理局", "局长"),
    ("县市场监督管理局", "局长"),
    ("县林业局", "局长"),
    ("县人力资源和社会保障局", "局长"),
    ("国家税务总局{county}税务局", "局长"),
    ("国网{county}供电公司", "总经理"),
    ("县财政局", "局长"),
    ("县公安局", "局长"),
    ("县消防救援大队", "大队长"),
    ("县人民防空办公室", "主任"),
    ("县气象局", "局长"),
    ("县统计局", "局长"),
    ("县审计局", "局长"),
    ("县文物事务中心", "主任"),
    ("县不动产登记中心", "主任"),
]
BUTLER_UNIT = "县行政审批服务局"  # 代办帮办: butlers come from the approval service bureau
POLICE_UNIT = "县公安局"
# Liaisons' titles, by rotation.
LIAISON_TITLES = ["办公室主任、项目联络员", "项目股股长、项目联络员", "综合股干部、项目联络员"]

COUNTY_HEAD_TITLE = "县委副书记、县长、总指挥长"
EXECUTIVE_VICE_TITLE = "县委常委、常务副县长、常务副总指挥长"
# The ten county-level leaders (县级领导): lead leaders of projects, chain leaders and deputies.
LEADER_TITLES = [
    "县委副书记",
    "县委常委、经开区党工委书记",
    "县委常委、组织部部长",
    "县委常委、宣传部部长",
    "县人大常委会副主任",
    "副县长（分管农业农村）",
    "县政协副主席",
    "副县长（分管工业和信息化）",
    "副县长（分管交通和住建）",
    "副县长（分管教育和卫健）",
]
LEAD_LEADER_ACCOUNT = 7  # index in LEADER_TITLES of the `lead_leader` account
CHAIN_LEADER_ACCOUNT = 0  # ... and of the `chain_leader` account (leads the 一金 chain)

HQ_OFFICE_STAFF = ["办公室主任", "办公室副主任", "综合调度组组长", "督查专干"]
HQ_OFFICE_ACCOUNT = 1  # the `hq_office` account: the office's deputy director
ADMIN_TITLES = {
    "sys_admin": "系统管理员",
    "sec_admin": "安全管理员",
    "auditor": "安全审计员",
}
BUTLER_COUNT = 8
POLICE_COUNT = 6
INSPECTOR_COUNT = 5

# The seven chains 一金一药两材三特 (seed §二): (name, tag, chain leader, deputies), leaders by index.
CHAINS = [
    ("有色金属精深加工产业链", "一金", 0, [7]),
    ("生物医药产业链", "一药", 2, [9]),
    ("化工新材料产业链", "两材", 1, [7, 8]),
    ("绿色建材产业链", "两材", 4, [8]),
    ("特色食品产业链", "三特", 5, [9]),
    ("印章文化产业链", "三特", 3, [6]),
    ("文化旅游产业链", "三特", 6, [3]),
]
CHAIN_DESCRIPTION = "{tag}重点产业链：链长、副链长每周下访项目和企业，建立产业链发展清单、招商清单、项目清单、问题清单、科技成果转化清单和上下游企业图谱（五单一图谱）。"

# The 8 of "1+8+N": (name, lead unit, leader, other member units). Leader -1 = executive vice head.
WORKING_GROUPS = [
    ("招商引资专项工作组", "县投资促进事务中心", 7, ["县商务局", "{short}经开区管委会"]),
    ("用地报批专项工作组", "县自然资源局", 4, ["县林业局", "县不动产登记中心"]),
    ("征地拆迁专项工作组", "县城市建设投资开发有限公司", 8, ["城关街道办事处", "东湖街道办事处"]),
    ("要素保障专项工作组", "县工业和信息化局", 1, ["国网{county}供电公司", "县水利局"]),
    ("金融服务专项工作组", "县财政局", -1, ["县产业发展投资集团有限公司", "国家税务总局{county}税务局"]),
    ("项目审批专项工作组", "县行政审批服务局", 9, ["县发展和改革局", "县住房和城乡建设局"]),
    ("环境保护专项工作组", "市生态环境局{short}分局", 5, ["县应急管理局", "县林业局"]),
    ("督查考核专项工作组", HQ_OFFICE_NAME, 0, ["县审计局", "县统计局"]),
]
WORKING_GROUP_DUTIES = "负责{topic}方面的统筹调度、问题会商和跟踪督办，按旬向总指挥部办公室报送工作进展。"

# Owners: (name, is a 三类500强 enterprise, contact's title).
ENTERPRISES = [
    ("楚信盐化集团{short}纯碱有限公司", True, "项目总指挥"),
    ("省能源投资集团{short}燃气发电有限公司", True, "总经理"),
    ("{short}泵业集团有限公司", False, "董事长"),
    ("{short}产业园区开发建设有限公司", False, "总经理"),
    ("{short}有色金属新材料有限公司", False, "总经理"),
    ("{short}水务投资有限公司", False, "总经理"),
    ("汇锂再生资源科技有限公司", False, "总经理"),
    ("{short}和丰铜业有限公司", False, "董事长"),  # the `enterprise` account's company (two projects)
    ("纳科新材料科技有限公司", False, "总经理"),
    ("{short}印章文化产业发展有限公司", False, "总经理"),
    ("{short}医药产业投资有限公司", False, "总经理"),
    ("岳康中药科技有限公司", False, "董事长"),
    ("{short}华建水泥有限公司", True, "总经理"),
    ("{short}筑能绿色建材有限公司", False, "总经理"),
    ("{short}交通建设投资有限公司", False, "总经理"),
    ("{short}城乡建设发展集团有限公司", False, "副总经理"),
    ("{short}味源食品产业园有限公司", False, "总经理"),
    ("{short}文化旅游投资集团有限公司", False, "总经理"),
    ("{short}电力开发有限公司", False, "总经理"),
    ("华锂新能源材料有限公司", False, "项目经理"),
    ("{short}供销冷链物流有限公司", False, "总经理"),
    ("鑫铜新材料科技有限公司", False, "董事长"),
    ("{short}精工压铸有限公司", False, "总经理"),
    ("{short}百草药业有限公司", False, "总经理"),
    ("康盾医疗用品有限公司", False, "总经理"),
    ("益生源生物科技有限公司", False, "董事长"),
    ("晶纯电子化学品有限公司", False, "项目经理"),
    ("绿源涂料科技有限公司", False, "总经理"),
    ("{short}恒固商砼有限公司", False, "总经理"),
    ("{short}再生建材有限公司", False, "总经理"),
    ("{short}古法腐乳食品有限公司", False, "董事长"),
    ("{short}红辣椒食品有限公司", False, "总经理"),
    ("味厨食品科技有限公司", False, "总经理"),
    ("{short}山茶油业有限公司", False, "总经理"),
    ("印信数字科技有限公司", False, "总经理"),
    ("{short}金石印章有限公司", False, "董事长"),
    ("{short}山水民宿旅游开发有限公司", False, "总经理"),
    ("{short}农业发展投资有限公司", False, "总经理"),
    ("{short}电商产业园运营有限公司", False, "总经理"),
    ("{short}智慧城市科技有限公司", False, "总经理"),
]
ENTERPRISE_ACCOUNT = "{short}和丰铜业有限公司"
# The 13 enterprises settled in the seal culture industrial park (seed §二), under its developer.
SEAL_PARK_OWNER = "{short}印章文化产业发展有限公司"
SEAL_PARK_TENANTS = [
    "{short}金石印章有限公司", "印信数字科技有限公司", "{short}翰墨印社有限公司", "{short}青田石刻工艺有限公司",
    "{short}方寸印章制作有限公司", "{short}篆刻艺术品有限公司", "{short}印泥文化用品有限公司",
    "{short}鼎信印章有限公司", "{short}玺印文创有限公司", "{short}石韵雕刻有限公司", "{short}朱砂印务有限公司",
    "{short}瑞印科技有限公司", "{short}章艺电子商务有限公司",
]

# Scenarios place a project's dates relative to today (see builder.timeline):
#   planning / pre_review / signing  early stages, start months ahead
#   soda            规划选址, starts after the next Spring Festival (seed §一)
#   soon            规划选址, planned start within the next 30 days (reminder letter)
#   late            规划选址, 15+ days past its planned start (assignment letter)
#   slightly_late   规划选址, a few days past its planned start
#   new             started this year, on schedule
#   continuing      started before this year, on schedule
#   lagging         started, investment under half of what the plan expects (supervision letter)
#   completing      started, to complete later this year
#   overdue_completion  started, 15+ days past its planned completion
#   assessment      履约评估, completing within months
#   completed       completed and operating this year
SCENARIO_STAGE = {
    "planning": "planning",
    "pre_review": "pre_review",
    "signing": "signing",
    "soda": "siting",
    "soon": "siting",
    "late": "siting",
    "slightly_late": "siting",
    "new": "started",
    "continuing": "started",
    "lagging": "started",
    "completing": "started",
    "overdue_completion": "started",
    "assessment": "assessment",
    "completed": "operating",
}

C1, C2, C3, C4, C5, C6, C7 = (name for name, *_ in CHAINS)
PARK = "park"

# (name, owner, category, level, chain, total investment 万元, park or town, responsible unit, funding source,
#  lead leader index, scenario, content)
PROJECTS = [
    # Provincial key projects.
    ("年产100万吨纯碱项目", "楚信盐化集团{short}纯碱有限公司", "industrial", "provincial", C3, 750000, PARK,
     "{short}经开区管委会", "mixed", 1, "soda",
     "新建年产100万吨纯碱生产装置及配套热电联产、盐卤输送管道、铁路专用线等设施，项目总用地约1200亩。"),
    ("燃气发电项目", "省能源投资集团{short}燃气发电有限公司", "infrastructure", "provincial", None, 216000, "枫林镇",
     "县工业和信息化局", "loan", 7, "new",
     "建设2套400兆瓦级燃气—蒸汽联合循环调峰发电机组及配套天然气管线、升压站。"),
    ("泵业智造产业园项目", "{short}泵业集团有限公司", "industrial", "provincial", None, 350000, "金桥镇",
     "金桥镇人民政府", "mixed", 7, "assessment",
     "建设泵业研发中心、智能制造车间及上下游配套企业标准厂房，形成泵业特色产业集聚区，已吸引12家上下游企业入驻。"),
    ("绿色低碳盐碱产业园基础设施项目", "{short}产业园区开发建设有限公司", "infrastructure", "provincial", C3, 86000, PARK,
     "{short}经开区管委会", "special_bond", 1, "lagging",
     "建设园区道路、综合管廊、污水处理厂、公用工程岛等基础设施。"),
    ("有色金属新材料产业园项目", "{short}有色金属新材料有限公司", "industrial", "provincial", C1, 180000, PARK,
     "县产业发展投资集团有限公司", "enterprise", 0, "continuing",
     "建设铜、铝、锌等有色金属精深加工生产线及研发检测中心。"),
    ("城乡供水一体化工程", "{short}水务投资有限公司", "infrastructure", "provincial", None, 68000, "石门镇",
     "县水利局", "special_bond", 8, "overdue_completion",
     "新建水厂2座，铺设供水主管网186公里，实现城乡供水同网、同质、同服务。"),
    # Municipal key projects.
    ("锂电池综合回收利用项目", "汇锂再生资源科技有限公司", "industrial", "municipal", C1, 50000, PARK,
     "{short}经开区管委会", "enterprise", 0, "new",
     "建设年处理5万吨废旧锂电池拆解、破碎分选及湿法冶金回收生产线，当年引进、当年开工。"),
    ("高精度铜板带技术改造项目", "{short}和丰铜业有限公司", "industrial", "municipal", C1, 120000, PARK,
     "县工业和信息化局", "enterprise", 0, "completed",
     "引进高精度铜板带轧制生产线，改造熔铸车间，新增年产高精度铜板带3万吨。"),
    ("纳科新材料年产2万吨电子级新材料项目", "纳科新材料科技有限公司", "industrial", "municipal", C3, 20000, PARK,
     "{short}经开区管委会", "enterprise", 1, "new",
     "建设年产2万吨电子级新材料生产线及配套仓储、环保设施，当年引进、当年开工。"),
    ("印章文化产业园项目", "{short}印章文化产业发展有限公司", "industrial", "municipal", C6, 32000, "城关街道",
     "城关街道办事处", "mixed", 3, "assessment",
     "建设集研发、生产、展销于一体的印章文化产业园，已引进13家企业入驻。"),
    ("生物医药产业园标准化厂房项目", "{short}医药产业投资有限公司", "industrial", "municipal", C2, 45000, PARK,
     "县产业发展投资集团有限公司", "special_bond", 2, "continuing",
     "建设GMP标准化厂房12栋及研发中试平台、危废暂存等配套设施。"),
    ("年产5000吨中药饮片及提取物项目", "岳康中药科技有限公司", "industrial", "municipal", C2, 28000, PARK,
     "{short}经开区管委会", "enterprise", 2, "late",
     "建设中药饮片生产线、中药提取物车间及质检中心。"),
    ("水泥窑协同处置固废项目", "{short}华建水泥有限公司", "ecology", "municipal", C4, 38000, "白沙镇",
     "白沙镇人民政府", "enterprise", 4, "lagging",
     "利用现有水泥窑建设年协同处置10万吨一般工业固废生产线。"),
    ("装配式建筑部品部件生产基地项目", "{short}筑能绿色建材有限公司", "industrial", "municipal", C4, 30000, PARK,
     "县工业和信息化局", "enterprise", 4, "completed",
     "建设年产20万立方米装配式混凝土预制构件生产线及堆场。"),
    ("县城至经开区快速通道工程", "{short}交通建设投资有限公司", "infrastructure", "municipal", None, 95000, "东湖街道",
     "县交通运输局", "special_bond", 8, "continuing",
     "新建一级公路12.6公里，含大桥1座、互通立交1处。"),
    ("县人民医院综合住院大楼项目", "{short}城乡建设发展集团有限公司", "social", "municipal", None, 42000, "城关街道",
     "县卫生健康局", "mixed", 9, "completing",
     "新建综合住院大楼，设置床位600张，配套医技用房和地下停车场。"),
    ("特色食品产业园项目", "{short}味源食品产业园有限公司", "industrial", "municipal", C5, 26000, "柳塘镇",
     "柳塘镇人民政府", "enterprise", 5, "soon",
     "建设特色食品加工标准化厂房、冷链仓储及食品检测中心。"),
    ("古镇文化旅游综合开发项目", "{short}文化旅游投资集团有限公司", "service", "municipal", C7, 60000, "龙泉镇",
     "县文化旅游广电体育局", "mixed", 6, "lagging",
     "实施古镇街区修缮，建设游客中心、滨水步道及文旅街区。"),
    ("园区工业供水工程", "{short}水务投资有限公司", "infrastructure", "municipal", None, 25000, PARK,
     "{short}经开区管委会", "special_bond", 8, "completed",
     "新建供水规模10万吨/天的工业水厂及配套管网，保障园区企业用水。"),
    ("220千伏输变电工程", "{short}电力开发有限公司", "infrastructure", "municipal", None, 18000, "青山镇",
     "县工业和信息化局", "enterprise", 7, "continuing",
     "新建220千伏变电站1座，主变容量2×180兆伏安，新建线路32公里。"),
    ("年产10万吨锂电正极材料前驱体项目", "华锂新能源材料有限公司", "industrial", "municipal", C3, 150000, PARK,
     "县投资促进事务中心", "enterprise", 1, "signing",
     "建设年产10万吨三元前驱体及磷酸铁生产线。"),
    ("冷链物流园项目", "{short}供销冷链物流有限公司", "service", "municipal", C5, 22000, "白沙镇",
     "县商务局", "enterprise", 5, "new",
     "建设冷库5万吨及分拣配送中心、农产品交易区。"),
    # County key projects.
    ("年产3万吨再生铝合金锭项目", "{short}和丰铜业有限公司", "industrial", "county", C1, 15000, PARK,
     "县工业和信息化局", "enterprise", 0, "continuing",
     "建设再生铝熔炼及合金锭铸造生产线，年产再生铝合金锭3万吨。"),
    ("铜基新材料精深加工项目", "鑫铜新材料科技有限公司", "industrial", "county", C1, 12000, PARK,
     "县投资促进事务中心", "enterprise", 0, "planning",
     "建设铜基合金线材、异型材精深加工生产线。"),
    ("锌合金精密压铸件生产线项目", "{short}精工压铸有限公司", "industrial", "county", C1, 6800, "金桥镇",
     "县工业和信息化局", "enterprise", 7, "soon",
     "建设锌合金精密压铸生产线8条，配套泵阀零部件机加工车间。"),
    ("中药材种植加工基地项目", "{short}百草药业有限公司", "agriculture", "county", C2, 5200, "花溪乡",
     "县农业农村局", "mixed", 5, "continuing",
     "建设中药材规范化种植基地3000亩及产地初加工中心。"),
    ("医用防护用品生产项目", "康盾医疗用品有限公司", "industrial", "county", C2, 8600, PARK,
     "县工业和信息化局", "enterprise", 2, "completed",
     "建设医用口罩、防护服等医用防护用品洁净生产车间。"),
    ("生物发酵制品项目", "益生源生物科技有限公司", "industrial", "county", C2, 18000, PARK,
     "县投资促进事务中心", "enterprise", 2, "pre_review",
     "建设益生菌、酶制剂等生物发酵制品生产线。"),
    ("电子化学品项目", "晶纯电子化学品有限公司", "industrial", "county", C3, 26000, PARK,
     "县投资促进事务中心", "enterprise", 1, "signing",
     "建设年产3万吨超净高纯电子化学品生产线。"),
    ("环保型水性涂料生产项目", "绿源涂料科技有限公司", "industrial", "county", C3, 9800, PARK,
     "{short}经开区管委会", "enterprise", 1, "slightly_late",
     "建设年产5万吨环保型水性涂料生产线。"),
    ("新型墙体材料生产线项目", "{short}筑能绿色建材有限公司", "industrial", "county", C4, 7500, "白沙镇",
     "白沙镇人民政府", "enterprise", 4, "new",
     "建设年产30万立方米蒸压加气混凝土砌块生产线。"),
    ("商品混凝土绿色搅拌站项目", "{short}恒固商砼有限公司", "industrial", "county", C4, 5600, "东湖街道",
     "东湖街道办事处", "enterprise", 4, "completing",
     "建设全封闭绿色搅拌站2座，年产商品混凝土60万立方米。"),
    ("建筑垃圾资源化利用项目", "{short}再生建材有限公司", "ecology", "county", C4, 4800, "城关街道",
     "县城市管理和综合执法局", "enterprise", 4, "late",
     "建设年处理30万吨建筑垃圾资源化利用生产线。"),
    ("特色腐乳精深加工项目", "{short}古法腐乳食品有限公司", "industrial", "county", C5, 6500, "柳塘镇",
     "柳塘镇人民政府", "enterprise", 5, "assessment",
     "建设腐乳发酵车间、灌装生产线及非遗工艺展示馆。"),
    ("辣椒种植及深加工项目", "{short}红辣椒食品有限公司", "agriculture", "county", C5, 3800, "石门镇",
     "县农业农村局", "enterprise", 5, "completed",
     "建设辣椒标准化种植基地5000亩及剁辣椒、辣椒酱加工线。"),
    ("预制菜加工项目", "味厨食品科技有限公司", "industrial", "county", C5, 12000, PARK,
     "县商务局", "enterprise", 5, "soon",
     "建设预制菜中央厨房、速冻生产线及冷链仓储。"),
    ("茶油精深加工项目", "{short}山茶油业有限公司", "agriculture", "county", C5, 4500, "枫林镇",
     "县供销合作社联合社", "enterprise", 5, "planning",
     "建设油茶籽压榨、精炼及小包装茶油生产线，配套油茶林基地2万亩。"),
    ("印章数字化设计研发中心项目", "印信数字科技有限公司", "service", "county", C6, 3500, "城关街道",
     "县科学技术局", "enterprise", 3, "new",
     "建设印章数字化设计、防伪溯源研发中心及检测实验室。"),
    ("石材印章雕刻加工基地项目", "{short}金石印章有限公司", "industrial", "county", C6, 2800, "城关街道",
     "城关街道办事处", "enterprise", 3, "completed",
     "建设石材印章切割、雕刻、打磨加工车间。"),
    ("印章电商直播基地项目", "{short}印章文化产业发展有限公司", "service", "county", C6, 600, "城关街道",
     "县商务局", "enterprise", 3, "completing",
     "改造电商直播间20间及仓储分拣中心，打造印章产品线上展销平台。"),
    ("红色旅游景区提质改造项目", "{short}文化旅游投资集团有限公司", "service", "county", C7, 9500, "青山镇",
     "县文化旅游广电体育局", "central_budget", 6, "continuing",
     "实施纪念馆展陈提质、景区道路和停车场改造、游客服务设施建设。"),
    ("乡村旅游民宿集群项目", "{short}山水民宿旅游开发有限公司", "service", "county", C7, 4200, "花溪乡",
     "县文化旅游广电体育局", "enterprise", 6, "pre_review",
     "改造利用闲置农房建设特色民宿60栋及配套乡村旅游设施。"),
    ("全域旅游游客服务中心项目", "{short}文化旅游投资集团有限公司", "service", "county", C7, 2600, "龙泉镇",
     "县文化旅游广电体育局", "fiscal", 6, "late",
     "新建全域旅游游客服务中心及智慧旅游指挥平台。"),
    ("体育公园建设项目", "{short}城乡建设发展集团有限公司", "social", "county", None, 6800, "东湖街道",
     "县文化旅游广电体育局", "special_bond", 9, "assessment",
     "建设足球场、篮球场、健身步道及配套服务设施。"),
    ("县第二中学教学综合楼项目", "{short}城乡建设发展集团有限公司", "social", "county", None, 8200, "城关街道",
     "县教育局", "fiscal", 9, "completing",
     "新建教学综合楼及学生宿舍，新增学位1500个。"),
    ("城区学校扩容提质工程", "{short}城乡建设发展集团有限公司", "social", "county", None, 12000, "东湖街道",
     "县教育局", "special_bond", 9, "lagging",
     "新建、改扩建城区中小学校4所，新增学位3600个。"),
    ("养老服务中心建设项目", "{short}城乡建设发展集团有限公司", "social", "county", None, 5800, "青山镇",
     "县民政局", "central_budget", 9, "soon",
     "新建县级养老服务中心，设置养老床位300张。"),
    ("城镇老旧小区改造项目", "{short}城乡建设发展集团有限公司", "social", "county", None, 16000, "城关街道",
     "县住房保障服务中心", "central_budget", 8, "new",
     "改造城镇老旧小区42个，涉及居民3860户，实施水电气管网、屋面、加装电梯等改造。"),
    ("城区雨污分流改造工程", "{short}水务投资有限公司", "ecology", "county", None, 22000, "城关街道",
     "县城市管理和综合执法局", "special_bond", 8, "continuing",
     "实施城区雨污分流管网改造68公里及泵站提质改造。"),
    ("农村人居环境整治项目", "{short}农业发展投资有限公司", "agriculture", "county", None, 3600, "花溪乡",
     "县农业农村局", "fiscal", 5, "completed",
     "实施农村户厕改造、生活垃圾收运体系和村庄道路硬化。"),
    ("高标准农田建设项目", "{short}农业发展投资有限公司", "agriculture", "county", None, 9000, "柳塘镇",
     "县农业农村局", "central_budget", 5, "continuing",
     "建设高标准农田3万亩，配套灌排渠系、田间道路和农田防护设施。"),
    ("中小河流治理工程", "{short}水务投资有限公司", "ecology", "county", None, 7800, "石门镇",
     "县水利局", "central_budget", 8, "assessment",
     "治理河道26公里，新建堤防护岸、穿堤建筑物及生态护坡。"),
    ("灌区续建配套与节水改造项目", "{short}水务投资有限公司", "agriculture", "county", None, 11000, "金桥镇",
     "县水利局", "central_budget", 5, "soon",
     "改造灌区干支渠48公里，配套量测水设施和信息化系统。"),
    ("农产品仓储保鲜冷链设施项目", "{short}供销冷链物流有限公司", "agriculture", "county", C5, 2400, "青山镇",
     "县供销合作社联合社", "mixed", 5, "completed",
     "建设产地仓储保鲜冷库1.2万吨及预冷分拣设施。"),
    ("电子商务产业园项目", "{short}电商产业园运营有限公司", "service", "county", None, 6500, "东湖街道",
     "县商务局", "enterprise", 7, "planning",
     "建设电商孵化中心、直播基地、仓储物流中心及人才公寓。"),
    ("标准化厂房三期项目", "{short}产业园区开发建设有限公司", "industrial", "county", None, 28000, PARK,
     "县产业发展投资集团有限公司", "special_bond", 7, "continuing",
     "新建标准化厂房22万平方米及配套研发、生活用房。"),
    ("智慧城市建设项目", "{short}智慧城市科技有限公司", "infrastructure", "county", None, 9800, "城关街道",
     "县科学技术局", "mixed", 7, "signing",
     "建设城市运行管理中心、城市大脑平台及城区感知设施。"),
    ("县乡公路提质改造工程", "{short}交通建设投资有限公司", "infrastructure", "county", None, 14000, "龙泉镇",
     "县公路建设养护中心", "special_bond", 8, "overdue_completion",
     "提质改造县乡公路86公里，实施危桥改造12座。"),
    ("县中医医院门诊综合楼项目", "{short}城乡建设发展集团有限公司", "social", "county", None, 9600, "城关街道",
     "县卫生健康局", "special_bond", 9, "pre_review",
     "新建门诊综合楼，配套中医康复治疗区和智慧药房。"),
    ("乡镇污水处理设施建设项目", "{short}水务投资有限公司", "ecology", "county", None, 5400, "青山镇",
     "青山镇人民政府", "special_bond", 8, "planning",
     "新建乡镇污水处理厂6座及配套管网42公里。"),
]

# The lunar new year (春节) of each year, for "starts after the Spring Festival".
SPRING_FESTIVALS = {
    2020: datetime.date(2020, 1, 25), 2021: datetime.date(2021, 2, 12), 2022: datetime.date(2022, 2, 1),
    2023: datetime.date(2023, 1, 22), 2024: datetime.date(2024, 2, 10), 2025: datetime.date(2025, 1, 29),
    2026: datetime.date(2026, 2, 17), 2027: datetime.date(2027, 2, 6), 2028: datetime.date(2028, 1, 26),
    2029: datetime.date(2029, 2, 13), 2030: datetime.date(2030, 2, 3), 2031: datetime.date(2031, 1, 23),
    2032: datetime.date(2032, 2, 11), 2033: datetime.date(2033, 1, 31), 2034: datetime.date(2034, 2, 19),
    2035: datetime.date(2035, 2, 8), 2036: datetime.date(2036, 1, 28), 2037: datetime.date(2037, 2, 15),
    2038: datetime.date(2038, 2, 4), 2039: datetime.date(2039, 1, 24), 2040: datetime.date(2040, 2, 12),
}

STAGE_REASONS = {
    "planning": "登记入库",
    "pre_review": "完成项目策划包装，提交招商预审",
    "signing": "通过招商预审，进入谈判签约",
    "siting": "签订投资协议，开展规划选址",
    "started": "取得施工许可，正式开工建设",
    "assessment": "主体工程基本完工，开展履约评估",
    "operating": "竣工验收合格，正式投产运营",
}

# (name, days before the planned start) of the preparatory milestones.
PRE_MILESTONES = [
    ("完成项目立项备案", 150),
    ("完成用地预审与规划选址", 100),
    ("完成土地摘牌和供地", 60),
    ("取得施工许可证", 12),
]
START_MILESTONE = "开工建设"
MAIN_WORKS_MILESTONE = {"industrial": "主体厂房封顶", "social": "主体结构封顶"}
MAIN_WORKS_DEFAULT = "主体工程完工"
END_MILESTONE = {"industrial": "竣工投产", "agriculture": "竣工验收", "service": "竣工运营"}
END_DEFAULT = "竣工验收并投入使用"

# 形象进度 by share of the total investment completed, per category.
IMAGE_PROGRESS = {
    "industrial": [
        (5, "完成场地平整和临时设施建设"),
        (20, "桩基及基础工程施工中"),
        (40, "主体厂房钢结构吊装完成约{pct}%"),
        (60, "主体厂房封顶，辅助用房施工中"),
        (85, "设备安装调试中，配套设施同步建设"),
        (100, "设备联动试车，准备竣工验收"),
    ],
    "social": [
        (5, "完成场地平整和施工围挡"),
        (20, "基础工程施工中"),
        (45, "主体结构施工至第{floor}层"),
        (70, "主体结构封顶，砌体和机电安装施工中"),
        (100, "装饰装修和室外工程施工，准备竣工验收"),
    ],
    "default": [
        (5, "完成施工便道和临时设施建设"),
        (30, "主体工程完成约{pct}%"),
        (60, "主体工程完成约{pct}%，附属工程同步施工"),
        (85, "主体工程基本完工，附属工程施工中"),
        (100, "收尾工程施工，准备交工验收"),
    ],
}
IMAGE_PRESTART = [
    "征地拆迁完成约{pct}%，施工图设计审查中",
    "完成地勘和方案设计，用地报批材料已上报",
    "施工图设计完成，正在办理施工许可",
]
IMAGE_DONE = {"industrial": "已竣工投产，生产运行正常", "default": "已竣工并投入使用，运行正常"}
ISSUES = [
    "征地拆迁尚有{n}户未签订协议",
    "用地报批手续尚在省级审批中",
    "施工用电增容尚未完成",
    "项目资金到位不足，银行贷款正在对接",
    "环评批复尚未取得",
    "施工图审查进度偏慢",
    "部分主要设备采购合同尚未签订",
    "施工用水管网尚未接通",
    "受连续降雨影响，土石方施工进度滞后",
    "林地使用手续尚未办结",
]
WORK_PLAN = (
    "一、项目概况：{content}\n"
    "二、年度目标：{year}年计划完成投资{plan}万元，{goal}。\n"
    "三、责任分工：牵头领导{leader}，责任单位{unit}，项目管家{butler}，项目警官{police}，项目纪检监察员{inspector}。\n"
    "四、推进措施：专班每日收集项目进度，牵头领导每周到项目现场调度，每旬报送形象进度和存在问题，"
    "需跨领域统筹的问题提请总指挥部会商解决。\n"
    "五、时间节点：见时间进度表。"
)
PLAN_GOALS = {
    "continuing": "加快主体工程建设",
    "new_start": "确保按期开工建设",
    "completing": "确保年内竣工投产",
    "preparatory": "完成项目前期工作",
}

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢"
    "傅钟姜崔谭廖范汪陆金石戴贺龙"
)
GIVEN_CHARS = (
    "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华建国文辉斌鹏宇浩凯婷雪琳晨欣怡涵梓轩博文志红海波亮"
    "正春晓东新宏峰玉兰立德嘉"
)
