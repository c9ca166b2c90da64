from django.db import migrations


def load(apps, schema_editor):
    from yingcai.core.fields import DISCIPLINE_FIELDS

    DisciplineField = apps.get_model("core", "DisciplineField")
    for position, (slug, zh, en) in enumerate(DISCIPLINE_FIELDS, start=1):
        DisciplineField.objects.update_or_create(
            slug=slug,
            defaults={"name": zh, "name_zh_hans": zh, "name_en": en, "position": position},
        )


class Migration(migrations.Migration):
    dependencies = [("core", "0003_discipline_fields")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
