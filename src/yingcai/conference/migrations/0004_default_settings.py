"""The site settings row exists from the first `migrate`.

On a real database `portal.0002_defaults` made it and `0003_sitesettings` carried it over, so
this finds it and does nothing. It is here for the data migrations that the browser tests
replay on today's schema after each flush (tests/browser/conftest.py), where the portal's
table of `0002_defaults` no longer exists and the settings are made on the conference's.
"""

from django.db import migrations


def create(apps, schema_editor):
    SiteSettings = apps.get_model("conference", "SiteSettings")
    if not SiteSettings.objects.exists():
        SiteSettings.objects.create(
            site_name="英才大会",
            site_name_zh_hans="英才大会",
            site_name_en="Talents Conference",
            report_phone="+86-23-67230470",
        )


class Migration(migrations.Migration):
    dependencies = [("conference", "0003_sitesettings")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
