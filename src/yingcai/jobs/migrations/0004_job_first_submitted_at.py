from django.db import migrations, models
from django.db.models import F


def backfill(apps, schema_editor):
    # The best knowledge of the first submission there is: the last one recorded.
    Job = apps.get_model("jobs", "Job")
    Job.objects.filter(first_submitted_at__isnull=True, submitted_at__isnull=False).update(
        first_submitted_at=F("submitted_at")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("jobs", "0003_search_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="job",
            name="first_submitted_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="first submitted"
            ),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True),
    ]
