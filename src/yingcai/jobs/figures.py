"""The job fair's figures: job requirements received (every one but drafts)."""

from django.utils.translation import gettext_lazy as _

from yingcai.stats.registry import Figure, register

from .models import Job


def _received():
    # Rejected and closed requirements were received too: the press release counts them.
    return Job.objects.exclude(status=Job.Status.DRAFT)


register(
    Figure(
        key="job_requirements",
        label=_("job requirements"),
        unit=_("job requirements"),
        rows=_received,
        since="submitted_at",
        breakdowns={
            "day": "submitted_at",
            "field": "field__slug",
            "district": "district__slug",
            "degree": "degree_min",
        },
        help=_("Job requirements employers submitted, whatever became of them later."),
        order=10,
    )
)
