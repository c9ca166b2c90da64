"""The site settings now belong to the conference (conference.0003_sitesettings, which
renamed their table): the portal forgets the model without touching the database."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0002_defaults"),
        ("conference", "0003_sitesettings"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="SiteSettings")],
        ),
    ]
