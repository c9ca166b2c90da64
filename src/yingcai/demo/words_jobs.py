"""Word lists of the job fair's demo data: jobs, talents' profiles, applications.

Pairs are (Chinese, English). Real universities are named (as the issue asks);
employers in work histories are invented like the organisations.
"""

from dataclasses import dataclass

Pair = tuple[str, str]


@dataclass(frozen=True)
class FieldWords:
    """What a discipline field gives a job or a profile."""

    titles: tuple[Pair, ...]
    skills: tuple[Pair, ...]
    majors: tuple[Pair, ...]
    duties: tuple[Pair, ...]


def _f(titles, skills, majors, duties) -> FieldWords:
    return FieldWords(tuple(titles), tuple(skills), tuple(majors), tuple(duties))


# One entry per slug of yingcai.core.fields.DISCIPLINE_FIELDS.
FIELDS: dict[str, FieldWords] = {
    "electronic-information": _f(
        [
            ("嵌入式软件工程师", "Embedded Software Engineer"),
            ("硬件研发工程师", "Hardware R&D Engineer"),
            ("集成电路设计工程师", "IC Design Engineer"),
            ("射频工程师", "RF Engineer"),
            ("FPGA开发工程师", "FPGA Engineer"),
            ("光电器件研发工程师", "Optoelectronic Device Engineer"),
            ("显示面板工艺工程师", "Display Panel Process Engineer"),
            ("功率半导体器件工程师", "Power Semiconductor Device Engineer"),
        ],
        [
            ("嵌入式Linux", "embedded Linux"), ("FPGA", "FPGA"),
            ("模拟电路设计", "analog circuit design"),
            ("数字信号处理", "digital signal processing"),
            ("Verilog", "Verilog"), ("射频电路", "RF circuits"),
            ("半导体工艺", "semiconductor processes"), ("PCB设计", "PCB design"),
            ("5G通信", "5G communications"),
        ],
        [
            ("电子科学与技术", "Electronic Science and Technology"),
            ("微电子学与固体电子学", "Microelectronics and Solid-State Electronics"),
            ("信息与通信工程", "Information and Communication Engineering"),
            ("光学工程", "Optical Engineering"),
        ],
        [
            ("电子产品的硬件方案设计与调试",
             "hardware design and debugging of electronic products"),
            ("芯片的设计、仿真与验证", "design, simulation and verification of chips"),
            ("新产品的可靠性测试与量产导入", "reliability testing and ramp-up of new products"),
            ("与客户和供应商的技术对接", "technical liaison with customers and suppliers"),
        ],
    ),
    "smart-manufacturing": _f(
        [
            ("智能制造工程师", "Smart Manufacturing Engineer"),
            ("工业机器人应用工程师", "Industrial Robot Application Engineer"),
            ("自动化控制工程师", "Automation Control Engineer"),
            ("工艺工程师", "Process Engineer"),
            ("机器视觉算法工程师", "Machine Vision Algorithm Engineer"),
            ("数字化工厂规划师", "Digital Factory Planner"),
            ("MES实施工程师", "MES Implementation Engineer"),
        ],
        [
            ("PLC编程", "PLC programming"), ("工业机器人", "industrial robots"),
            ("机器视觉", "machine vision"), ("数字孪生", "digital twins"),
            ("精益生产", "lean production"), ("MES", "MES"), ("运动控制", "motion control"),
            ("SolidWorks", "SolidWorks"),
        ],
        [
            ("机械工程", "Mechanical Engineering"),
            ("控制科学与工程", "Control Science and Engineering"),
            ("机械电子工程", "Mechatronic Engineering"),
            ("工业工程", "Industrial Engineering"),
        ],
        [
            ("产线自动化方案的设计与实施",
             "design and implementation of automated production lines"),
            ("工业机器人工作站的集成与调试", "integration and commissioning of robot workstations"),
            ("生产工艺的优化与良率提升", "optimising processes and improving yield"),
            ("智能工厂信息系统的建设", "building the smart factory's information systems"),
        ],
    ),
    "biomedicine": _f(
        [
            ("药物研发科学家", "Drug Discovery Scientist"),
            ("生物工艺工程师", "Bioprocess Engineer"),
            ("临床研究经理", "Clinical Research Manager"),
            ("质量保证专员", "Quality Assurance Specialist"),
            ("分子生物学研究员", "Molecular Biology Researcher"),
            ("药品注册专员", "Regulatory Affairs Specialist"),
            ("抗体药物研究员", "Antibody Drug Researcher"),
        ],
        [
            ("细胞培养", "cell culture"), ("分子克隆", "molecular cloning"), ("CRISPR", "CRISPR"),
            ("高效液相色谱", "HPLC"), ("GMP", "GMP"), ("临床试验设计", "clinical trial design"),
            ("抗体工程", "antibody engineering"), ("生物信息学", "bioinformatics"),
        ],
        [
            ("药学", "Pharmacy"),
            ("生物化学与分子生物学", "Biochemistry and Molecular Biology"),
            ("生物医学工程", "Biomedical Engineering"),
            ("药物化学", "Medicinal Chemistry"),
        ],
        [
            ("创新药物的靶点发现与验证", "target discovery and validation for new drugs"),
            ("生物制品的工艺开发与放大", "process development and scale-up of biologics"),
            ("临床试验方案的设计与执行", "designing and running clinical trials"),
            ("药品注册申报资料的撰写", "writing regulatory submissions"),
        ],
    ),
    "new-energy": _f(
        [
            ("锂电池研发工程师", "Lithium Battery R&D Engineer"),
            ("电池管理系统工程师", "Battery Management System Engineer"),
            ("光伏系统工程师", "Photovoltaic Systems Engineer"),
            ("氢能研发工程师", "Hydrogen Energy R&D Engineer"),
            ("储能系统工程师", "Energy Storage Systems Engineer"),
            ("电化学研究员", "Electrochemistry Researcher"),
        ],
        [
            ("电化学", "electrochemistry"), ("电池管理系统", "battery management systems"),
            ("光伏", "photovoltaics"), ("燃料电池", "fuel cells"), ("储能", "energy storage"),
            ("电力电子", "power electronics"), ("正极材料", "cathode materials"),
        ],
        [
            ("电气工程", "Electrical Engineering"),
            ("材料科学与工程", "Materials Science and Engineering"),
            ("化学工程与技术", "Chemical Engineering and Technology"),
            ("新能源科学与工程", "New Energy Science and Engineering"),
        ],
        [
            ("动力电池电芯的设计与测试", "design and testing of battery cells"),
            ("储能系统的方案设计与集成", "design and integration of energy storage systems"),
            ("新能源电站的技术支持", "technical support for renewable power plants"),
            ("新材料在电池中的应用研究", "research on new materials for batteries"),
        ],
    ),
    "new-materials": _f(
        [
            ("材料研发工程师", "Materials R&D Engineer"),
            ("高分子材料工程师", "Polymer Materials Engineer"),
            ("复合材料工艺工程师", "Composite Materials Process Engineer"),
            ("金属材料研究员", "Metallic Materials Researcher"),
            ("材料分析测试工程师", "Materials Characterisation Engineer"),
            ("石墨烯应用研究员", "Graphene Applications Researcher"),
        ],
        [
            ("材料表征", "materials characterisation"),
            ("扫描电镜", "scanning electron microscopy"),
            ("高分子合成", "polymer synthesis"), ("复合材料成型", "composite moulding"),
            ("热处理", "heat treatment"), ("X射线衍射", "X-ray diffraction"),
            ("石墨烯", "graphene"),
        ],
        [
            ("材料科学与工程", "Materials Science and Engineering"),
            ("高分子材料与工程", "Polymer Materials and Engineering"),
            ("冶金工程", "Metallurgical Engineering"),
            ("无机非金属材料工程", "Inorganic Non-metallic Materials Engineering"),
        ],
        [
            ("新材料配方与工艺的开发", "developing formulations and processes for new materials"),
            ("材料性能的测试与失效分析", "testing material properties and analysing failures"),
            ("新材料产品的中试与量产", "pilot production and scale-up of new materials"),
            ("客户应用端的技术服务", "technical service at customers' sites"),
        ],
    ),
    "software-it": _f(
        [
            ("Java开发工程师", "Java Developer"),
            ("前端开发工程师", "Front-end Developer"),
            ("软件架构师", "Software Architect"),
            ("测试开发工程师", "Software Development Engineer in Test"),
            ("运维开发工程师", "DevOps Engineer"),
            ("信息安全工程师", "Information Security Engineer"),
            ("软件产品经理", "Software Product Manager"),
            ("算法工程师", "Algorithm Engineer"),
        ],
        [
            ("Java", "Java"), ("Python", "Python"), ("Go", "Go"), ("Vue.js", "Vue.js"),
            ("Kubernetes", "Kubernetes"), ("微服务", "microservices"),
            ("分布式系统", "distributed systems"), ("网络安全", "cyber security"),
            ("数据库优化", "database tuning"), ("机器学习", "machine learning"),
        ],
        [
            ("计算机科学与技术", "Computer Science and Technology"),
            ("软件工程", "Software Engineering"),
            ("网络空间安全", "Cyberspace Security"),
            ("人工智能", "Artificial Intelligence"),
        ],
        [
            ("核心业务系统的设计与开发", "design and development of core business systems"),
            ("系统架构的演进与性能优化", "evolving the architecture and tuning performance"),
            ("自动化测试与持续交付体系建设", "building automated testing and continuous delivery"),
            ("信息系统的安全防护", "protecting information systems"),
        ],
    ),
    "digital-economy": _f(
        [
            ("数据分析师", "Data Analyst"),
            ("大数据开发工程师", "Big Data Engineer"),
            ("数据治理专家", "Data Governance Expert"),
            ("数字化转型咨询顾问", "Digital Transformation Consultant"),
            ("区块链工程师", "Blockchain Engineer"),
            ("电商运营经理", "E-commerce Operations Manager"),
        ],
        [
            ("数据挖掘", "data mining"), ("Hadoop", "Hadoop"), ("Spark", "Spark"), ("SQL", "SQL"),
            ("数据可视化", "data visualisation"), ("区块链", "blockchain"),
            ("用户增长", "user growth"), ("工业互联网", "industrial internet"),
        ],
        [
            ("统计学", "Statistics"),
            ("数据科学与大数据技术", "Data Science and Big Data Technology"),
            ("管理科学与工程", "Management Science and Engineering"),
            ("电子商务", "E-commerce"),
        ],
        [
            ("业务数据的采集、清洗与分析", "collecting, cleaning and analysing business data"),
            ("数据平台与数据仓库的建设", "building data platforms and warehouses"),
            ("企业数字化转型方案的规划", "planning enterprises' digital transformation"),
            ("数字产品的运营与增长", "running and growing digital products"),
        ],
    ),
    "automotive": _f(
        [
            ("自动驾驶算法工程师", "Autonomous Driving Algorithm Engineer"),
            ("整车电子电气架构工程师", "Vehicle E/E Architecture Engineer"),
            ("电驱动系统工程师", "Electric Drive Systems Engineer"),
            ("智能座舱软件工程师", "Smart Cockpit Software Engineer"),
            ("汽车底盘工程师", "Chassis Engineer"),
            ("整车测试验证工程师", "Vehicle Test and Validation Engineer"),
        ],
        [
            ("自动驾驶", "autonomous driving"), ("车载以太网", "automotive Ethernet"),
            ("AUTOSAR", "AUTOSAR"), ("电机控制", "motor control"), ("激光雷达", "lidar"),
            ("功能安全", "functional safety"), ("CAN总线", "CAN bus"),
            ("整车标定", "vehicle calibration"),
        ],
        [
            ("车辆工程", "Vehicle Engineering"),
            ("控制科学与工程", "Control Science and Engineering"),
            ("电气工程", "Electrical Engineering"),
            ("计算机科学与技术", "Computer Science and Technology"),
        ],
        [
            ("自动驾驶感知与决策算法的开发",
             "developing perception and planning for autonomous driving"),
            ("整车控制器软件的开发与测试", "developing and testing vehicle controller software"),
            ("新能源汽车三电系统的匹配与标定", "matching and calibrating electric powertrains"),
            ("整车试验与质量问题的分析", "vehicle testing and analysis of quality issues"),
        ],
    ),
    "equipment": _f(
        [
            ("机械设计工程师", "Mechanical Design Engineer"),
            ("液压系统工程师", "Hydraulic Systems Engineer"),
            ("轨道交通装备工程师", "Rail Transit Equipment Engineer"),
            ("航空发动机零部件工程师", "Aero-engine Components Engineer"),
            ("数控工艺工程师", "CNC Process Engineer"),
            ("装备可靠性工程师", "Equipment Reliability Engineer"),
        ],
        [
            ("有限元分析", "finite element analysis"), ("液压传动", "hydraulics"),
            ("数控加工", "CNC machining"), ("结构设计", "structural design"),
            ("振动分析", "vibration analysis"), ("CATIA", "CATIA"), ("焊接工艺", "welding"),
        ],
        [
            ("机械工程", "Mechanical Engineering"),
            ("航空宇航科学与技术", "Aeronautical and Astronautical Science and Technology"),
            ("动力工程及工程热物理", "Power Engineering and Engineering Thermophysics"),
            ("仪器科学与技术", "Instrument Science and Technology"),
        ],
        [
            ("高端装备的总体方案与结构设计", "overall and structural design of high-end equipment"),
            ("关键零部件的工艺开发", "process development for key components"),
            ("装备试验与可靠性提升", "testing equipment and improving its reliability"),
            ("售后技术支持与故障分析", "after-sales support and failure analysis"),
        ],
    ),
    "chemicals": _f(
        [
            ("化工工艺工程师", "Chemical Process Engineer"),
            ("精细化工研发工程师", "Fine Chemicals R&D Engineer"),
            ("安全环保工程师", "HSE Engineer"),
            ("催化剂研究员", "Catalyst Researcher"),
            ("分析化学工程师", "Analytical Chemistry Engineer"),
            ("天然气化工工程师", "Natural Gas Chemicals Engineer"),
        ],
        [
            ("化工工艺设计", "chemical process design"), ("Aspen Plus", "Aspen Plus"),
            ("催化", "catalysis"), ("有机合成", "organic synthesis"),
            ("安全评价", "safety assessment"), ("气相色谱", "gas chromatography"),
            ("天然气化工", "natural gas chemistry"),
        ],
        [
            ("化学工程与技术", "Chemical Engineering and Technology"),
            ("应用化学", "Applied Chemistry"),
            ("有机化学", "Organic Chemistry"),
            ("环境工程", "Environmental Engineering"),
        ],
        [
            ("化工装置的工艺设计与优化", "design and optimisation of chemical plants"),
            ("新产品合成路线的开发", "developing synthesis routes for new products"),
            ("生产过程的安全与环保管理", "managing safety and environmental protection"),
            ("原料与产品的分析检测", "analysing raw materials and products"),
        ],
    ),
    "modern-agriculture": _f(
        [
            ("农业技术推广员", "Agricultural Extension Officer"),
            ("作物育种研究员", "Crop Breeding Researcher"),
            ("畜牧兽医师", "Veterinarian"),
            ("植物保护工程师", "Plant Protection Engineer"),
            ("智慧农业工程师", "Smart Agriculture Engineer"),
            ("食品研发工程师", "Food R&D Engineer"),
        ],
        [
            ("作物育种", "crop breeding"), ("土壤肥料", "soil and fertilisers"),
            ("动物疫病防控", "animal disease control"), ("植物保护", "plant protection"),
            ("农产品加工", "food processing"), ("柑橘栽培", "citrus growing"),
            ("农业物联网", "agricultural IoT"),
        ],
        [
            ("作物学", "Crop Science"),
            ("农业资源与环境", "Agricultural Resources and Environment"),
            ("兽医学", "Veterinary Medicine"),
            ("食品科学与工程", "Food Science and Engineering"),
        ],
        [
            ("新品种的选育与示范推广", "breeding and demonstrating new varieties"),
            ("农业生产技术的培训与指导", "training and advising farmers"),
            ("动植物疫病的监测与防控", "monitoring and controlling plant and animal diseases"),
            ("特色农产品的加工与品牌建设", "processing local produce and building brands"),
        ],
    ),
    "ecology": _f(
        [
            ("环境工程师", "Environmental Engineer"),
            ("环境监测工程师", "Environmental Monitoring Engineer"),
            ("生态修复工程师", "Ecological Restoration Engineer"),
            ("碳排放管理师", "Carbon Emissions Manager"),
            ("水处理工艺工程师", "Water Treatment Process Engineer"),
            ("环评工程师", "Environmental Impact Assessment Engineer"),
        ],
        [
            ("水污染控制", "water pollution control"), ("环境监测", "environmental monitoring"),
            ("生态修复", "ecological restoration"), ("碳核算", "carbon accounting"),
            ("固废处理", "solid waste treatment"),
            ("环境影响评价", "environmental impact assessment"), ("GIS", "GIS"),
        ],
        [
            ("环境科学与工程", "Environmental Science and Engineering"),
            ("生态学", "Ecology"),
            ("地理学", "Geography"),
            ("给排水科学与工程", "Water Supply and Drainage Engineering"),
        ],
        [
            ("污水与固废处理项目的设计与运营",
             "designing and running wastewater and waste projects"),
            ("长江流域生态修复项目的实施", "restoring ecosystems along the Yangtze"),
            ("环境监测数据的分析与报告", "analysing and reporting environmental monitoring data"),
            ("企业碳排放的核算与减排方案", "carbon accounting and reduction plans for companies"),
        ],
    ),
    "civil-engineering": _f(
        [
            ("结构工程师", "Structural Engineer"),
            ("桥梁设计工程师", "Bridge Design Engineer"),
            ("岩土工程师", "Geotechnical Engineer"),
            ("BIM工程师", "BIM Engineer"),
            ("城市规划师", "Urban Planner"),
            ("隧道工程师", "Tunnel Engineer"),
            ("造价工程师", "Cost Engineer"),
        ],
        [
            ("结构设计", "structural design"), ("BIM", "BIM"), ("桥梁工程", "bridge engineering"),
            ("岩土勘察", "geotechnical investigation"), ("隧道施工", "tunnelling"),
            ("工程造价", "cost estimation"), ("AutoCAD", "AutoCAD"),
            ("城市规划", "urban planning"),
        ],
        [
            ("土木工程", "Civil Engineering"),
            ("建筑学", "Architecture"),
            ("城乡规划学", "Urban and Rural Planning"),
            ("交通运输工程", "Transportation Engineering"),
        ],
        [
            ("建筑与桥梁结构的设计与计算", "design and calculation of buildings and bridges"),
            ("山地城市工程的勘察与施工技术支持",
             "site investigation and support in a mountain city"),
            ("项目BIM模型的建立与协同管理", "building BIM models and coordinating projects"),
            ("工程造价与合同的管理", "managing costs and contracts"),
        ],
    ),
    "logistics": _f(
        [
            ("供应链经理", "Supply Chain Manager"),
            ("物流规划师", "Logistics Planner"),
            ("国际货代经理", "International Freight Forwarding Manager"),
            ("仓储运营主管", "Warehouse Operations Supervisor"),
            ("多式联运专员", "Multimodal Transport Specialist"),
            ("跨境电商物流专员", "Cross-border E-commerce Logistics Specialist"),
        ],
        [
            ("供应链管理", "supply chain management"), ("国际货运代理", "freight forwarding"),
            ("仓储管理系统", "warehouse management systems"),
            ("中欧班列", "China-Europe freight trains"), ("多式联运", "multimodal transport"),
            ("报关", "customs clearance"), ("运筹优化", "operations research"),
        ],
        [
            ("物流工程", "Logistics Engineering"),
            ("物流管理", "Logistics Management"),
            ("交通运输", "Transportation"),
            ("国际经济与贸易", "International Economics and Trade"),
        ],
        [
            ("西部陆海新通道物流方案的设计",
             "designing logistics along the New Western Land-Sea Corridor"),
            ("仓储网络的规划与运营", "planning and running the warehouse network"),
            ("国际多式联运业务的拓展", "growing the international multimodal business"),
            ("供应链成本的分析与优化", "analysing and reducing supply-chain costs"),
        ],
    ),
    "finance": _f(
        [
            ("投资经理", "Investment Manager"),
            ("行业研究员", "Industry Analyst"),
            ("风险控制经理", "Risk Control Manager"),
            ("金融科技产品经理", "Fintech Product Manager"),
            ("财务分析师", "Financial Analyst"),
            ("基金运营专员", "Fund Operations Specialist"),
        ],
        [
            ("股权投资", "equity investment"), ("财务分析", "financial analysis"),
            ("尽职调查", "due diligence"), ("风险管理", "risk management"),
            ("估值建模", "valuation modelling"), ("CFA", "CFA"), ("金融科技", "fintech"),
        ],
        [
            ("金融学", "Finance"),
            ("会计学", "Accounting"),
            ("经济学", "Economics"),
            ("金融工程", "Financial Engineering"),
        ],
        [
            ("科技型企业的项目挖掘与投资分析",
             "sourcing and analysing investments in tech companies"),
            ("投资项目的尽职调查与估值", "due diligence and valuation of investment projects"),
            ("投后管理与风险监控", "portfolio management and risk monitoring"),
            ("行业研究报告的撰写", "writing industry research reports"),
        ],
    ),
    "business": _f(
        [
            ("人力资源经理", "Human Resources Manager"),
            ("市场营销经理", "Marketing Manager"),
            ("战略规划专员", "Strategy Planning Specialist"),
            ("招商经理", "Investment Promotion Manager"),
            ("管理咨询顾问", "Management Consultant"),
            ("国际业务经理", "International Business Manager"),
        ],
        [
            ("战略管理", "strategic management"), ("市场营销", "marketing"),
            ("人力资源管理", "human resources"), ("项目管理", "project management"),
            ("商务谈判", "business negotiation"), ("PMP", "PMP"), ("英语", "English"),
        ],
        [
            ("工商管理", "Business Administration"),
            ("管理科学与工程", "Management Science and Engineering"),
            ("人力资源管理", "Human Resource Management"),
            ("应用经济学", "Applied Economics"),
        ],
        [
            ("公司发展战略的研究与落地", "researching and carrying out the company's strategy"),
            ("市场开拓与客户关系的维护", "developing markets and looking after customers"),
            ("人才引进与培养体系的建设", "building recruitment and training"),
            ("招商引资项目的洽谈与服务", "negotiating and serving investment projects"),
        ],
    ),
    "law": _f(
        [
            ("法务经理", "Legal Manager"),
            ("知识产权专员", "Intellectual Property Specialist"),
            ("合规专员", "Compliance Specialist"),
            ("专利代理师", "Patent Attorney"),
            ("涉外法律顾问", "Foreign-related Legal Counsel"),
        ],
        [
            ("合同审查", "contract review"), ("知识产权", "intellectual property"),
            ("专利撰写", "patent drafting"), ("合规管理", "compliance"),
            ("国际商法", "international commercial law"),
            ("法律职业资格", "legal professional qualification"),
        ],
        [
            ("法学", "Law"),
            ("知识产权", "Intellectual Property"),
            ("国际法学", "International Law"),
            ("经济法学", "Economic Law"),
        ],
        [
            ("合同的起草、审查与谈判", "drafting, reviewing and negotiating contracts"),
            ("专利布局与知识产权保护", "patent strategy and protecting intellectual property"),
            ("企业合规体系的建设", "building the compliance system"),
            ("诉讼与仲裁案件的处理", "handling litigation and arbitration"),
        ],
    ),
    "education": _f(
        [
            ("高中数学教师", "High School Mathematics Teacher"),
            ("高中物理教师", "High School Physics Teacher"),
            ("英语教师", "English Teacher"),
            ("课程研发专员", "Curriculum Developer"),
            ("职业教育讲师", "Vocational Education Lecturer"),
            ("教学研究员", "Teaching Researcher"),
        ],
        [
            ("课程设计", "curriculum design"), ("教学研究", "teaching research"),
            ("教师资格证", "teaching certificate"), ("信息化教学", "digital teaching"),
            ("学生管理", "student affairs"), ("双语教学", "bilingual teaching"),
        ],
        [
            ("教育学", "Education"),
            ("数学", "Mathematics"),
            ("物理学", "Physics"),
            ("英语语言文学", "English Language and Literature"),
        ],
        [
            ("学科课程的教学与教研", "teaching and researching the subject"),
            ("学生培养与竞赛指导", "coaching students and contest teams"),
            ("校本课程与教材的开发", "developing school curricula and materials"),
            ("信息化教学改革的推进", "advancing digital teaching"),
        ],
    ),
    "healthcare": _f(
        [
            ("临床医师（心血管内科）", "Physician (Cardiology)"),
            ("临床医师（肿瘤科）", "Physician (Oncology)"),
            ("麻醉科医师", "Anaesthesiologist"),
            ("医学影像科医师", "Radiologist"),
            ("护理骨干", "Senior Nurse"),
            ("公共卫生医师", "Public Health Physician"),
            ("检验科技师", "Laboratory Technologist"),
            ("全科医师", "General Practitioner"),
        ],
        [
            ("临床诊疗", "clinical practice"), ("医学影像诊断", "diagnostic imaging"),
            ("流行病学调查", "epidemiological investigation"), ("重症医学", "critical care"),
            ("执业医师资格", "medical licence"), ("规范化培训", "standardised residency training"),
            ("医学统计", "medical statistics"),
        ],
        [
            ("临床医学", "Clinical Medicine"),
            ("公共卫生与预防医学", "Public Health and Preventive Medicine"),
            ("护理学", "Nursing"),
            ("医学技术", "Medical Technology"),
        ],
        [
            ("临床诊疗与会诊工作", "clinical diagnosis, treatment and consultations"),
            ("学科建设与临床研究", "building the department and clinical research"),
            ("住院医师与进修医师的带教", "teaching residents and visiting doctors"),
            ("突发公共卫生事件的应对", "responding to public health emergencies"),
        ],
    ),
    "culture-tourism": _f(
        [
            ("文旅策划经理", "Cultural Tourism Planning Manager"),
            ("新媒体运营", "New Media Editor"),
            ("文物保护研究员", "Cultural Heritage Researcher"),
            ("展陈设计师", "Exhibition Designer"),
            ("影视编导", "Film and TV Director"),
            ("文创产品设计师", "Cultural Product Designer"),
        ],
        [
            ("文旅策划", "tourism planning"), ("新媒体运营", "new media"),
            ("文物保护", "heritage conservation"), ("视觉设计", "visual design"),
            ("短视频制作", "short video production"), ("展览策划", "exhibition curation"),
        ],
        [
            ("旅游管理", "Tourism Management"),
            ("新闻传播学", "Journalism and Communication"),
            ("考古学", "Archaeology"),
            ("设计学", "Design"),
        ],
        [
            ("巴渝文化旅游项目的策划与运营", "planning and running Bayu cultural tourism projects"),
            ("新媒体内容的策划与传播", "producing and promoting new-media content"),
            ("文物与非遗的研究与保护", "researching and protecting heritage"),
            ("文创产品的设计与开发", "designing cultural products"),
        ],
    ),
    "other": _f(
        [
            ("综合管理岗", "General Administration Officer"),
            ("行政主管", "Administrative Supervisor"),
            ("项目专员", "Project Specialist"),
            ("翻译", "Translator"),
        ],
        [
            ("公文写作", "official writing"), ("项目协调", "project coordination"),
            ("办公软件", "office software"), ("日语", "Japanese"), ("英语", "English"),
        ],
        [
            ("汉语言文学", "Chinese Language and Literature"),
            ("行政管理", "Public Administration"),
            ("翻译", "Translation"),
        ],
        [
            ("综合事务的协调与管理", "coordinating general affairs"),
            ("文件起草与会议组织", "drafting documents and organising meetings"),
            ("对外联络与接待", "liaising with partners and hosting visitors"),
            ("专项项目的推进", "advancing special projects"),
        ],
    ),
}  # fmt: skip

# How many talents and jobs each field draws (the conference's emphasis: electronic
# information, smart manufacturing, biomedicine, new energy).
FIELD_WEIGHTS = {
    "electronic-information": 14, "smart-manufacturing": 12, "biomedicine": 11,
    "new-energy": 8, "new-materials": 7, "software-it": 9, "digital-economy": 6,
    "automotive": 7, "equipment": 5, "chemicals": 4, "modern-agriculture": 3, "ecology": 3,
    "civil-engineering": 4, "logistics": 2, "finance": 4, "business": 5, "law": 2,
    "education": 5, "healthcare": 7, "culture-tourism": 2, "other": 1,
}  # fmt: skip

# Fields that go together in one person's profile (a field may be in several groups).
FIELD_GROUPS = [
    {"electronic-information", "smart-manufacturing", "new-energy", "new-materials",
     "software-it", "digital-economy", "automotive", "equipment", "chemicals"},
    {"biomedicine", "healthcare", "modern-agriculture", "ecology", "chemicals"},
    {"civil-engineering", "logistics", "ecology", "equipment"},
    {"finance", "business", "law", "education", "culture-tourism", "digital-economy",
     "logistics"},
]  # fmt: skip
# The conference's emphasis, which employers' job requirements follow too.
JOB_FIELD_EMPHASIS = {
    "electronic-information": 1.6, "smart-manufacturing": 1.8, "biomedicine": 1.6,
    "new-energy": 1.6, "automotive": 1.3, "new-materials": 1.2, "software-it": 1.1,
}  # fmt: skip

# An enterprise's industry (words.INDUSTRIES, as its description names it) -> its fields.
INDUSTRY_FIELDS = {
    "科技": {"electronic-information": 3, "software-it": 3, "smart-manufacturing": 2,
             "digital-economy": 2},
    "电子": {"electronic-information": 6, "smart-manufacturing": 1},
    "信息技术": {"software-it": 5, "digital-economy": 2, "electronic-information": 1},
    "智能装备": {"smart-manufacturing": 4, "equipment": 3},
    "生物医药": {"biomedicine": 6, "healthcare": 1},
    "新能源": {"new-energy": 6, "new-materials": 1},
    "汽车零部件": {"automotive": 5, "smart-manufacturing": 2, "equipment": 1},
    "新材料": {"new-materials": 6, "chemicals": 1},
    "软件": {"software-it": 6},
    "大数据": {"digital-economy": 5, "software-it": 2},
    "环保科技": {"ecology": 5, "chemicals": 1},
    "物流": {"logistics": 6},
    "建设工程": {"civil-engineering": 6},
    "食品": {"modern-agriculture": 4, "biomedicine": 1},
    "医疗器械": {"biomedicine": 4, "electronic-information": 1, "healthcare": 1},
    "机械制造": {"equipment": 5, "smart-manufacturing": 2},
    "化工": {"chemicals": 6, "new-materials": 1},
    "文化传媒": {"culture-tourism": 5},
    "农业开发": {"modern-agriculture": 6},
    "检测技术": {"new-materials": 2, "chemicals": 2, "electronic-information": 1,
                 "biomedicine": 1},
    "通信技术": {"electronic-information": 5, "software-it": 2},
    "半导体": {"electronic-information": 6, "new-materials": 1},
    "人工智能": {"software-it": 4, "digital-economy": 2, "electronic-information": 1},
    "光电": {"electronic-information": 5, "new-materials": 1},
    "数字科技": {"digital-economy": 5, "software-it": 2},
    "电气": {"equipment": 3, "electronic-information": 2, "new-energy": 2},
    "教育科技": {"education": 4, "software-it": 2},
}  # fmt: skip
# Every enterprise also recruits some managers, lawyers and accountants.
ENTERPRISE_SUPPORT_FIELDS = {"business": 0.6, "finance": 0.2, "law": 0.15}

# Other employers: the first keyword found in the Chinese name gives the fields.
NAME_FIELDS: list[tuple[tuple[str, ...], dict[str, int]]] = [
    (("重庆大学",), {"electronic-information": 3, "smart-manufacturing": 3, "automotive": 2,
                   "new-materials": 2, "new-energy": 2, "civil-engineering": 2, "software-it": 2,
                   "equipment": 2, "biomedicine": 1, "business": 1, "law": 1}),
    (("西南大学",), {"modern-agriculture": 3, "education": 3, "biomedicine": 2,
                   "electronic-information": 1, "software-it": 1, "new-materials": 1,
                   "ecology": 2, "business": 1, "culture-tourism": 1}),
    (("医科", "医院", "中医", "妇幼", "卫生", "精准医学"), {"healthcare": 6, "biomedicine": 2}),
    (("疾病预防",), {"healthcare": 6}),
    (("政法",), {"law": 6, "business": 1}),
    (("外国语",), {"education": 5, "culture-tourism": 2, "business": 1}),
    (("美术",), {"culture-tourism": 6, "education": 2}),
    (("邮电",), {"electronic-information": 4, "software-it": 4, "digital-economy": 1}),
    (("交通",), {"civil-engineering": 4, "logistics": 3, "automotive": 1}),
    (("工商",), {"business": 4, "finance": 3, "digital-economy": 1}),
    (("师范", "中学", "职业教育", "教育"), {"education": 6}),
    (("生物医药",), {"biomedicine": 6, "healthcare": 1}),
    (("新能源汽车",), {"automotive": 6, "new-energy": 2}),
    (("先进能源", "能源"), {"new-energy": 6}),
    (("新材料",), {"new-materials": 6}),
    (("集成电路", "光电"), {"electronic-information": 6}),
    (("智能制造", "工业软件"), {"smart-manufacturing": 5, "software-it": 2, "equipment": 2}),
    (("人工智能", "大数据", "数字经济", "智慧城市", "信息"),
     {"software-it": 4, "digital-economy": 3, "electronic-information": 1}),
    (("农业", "畜牧", "水产", "林业"), {"modern-agriculture": 6, "ecology": 1}),
    (("环境", "生态"), {"ecology": 6}),
    (("地质", "测绘", "规划", "水利", "建筑"), {"civil-engineering": 6, "ecology": 1}),
    (("文化", "图书馆", "融媒体", "旅游", "体育"), {"culture-tourism": 6}),
    (("经济", "社会科学", "人才", "就业", "人力资源", "社会保险", "公共资源"),
     {"business": 5, "law": 1, "finance": 1}),
    (("气象", "计量", "检验检测"), {"ecology": 2, "equipment": 2, "other": 1}),
    (("理工", "科技"), {"electronic-information": 2, "smart-manufacturing": 2, "software-it": 2,
                     "new-materials": 1, "equipment": 1, "biomedicine": 1}),
]  # fmt: skip
# Universities named by none of the keywords teach a bit of everything.
UNIVERSITY_FIELDS = {
    "electronic-information": 3, "smart-manufacturing": 2, "biomedicine": 2, "new-energy": 1,
    "new-materials": 2, "software-it": 3, "digital-economy": 1, "civil-engineering": 2,
    "business": 2, "education": 3, "law": 1, "culture-tourism": 1, "modern-agriculture": 1,
    "ecology": 1,
}  # fmt: skip
INVESTOR_FIELDS = {"finance": 6, "business": 1}
PARK_FIELDS = {"business": 5, "logistics": 1, "digital-economy": 1}

# Jobs of universities and research institutes, and of public institutions outside
# hospitals and schools, built on a major: (Chinese, English, minimum degree, title).
UNIVERSITY_POSTS = [
    ("{m}学科带头人", "Discipline Leader in {m}", "doctor", "senior", 1),
    ("{m}方向教授", "Professor of {m}", "doctor", "senior", 2),
    ("{m}方向副教授", "Associate Professor of {m}", "doctor", "associate_senior", 4),
    ("{m}专任教师", "Lecturer in {m}", "doctor", "", 6),
    ("{m}博士后研究人员", "Postdoctoral Researcher in {m}", "doctor", "", 5),
    ("{m}科研助理", "Research Assistant in {m}", "master", "", 2),
    ("{m}实验技术人员", "Laboratory Technician in {m}", "master", "", 1),
]
INSTITUTION_POSTS = [
    ("{m}专业技术岗", "Professional Post in {m}", "master", "", 5),
    ("{m}科研岗", "Research Post in {m}", "doctor", "", 3),
    ("{m}高层次人才引进岗", "High-level Talent Post in {m}", "doctor", "associate_senior", 1),
    ("{m}工程师", "Engineer in {m}", "master", "intermediate", 2),
]

# (Chinese, English) of how an employer rewards, by kind; {n} is filled with a number.
BENEFITS_ENTERPRISE = [
    ("五险一金、带薪年假、年度体检、节日福利", "social insurance and housing fund, paid leave, "
     "an annual health check and holiday benefits"),
    ("提供人才公寓或住房补贴，年终奖金", "a talent apartment or housing allowance and a year-end "
     "bonus"),
    ("股权激励，弹性工作时间，免费班车和工作餐", "stock options, flexible hours, a free shuttle "
     "bus and meals"),
    ("按重庆市人才政策享受安家补贴和子女入学服务", "settling-in allowance and school places for "
     "children under Chongqing's talent policies"),
]  # fmt: skip
BENEFITS_UNIVERSITY = [
    ("提供安家费{n}万元、科研启动经费和周转住房", "a settling-in allowance of CNY {n}0,000, "
     "research start-up funding and temporary housing"),
    ("入选者可申报重庆英才计划，享受配偶安置和子女入学服务", "eligibility for the Chongqing "
     "Talents Program, help finding a job for a spouse and school places for children"),
]  # fmt: skip
BENEFITS_INSTITUTION = [
    ("事业编制，按国家和重庆市规定享受工资福利待遇", "a permanent public-institution post with "
     "the salary and benefits set by national and Chongqing rules"),
    ("博士研究生可享受人才引进安家补贴{n}万元", "doctors receive a settling-in allowance of "
     "CNY {n}0,000"),
]  # fmt: skip

JOB_REJECTION_REASONS = [
    "岗位描述中含有性别限制，违反《就业促进法》，请修改后重新提交。/ The description restricts "
    "applicants by sex, contrary to the Employment Promotion Law; please correct it and submit "
    "again.",
    "薪酬范围填写有误（应为月薪，单位为元），请核对后重新提交。/ The salary range looks wrong (it "
    "is monthly, in CNY); please check it and submit again.",
    "岗位职责与任职要求过于简略，请补充后重新提交。/ The duties and requirements are too brief; "
    "please complete them and submit again.",
    "联系方式为个人手机号且未注明单位，请填写单位联系方式。/ The contact is a private mobile "
    "number without the organisation's name; please give the organisation's contact.",
    "该岗位与已发布岗位重复，请勿重复提交。/ This job requirement repeats one already published; "
    "please do not submit it twice.",
]

# --- Talents -----------------------------------------------------------------------------------
# Chinese universities: (Chinese, English, weight); Chongqing's own and the big ones weigh most.
CHINESE_UNIVERSITIES = [
    ("重庆大学", "Chongqing University", 12), ("西南大学", "Southwest University", 9),
    ("重庆医科大学", "Chongqing Medical University", 5),
    ("重庆邮电大学", "Chongqing University of Posts and Telecommunications", 5),
    ("重庆交通大学", "Chongqing Jiaotong University", 4),
    ("重庆师范大学", "Chongqing Normal University", 3),
    ("西南政法大学", "Southwest University of Political Science and Law", 2),
    ("重庆理工大学", "Chongqing University of Technology", 3),
    ("重庆工商大学", "Chongqing Technology and Business University", 2),
    ("四川大学", "Sichuan University", 6),
    ("电子科技大学", "University of Electronic Science and Technology of China", 5),
    ("西南交通大学", "Southwest Jiaotong University", 4),
    ("西南财经大学", "Southwestern University of Finance and Economics", 2),
    ("清华大学", "Tsinghua University", 3), ("北京大学", "Peking University", 3),
    ("浙江大学", "Zhejiang University", 3), ("上海交通大学", "Shanghai Jiao Tong University", 3),
    ("复旦大学", "Fudan University", 2), ("武汉大学", "Wuhan University", 3),
    ("华中科技大学", "Huazhong University of Science and Technology", 4),
    ("中山大学", "Sun Yat-sen University", 2), ("南京大学", "Nanjing University", 2),
    ("哈尔滨工业大学", "Harbin Institute of Technology", 3),
    ("西安交通大学", "Xi'an Jiaotong University", 3),
    ("中国科学技术大学", "University of Science and Technology of China", 3),
    ("同济大学", "Tongji University", 2),
    ("西北工业大学", "Northwestern Polytechnical University", 2),
    ("东南大学", "Southeast University", 2),
    ("中国科学院大学", "University of Chinese Academy of Sciences", 4),
    ("天津大学", "Tianjin University", 2), ("山东大学", "Shandong University", 2),
    ("吉林大学", "Jilin University", 2), ("兰州大学", "Lanzhou University", 2),
    ("湖南大学", "Hunan University", 2), ("中南大学", "Central South University", 3),
    ("厦门大学", "Xiamen University", 2),
    ("北京航空航天大学", "Beihang University", 2),
    ("北京理工大学", "Beijing Institute of Technology", 2),
    ("中国农业大学", "China Agricultural University", 1),
    ("西北农林科技大学", "Northwest A&F University", 1),
    ("四川农业大学", "Sichuan Agricultural University", 1),
    ("中国人民大学", "Renmin University of China", 1),
]  # fmt: skip

# Where overseas talents come from (country or region, weight) and universities there.
OVERSEAS = [
    ("United States", 24, ["Massachusetts Institute of Technology", "Stanford University",
     "University of California, Berkeley", "Harvard University", "Carnegie Mellon University",
     "University of Michigan", "Johns Hopkins University", "Purdue University",
     "Georgia Institute of Technology"]),
    ("United Kingdom", 12, ["University of Cambridge", "University of Oxford",
     "Imperial College London", "University College London", "University of Manchester",
     "University of Edinburgh"]),
    ("Germany", 9, ["Technical University of Munich", "RWTH Aachen University",
     "Heidelberg University", "Karlsruhe Institute of Technology"]),
    ("Japan", 9, ["The University of Tokyo", "Kyoto University", "Osaka University",
     "Tohoku University"]),
    ("Australia", 8, ["The University of Melbourne", "The University of Sydney", "UNSW Sydney",
     "Monash University"]),
    ("Singapore", 7, ["National University of Singapore", "Nanyang Technological University"]),
    ("Canada", 7, ["University of Toronto", "The University of British Columbia",
     "McGill University", "University of Waterloo"]),
    ("Hong Kong SAR", 6, ["The University of Hong Kong",
     "The Hong Kong University of Science and Technology",
     "The Chinese University of Hong Kong"]),
    ("France", 4, ["Sorbonne University", "École Polytechnique", "Université Paris-Saclay"]),
    ("South Korea", 3, ["Seoul National University", "KAIST"]),
    ("Netherlands", 3, ["Delft University of Technology", "University of Amsterdam"]),
    ("Switzerland", 2, ["ETH Zurich", "EPFL"]),
    ("Sweden", 2, ["KTH Royal Institute of Technology", "Karolinska Institutet"]),
    ("Russia", 2, ["Lomonosov Moscow State University", "Saint Petersburg State University"]),
    ("Italy", 1, ["Politecnico di Milano"]),
    ("Belgium", 1, ["KU Leuven"]),
    ("New Zealand", 1, ["The University of Auckland"]),
    ("Macao SAR", 1, ["University of Macau"]),
]  # fmt: skip

# Where talents would like to work: the main urban districts and the functional areas
# weigh most; every other district or county weighs 1.
DESIRED_DISTRICT_WEIGHTS = {
    "liangjiang": 14, "gaoxin": 12, "yubei": 10, "yuzhong": 9, "jiangbei": 9,
    "shapingba": 8, "jiulongpo": 8, "nanan": 8, "banan": 4, "beibei": 4, "dadukou": 2,
    "yongchuan": 2, "jiangjin": 2, "hechuan": 2, "bishan": 2, "fuling": 2, "wanzhou": 2,
}  # fmt: skip

DEGREE_WORDS = {"bachelor": ("学士", "Bachelor"), "master": ("硕士", "Master"),
                "doctor": ("博士", "PhD")}  # fmt: skip
# What a job advertisement says of a minimum degree.
DEGREE_REQUIREMENTS = {
    "": ("学历不限", "Any degree"),
    "bachelor": ("本科及以上学历", "A bachelor's degree or higher"),
    "master": ("硕士研究生及以上学历", "A master's degree or higher"),
    "doctor": ("博士研究生学历", "A doctorate"),
}
TITLE_REQUIREMENTS = {
    "junior": ("具有初级及以上专业技术职称", "A junior professional title or higher"),
    "intermediate": ("具有中级及以上专业技术职称", "An intermediate professional title or higher"),
    "associate_senior": ("具有副高级及以上专业技术职称",
                         "An associate senior professional title or higher"),
    "senior": ("具有正高级专业技术职称", "A senior professional title"),
}  # fmt: skip

# Employers in work histories: {city}{trade name}{industry}有限公司, or abroad.
WORK_CITIES = [
    ("重庆", "Chongqing"),
    ("成都", "Chengdu"),
    ("深圳", "Shenzhen"),
    ("上海", "Shanghai"),
    ("北京", "Beijing"),
    ("武汉", "Wuhan"),
    ("西安", "Xi'an"),
]
OVERSEAS_EMPLOYER_FORMS = ["{b} Technologies Inc.", "{b} Labs GmbH", "{b} Systems Ltd.",
                           "{b} Research Pte. Ltd.", "{b} Biosciences LLC"]  # fmt: skip

# --- Applications ------------------------------------------------------------------------------
COVER_NOTES = [
    (
        "您好，我对贵单位的{job}岗位很感兴趣，相关经历见简历，期待进一步沟通。",
        "Hello, I am very interested in the {job} position; my experience is in my CV and I look "
        "forward to hearing from you.",
    ),
    (
        "本人长期从事相关方向研究，希望回渝发展，恳请考虑。",
        "I have worked in this area for years and would like to come (back) to Chongqing. Thank "
        "you for considering my application.",
    ),
    (
        "我可以在大会期间到现场面试，也可以线上面试。",
        "I can come for an interview during the conference, or meet online.",
    ),
    (
        "附上最新简历，代表性成果已在简历中列出。",
        "My latest CV is attached; my main publications and projects are listed there.",
    ),
]
NOTES = [
    "简历与岗位高度匹配，建议安排面试。",
    "研究方向对口，论文质量较高。",
    "有海外博士后经历，可重点关注。",
    "期望薪资偏高，需与部门负责人沟通。",
    "项目经验丰富，沟通表达清楚。",
    "面试表现良好，专业基础扎实。",
    "与团队需求略有差距，可作为备选。",
    "已电话沟通，候选人可于大会期间到现场面试。",
]
# (from the organisation in Chinese, in English, the talent's answer in Chinese, in English)
MESSAGES = [
    (
        "您好，您的简历已通过初筛，方便时请补充一份代表性成果清单。",
        "Hello, your CV has passed our first screening. Could you send us a list of your main "
        "achievements?",
        "好的，已整理成果清单，稍后发送，谢谢！",
        "Certainly, I will send the list shortly. Thank you!",
    ),
    (
        "您好，请问您最早什么时候可以入职？",
        "Hello, when could you start at the earliest?",
        "您好，我可以在一个月内到岗。",
        "Hello, I could start within a month.",
    ),
    (
        "感谢您参加面试，我们会在一周内告知结果。",
        "Thank you for the interview; we will let you know the outcome within a week.",
        "谢谢，期待您的消息。",
        "Thank you, I look forward to hearing from you.",
    ),
    (
        "您好，大会期间我们在悦来国际会议中心设有展位，欢迎前来面谈。",
        "Hello, we have a stand at the Yuelai International Convention Center during the "
        "conference; you are welcome to meet us there.",
        "好的，我会在开幕当天下午过去。",
        "Great, I will come by on the afternoon of the opening day.",
    ),
]
INVITATION_MESSAGES = [
    (
        "请从以下时间中选择一个参加面试，如均不方便请留言。",
        "Please choose one of these times for your interview, or write to us if none suits you.",
    ),
    (
        "面试约40分钟，包括学术报告和答辩。",
        "The interview takes about 40 minutes, including a short presentation and questions.",
    ),
]
REJECTION_NOTES = [
    "经综合评估，与岗位要求暂不匹配。",
    "岗位已有合适人选。",
    "专业方向与岗位需求差距较大。",
]
# Where on-site interviews during the conference take place.
CONFERENCE_BOOTH = "悦来国际会议中心 人才招聘洽谈区 {n}号展位"
