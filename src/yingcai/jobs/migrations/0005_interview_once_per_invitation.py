from django.db import migrations, models
from django.db.models import Count


def detach_double_bookings(apps, schema_editor):
    """Before the constraint: bookings made twice for one invitation (possible before it)
    keep the first attached to the invitation; the later ones stay as interviews, detached,
    so no one's booked time disappears without a word."""
    Interview = apps.get_model("jobs", "Interview")
    doubled = (
        Interview.objects.filter(invitation__isnull=False)
        .values("application_id", "invitation_id")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
    )
    for pair in doubled:
        later = Interview.objects.filter(
            application_id=pair["application_id"], invitation_id=pair["invitation_id"]
        ).order_by("booked_at", "id")[1:]
        Interview.objects.filter(pk__in=[i.pk for i in later]).update(invitation=None)


class Migration(migrations.Migration):
    dependencies = [
        ("jobs", "0004_job_first_submitted_at"),
    ]

    operations = [
        migrations.RunPython(detach_double_bookings, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="interview",
            constraint=models.UniqueConstraint(
                fields=("application", "invitation"), name="jobs_interview_once_per_invitation"
            ),
        ),
    ]
