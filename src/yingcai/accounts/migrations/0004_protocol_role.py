from django.db import migrations


def create(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name="protocol")


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_recruitment_role")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
