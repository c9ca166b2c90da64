"""The discipline fields: one taxonomy shared by jobs, talents, projects and the statistics."""

# (slug, Chinese name, English name)
DISCIPLINE_FIELDS: list[tuple[str, str, str]] = [
    ("electronic-information", "电子信息", "Electronic information"),
    ("smart-manufacturing", "智能制造", "Smart manufacturing"),
    ("biomedicine", "生物医药", "Biomedicine"),
    ("new-energy", "新能源", "New energy"),
    ("new-materials", "新材料", "New materials"),
    ("software-it", "软件和信息服务", "Software and information services"),
    ("digital-economy", "数字经济", "Digital economy"),
    ("automotive", "智能网联新能源汽车", "Intelligent connected and new-energy vehicles"),
    ("equipment", "高端装备", "High-end equipment"),
    ("chemicals", "化工", "Chemicals"),
    ("modern-agriculture", "现代农业", "Modern agriculture"),
    ("ecology", "生态环保", "Ecology and environmental protection"),
    ("civil-engineering", "土木建筑", "Civil engineering and construction"),
    ("logistics", "现代物流", "Modern logistics"),
    ("finance", "金融", "Finance"),
    ("business", "经济与管理", "Economics and management"),
    ("law", "法律", "Law"),
    ("education", "教育", "Education"),
    ("healthcare", "医疗卫生", "Healthcare"),
    ("culture-tourism", "文化旅游", "Culture and tourism"),
    ("other", "其他", "Other"),
]
