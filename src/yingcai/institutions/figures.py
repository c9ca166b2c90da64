"""Public-institution recruitment's figures: applications by level, and the doctors among them.

Applications are counted as `stats.applications` counts them: once per post applied to,
withdrawn ones included, a transfer once at the post transferred to.
"""

from django.utils.translation import gettext_lazy as _

from yingcai.organisations.models import Organisation
from yingcai.stats.registry import Figure, register

from . import stats

BREAKDOWNS = {
    "day": "submitted_at",
    "field": "post__fields__slug",
    "district": "post__institution__district__slug",
    "degree": "degree",
}
MUNICIPAL, DISTRICT = Organisation.Level.MUNICIPAL, Organisation.Level.DISTRICT


def _of(level, **more):
    return lambda: stats.applications().filter(post__institution__level=level, **more)


register(
    Figure(
        key="institution_applications",
        label=_("applications to public institutions"),
        unit=_("applications"),
        rows=stats.applications,
        since="submitted_at",
        breakdowns={**BREAKDOWNS, "level": "post__institution__level"},
        order=30,
    )
)
register(
    Figure(
        key="institution_applications_municipal",
        label=_("applications to municipal public institutions"),
        unit=_("applications"),
        rows=_of(MUNICIPAL),
        since="submitted_at",
        breakdowns=BREAKDOWNS,
        order=31,
    )
)
register(
    Figure(
        key="institution_applications_municipal_doctors",
        label=_("applications from doctors to municipal public institutions"),
        unit=_("applications"),
        rows=_of(MUNICIPAL, degree="doctor"),
        since="submitted_at",
        breakdowns={k: v for k, v in BREAKDOWNS.items() if k != "degree"},
        order=32,
    )
)
register(
    Figure(
        key="institution_applications_district",
        label=_("applications to district and county public institutions"),
        unit=_("applications"),
        rows=_of(DISTRICT),
        since="submitted_at",
        breakdowns=BREAKDOWNS,
        order=33,
    )
)
