from django.db import migrations

# The staff roles of yingcai.core.rules; rules, not model permissions, decide
# what each may do, so the groups carry no permissions.
ROLES = ("organiser-admin", "editor", "moderator", "verifier")


def create(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLES:
        Group.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
