"""The job fair's figures: job requirements received (every one but drafts).

A requirement counts from its first submission (`first_submitted_at`, kept when it is
rejected and submitted again), so that the figures at a past moment do not change.
"""

from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from yingcai.core.registry.figures import Figure, register

from .models import Job


def _received():
    # Rejected and closed requirements were received too: the press release counts them.
    # Rows written in bulk (the demo) have no first moment apart: their submission is it.
    return Job.objects.exclude(status=Job.Status.DRAFT).annotate(
        counted_from=Coalesce("first_submitted_at", "submitted_at")
    )


register(
    Figure(
        key="job_requirements",
        label=_("job requirements"),
        unit=_("job requirements"),
        rows=_received,
        since="counted_from",
        breakdowns={
            "day": "counted_from",
            "field": "field__slug",
            "district": "district__slug",
            "degree": "degree_min",
        },
        help=_("Job requirements employers submitted, whatever became of them later."),
        order=10,
    )
)
