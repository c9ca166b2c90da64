from django.db import migrations, models


def backfill(apps, schema_editor):
    """Transfers made before the field existed take the moment of the first application."""
    PostApplication = apps.get_model("institutions", "PostApplication")
    moments = {}
    transfers = PostApplication.objects.filter(transferred_from__isnull=False).order_by("pk")
    for application in transfers.select_related("transferred_from"):
        previous = application.transferred_from
        first = moments.get(previous.pk) or previous.first_submitted_at or previous.submitted_at
        moments[application.pk] = first
        application.first_submitted_at = first
        application.save(update_fields=["first_submitted_at"])


class Migration(migrations.Migration):
    dependencies = [
        ("institutions", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="postapplication",
            name="first_submitted_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="first submitted"
            ),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True),
    ]
