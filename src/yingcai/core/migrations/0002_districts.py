from django.db import migrations


def load(apps, schema_editor):
    from yingcai.core.districts import DISTRICTS

    District = apps.get_model("core", "District")
    for position, (slug, code, zh, en, kind) in enumerate(DISTRICTS, start=1):
        District.objects.update_or_create(
            slug=slug,
            defaults={
                "code": code,
                "name": zh,
                "name_zh_hans": zh,
                "name_en": en,
                "kind": kind,
                "position": position,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
