"""Word lists the demo builds names from: (Chinese, pinyin or English) pairs.

Invented names are combined from these, so no list of real people or
companies is needed and every name has a matching English form.
"""

import unicodedata

# Common surnames, most frequent first (weights fall with the position);
# 冉, 向 and 谭 are frequent in Chongqing.
SURNAMES = [
    ("王", "wang"), ("李", "li"), ("张", "zhang"), ("刘", "liu"), ("陈", "chen"),
    ("杨", "yang"), ("黄", "huang"), ("赵", "zhao"), ("吴", "wu"), ("周", "zhou"),
    ("徐", "xu"), ("孙", "sun"), ("马", "ma"), ("朱", "zhu"), ("胡", "hu"),
    ("郭", "guo"), ("何", "he"), ("高", "gao"), ("林", "lin"), ("罗", "luo"),
    ("郑", "zheng"), ("梁", "liang"), ("谢", "xie"), ("宋", "song"), ("唐", "tang"),
    ("许", "xu"), ("韩", "han"), ("冯", "feng"), ("邓", "deng"), ("曹", "cao"),
    ("彭", "peng"), ("曾", "zeng"), ("肖", "xiao"), ("田", "tian"), ("董", "dong"),
    ("袁", "yuan"), ("潘", "pan"), ("蒋", "jiang"), ("蔡", "cai"), ("余", "yu"),
    ("杜", "du"), ("叶", "ye"), ("程", "cheng"), ("苏", "su"), ("魏", "wei"),
    ("丁", "ding"), ("任", "ren"), ("沈", "shen"), ("姚", "yao"), ("卢", "lu"),
    ("钟", "zhong"), ("谭", "tan"), ("廖", "liao"), ("夏", "xia"), ("秦", "qin"),
    ("向", "xiang"), ("冉", "ran"), ("熊", "xiong"), ("雷", "lei"), ("龙", "long"),
    ("陶", "tao"), ("贺", "he"), ("毛", "mao"), ("邹", "zou"), ("付", "fu"),
]  # fmt: skip

GIVEN_NAME_CHARACTERS = [
    ("伟", "wei"), ("芳", "fang"), ("娜", "na"), ("敏", "min"), ("静", "jing"),
    ("丽", "li"), ("强", "qiang"), ("磊", "lei"), ("军", "jun"), ("洋", "yang"),
    ("勇", "yong"), ("艳", "yan"), ("杰", "jie"), ("娟", "juan"), ("涛", "tao"),
    ("明", "ming"), ("超", "chao"), ("秀", "xiu"), ("霞", "xia"), ("平", "ping"),
    ("刚", "gang"), ("英", "ying"), ("华", "hua"), ("建", "jian"), ("文", "wen"),
    ("斌", "bin"), ("宇", "yu"), ("浩", "hao"), ("凯", "kai"), ("晨", "chen"),
    ("欣", "xin"), ("怡", "yi"), ("佳", "jia"), ("子", "zi"), ("涵", "han"),
    ("轩", "xuan"), ("思", "si"), ("雨", "yu"), ("博", "bo"), ("天", "tian"),
    ("俊", "jun"), ("鑫", "xin"), ("婷", "ting"), ("雪", "xue"), ("琳", "lin"),
    ("晓", "xiao"), ("鹏", "peng"), ("辉", "hui"), ("玲", "ling"), ("波", "bo"),
    ("峰", "feng"), ("亮", "liang"), ("红", "hong"), ("春", "chun"), ("志", "zhi"),
    ("海", "hai"), ("云", "yun"), ("飞", "fei"), ("琪", "qi"), ("悦", "yue"),
    ("嘉", "jia"), ("航", "hang"), ("睿", "rui"), ("哲", "zhe"), ("诗", "shi"),
    ("可", "ke"), ("心", "xin"), ("锐", "rui"), ("阳", "yang"), ("成", "cheng"),
    ("萍", "ping"), ("倩", "qian"), ("颖", "ying"), ("露", "lu"), ("瑶", "yao"),
]  # fmt: skip

FOREIGN_GIVEN_NAMES = [
    "James", "Anna", "David", "Maria", "Thomas", "Sophie", "Michael", "Elena", "Daniel",
    "Laura", "Kenji", "Yuki", "Priya", "Arjun", "Ahmed", "Fatima", "Lucas", "Emma",
    "Oliver", "Isabella", "Ivan", "Olga", "Pierre", "Camille", "Hans", "Julia", "Marco",
    "Giulia", "Carlos", "Ana", "Kwame", "Amara", "Minh", "Sara", "Jonas", "Ingrid",
]  # fmt: skip
FOREIGN_FAMILY_NAMES = [
    "Smith", "Müller", "García", "Rossi", "Dubois", "Tanaka", "Kim", "Sharma", "Ivanov",
    "Schmidt", "Johnson", "Brown", "Martin", "Silva", "Kowalski", "Nielsen", "Andersson",
    "Okafor", "Tran", "Haddad", "Novak", "Fischer", "Moreau", "Costa", "Suzuki", "Patel",
]  # fmt: skip

# Two characters make a trade name (字号) such as 华通 (Huatong). No second
# character starts with a vowel, so the pinyin needs no apostrophe.
TRADE_NAME_FIRST = [
    ("华", "hua"), ("博", "bo"), ("瑞", "rui"), ("恒", "heng"), ("达", "da"),
    ("鑫", "xin"), ("泰", "tai"), ("信", "xin"), ("德", "de"), ("宏", "hong"),
    ("盛", "sheng"), ("天", "tian"), ("中", "zhong"), ("宇", "yu"), ("嘉", "jia"),
    ("金", "jin"), ("海", "hai"), ("新", "xin"), ("创", "chuang"), ("智", "zhi"),
    ("源", "yuan"), ("联", "lian"), ("安", "an"), ("科", "ke"), ("长", "chang"),
    ("渝", "yu"), ("巴", "ba"), ("山", "shan"), ("江", "jiang"), ("川", "chuan"),
    ("云", "yun"), ("锦", "jin"), ("腾", "teng"), ("飞", "fei"), ("远", "yuan"),
    ("卓", "zhuo"), ("亿", "yi"), ("鼎", "ding"), ("诚", "cheng"), ("启", "qi"),
    ("明", "ming"), ("光", "guang"), ("星", "xing"), ("辰", "chen"), ("峰", "feng"),
    ("汇", "hui"), ("凯", "kai"), ("永", "yong"), ("佳", "jia"), ("丰", "feng"),
]  # fmt: skip
TRADE_NAME_SECOND = [
    ("通", "tong"), ("达", "da"), ("信", "xin"), ("科", "ke"), ("泰", "tai"),
    ("源", "yuan"), ("创", "chuang"), ("盛", "sheng"), ("瑞", "rui"), ("成", "cheng"),
    ("华", "hua"), ("威", "wei"), ("合", "he"), ("美", "mei"), ("兴", "xing"),
    ("康", "kang"), ("宁", "ning"), ("博", "bo"), ("拓", "tuo"), ("邦", "bang"),
    ("联", "lian"), ("恒", "heng"), ("驰", "chi"), ("睿", "rui"), ("迪", "di"),
    ("诺", "nuo"), ("维", "wei"), ("芯", "xin"), ("耀", "yao"), ("晟", "sheng"),
]  # fmt: skip

# (Chinese, English in a company name, English field for descriptions)
INDUSTRIES = [
    ("科技", "Technology", "technology"),
    ("电子", "Electronics", "electronics"),
    ("信息技术", "Information Technology", "information technology"),
    ("智能装备", "Intelligent Equipment", "intelligent equipment"),
    ("生物医药", "Biopharmaceutical", "biomedicine"),
    ("新能源", "New Energy", "new energy"),
    ("汽车零部件", "Auto Parts", "automotive parts"),
    ("新材料", "New Materials", "new materials"),
    ("软件", "Software", "software"),
    ("大数据", "Big Data", "big data"),
    ("环保科技", "Environmental Technology", "environmental protection"),
    ("物流", "Logistics", "logistics"),
    ("建设工程", "Construction Engineering", "construction"),
    ("食品", "Food", "food"),
    ("医疗器械", "Medical Devices", "medical devices"),
    ("机械制造", "Machinery Manufacturing", "machinery"),
    ("化工", "Chemical", "chemicals"),
    ("文化传媒", "Culture and Media", "culture and media"),
    ("农业开发", "Agricultural Development", "modern agriculture"),
    ("检测技术", "Testing Technology", "testing and certification"),
    ("通信技术", "Communication Technology", "communications"),
    ("半导体", "Semiconductor", "semiconductors"),
    ("人工智能", "Artificial Intelligence", "artificial intelligence"),
    ("光电", "Optoelectronics", "optoelectronics"),
    ("数字科技", "Digital Technology", "digital services"),
    ("电气", "Electric", "electrical equipment"),
    ("教育科技", "Education Technology", "education technology"),
]
FIELD_ZH = {en_field: zh for zh, _en, en_field in INDUSTRIES}

ROADS = [
    "金开大道", "黄山大道", "科园一路", "星光大道", "学府大道", "滨江路", "工业园路", "创新大道",
    "人民路", "解放路", "长江路", "嘉陵路", "高新大道", "兴业路", "民主路",
]  # fmt: skip

# Chongqing's universities (real, as the issue asks) with their district.
UNIVERSITIES = [
    ("重庆大学", "Chongqing University", "shapingba"),
    ("西南大学", "Southwest University", "beibei"),
    ("重庆医科大学", "Chongqing Medical University", "yuzhong"),
    ("重庆邮电大学", "Chongqing University of Posts and Telecommunications", "nanan"),
    ("重庆交通大学", "Chongqing Jiaotong University", "nanan"),
    ("重庆师范大学", "Chongqing Normal University", "shapingba"),
    ("西南政法大学", "Southwest University of Political Science and Law", "yubei"),
    ("四川外国语大学", "Sichuan International Studies University", "shapingba"),
    ("四川美术学院", "Sichuan Fine Arts Institute", "shapingba"),
    ("重庆工商大学", "Chongqing Technology and Business University", "nanan"),
    ("重庆理工大学", "Chongqing University of Technology", "banan"),
    ("重庆科技学院", "Chongqing University of Science and Technology", "shapingba"),
    ("重庆三峡学院", "Chongqing Three Gorges University", "wanzhou"),
    ("长江师范学院", "Yangtze Normal University", "fuling"),
    ("重庆文理学院", "Chongqing University of Arts and Sciences", "yongchuan"),
    ("重庆第二师范学院", "Chongqing University of Education", "nanan"),
]
# Invented research institutes: 重庆{prefix}{field}研究院.
INSTITUTE_PREFIXES = [
    ("西部", "Western"), ("长江", "Yangtze"), ("嘉陵", "Jialing"), ("巴渝", "Bayu"),
    ("山城", "Shancheng"), ("两江", "Liangjiang"), ("渝新", "Yuxin"), ("明月", "Mingyue"),
    ("缙云", "Jinyun"), ("歌乐", "Gele"),
]  # fmt: skip
INSTITUTE_FIELDS = [
    ("智能制造", "Intelligent Manufacturing"), ("生物医药", "Biomedicine"),
    ("新材料", "New Materials"), ("大数据", "Big Data"), ("集成电路", "Integrated Circuits"),
    ("新能源汽车", "New Energy Vehicles"), ("人工智能", "Artificial Intelligence"),
    ("先进能源", "Advanced Energy"), ("精准医学", "Precision Medicine"),
    ("数字经济", "Digital Economy"), ("智慧城市", "Smart Cities"),
    ("现代农业", "Modern Agriculture"), ("生态环境", "Ecology and Environment"),
    ("工业软件", "Industrial Software"), ("光电技术", "Optoelectronic Technology"),
]  # fmt: skip

# Municipal public institutions: 重庆市{field}{type}.
MUNICIPAL_FIELDS = [
    ("农业", "Agriculture"), ("林业", "Forestry"), ("环境", "Environment"),
    ("地质", "Geology"), ("交通", "Transport"), ("水利", "Water Resources"),
    ("建筑", "Construction"), ("信息", "Information"), ("科技", "Science and Technology"),
    ("能源", "Energy"), ("卫生", "Health"), ("教育", "Education"), ("文化", "Culture"),
    ("体育", "Sports"), ("旅游", "Tourism"), ("经济", "Economy"), ("气象", "Meteorology"),
    ("测绘", "Surveying and Mapping"), ("计量", "Metrology"), ("社会科学", "Social Sciences"),
    ("人才", "Talent"), ("就业", "Employment"), ("城市规划", "Urban Planning"),
    ("生态", "Ecology"), ("畜牧", "Animal Husbandry"), ("水产", "Fisheries"),
]  # fmt: skip
MUNICIPAL_TYPES = [
    ("研究院", "Chongqing Academy of {f}"),
    ("研究所", "Chongqing Institute of {f}"),
    ("发展研究中心", "Chongqing {f} Development Research Centre"),
    ("服务中心", "Chongqing {f} Service Centre"),
    ("信息中心", "Chongqing {f} Information Centre"),
    ("检验检测中心", "Chongqing {f} Inspection and Testing Centre"),
]
# District and county public institutions: {district}{type}.
DISTRICT_INSTITUTION_TYPES = [
    ("人民医院", "People's Hospital"),
    ("中医院", "Hospital of Traditional Chinese Medicine"),
    ("妇幼保健院", "Maternal and Child Health Hospital"),
    ("疾病预防控制中心", "Centre for Disease Control and Prevention"),
    ("人力资源服务中心", "Human Resources Service Centre"),
    ("农业技术推广中心", "Agricultural Technology Extension Centre"),
    ("融媒体中心", "Media Convergence Centre"),
    ("职业教育中心", "Vocational Education Centre"),
    ("第一中学校", "No. 1 Middle School"),
    ("实验中学", "Experimental Middle School"),
    ("公共资源交易中心", "Public Resources Trading Centre"),
    ("图书馆", "Library"),
    ("文化馆", "Cultural Centre"),
    ("畜牧兽医发展中心", "Animal Husbandry and Veterinary Centre"),
    ("社会保险事务中心", "Social Insurance Affairs Centre"),
    ("科技创新服务中心", "Science and Technology Innovation Service Centre"),
    ("水利技术服务中心", "Water Conservancy Technical Service Centre"),
    ("规划设计研究院", "Planning and Design Institute"),
]

INVESTOR_TYPES = [
    ("股权投资基金管理有限公司", "Equity Investment Fund Management Co., Ltd."),
    ("创业投资有限公司", "Venture Capital Co., Ltd."),
    ("资本管理有限公司", "Capital Management Co., Ltd."),
    ("产业投资基金合伙企业（有限合伙）", "Industrial Investment Fund LP"),
]
# Cities outside Chongqing: (Chinese, English, division code for the credit code).
OTHER_CITIES = [
    ("北京", "Beijing", "110105"),
    ("上海", "Shanghai", "310115"),
    ("深圳", "Shenzhen", "440305"),
    ("成都", "Chengdu", "510107"),
    ("杭州", "Hangzhou", "330106"),
]
# Overseas investors have an English name only: (name pattern, country).
OVERSEAS_INVESTORS = [
    ("{b} Capital Partners Pte. Ltd.", "Singapore"),
    ("{b} Ventures GmbH", "Germany"),
    ("{b} Investment Management Ltd.", "United Kingdom"),
    ("{b} Growth Partners LLC", "United States"),
]
OVERSEAS_BRANDS = [
    "Northbridge", "Silverpeak", "Bluewater", "Evergreen", "Lakeside", "Redwood",
    "Summit", "Harbour", "Meridian", "Pioneer", "Crestline", "Granite",
]  # fmt: skip

PARK_TYPES = [
    ("工业园区", "Industrial Park"),
    ("高新技术产业开发区", "High-tech Industrial Development Zone"),
    ("经济技术开发区", "Economic and Technological Development Zone"),
    ("智能制造产业园", "Intelligent Manufacturing Industrial Park"),
    ("生物医药产业园", "Biomedical Industrial Park"),
    ("软件信息产业园", "Software and Information Industrial Park"),
    ("大数据产业园", "Big Data Industrial Park"),
    ("农业科技园区", "Agricultural Science and Technology Park"),
    ("现代物流园区", "Modern Logistics Park"),
    ("创新创业园", "Innovation and Entrepreneurship Park"),
]


def ascii_slug(text: str) -> str:
    """Müller → muller: e-mail addresses of the demo are plain ASCII."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(c for c in plain.lower() if c.isalnum())
