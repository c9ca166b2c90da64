from django.db import migrations

# The seed's four ("electronic information, smart manufacturing, biomedicine and new energy")
# first, then Chongqing's other strategic emerging industries.
INDUSTRIES = [
    ("electronic-information", "电子信息", "Electronic information"),
    ("smart-manufacturing", "智能制造", "Smart manufacturing"),
    ("biomedicine", "生物医药", "Biomedicine"),
    ("new-energy", "新能源", "New energy"),
    ("intelligent-vehicles", "智能网联新能源汽车", "Intelligent connected vehicles"),
    ("new-materials", "新材料", "New materials"),
    ("digital-economy", "数字经济", "Digital economy"),
    ("green-low-carbon", "绿色环保", "Green and low-carbon"),
    ("modern-agriculture", "现代农业", "Modern agriculture"),
    ("modern-services", "现代服务业", "Modern services"),
]


def load(apps, schema_editor):
    Industry = apps.get_model("projects", "Industry")
    for position, (slug, zh, en) in enumerate(INDUSTRIES):
        Industry.objects.update_or_create(
            slug=slug,
            defaults={
                "name": zh,
                "name_zh_hans": zh,
                "name_en": en,
                "position": position,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("projects", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
