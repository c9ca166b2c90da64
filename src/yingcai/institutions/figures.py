"""Public-institution recruitment's figures: applications by level, and the doctors among them.

Applications are counted as `stats.applications` counts them: once per post applied to,
withdrawn ones included, a transfer once at the post transferred to — from the moment of
the first application it comes from (`first_submitted_at`), so that a transferred application
counts before its transfer too and the figures at a past moment do not change.
"""

from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from yingcai.core.registry.figures import Figure, register
from yingcai.organisations.models import Organisation

from . import stats

BREAKDOWNS = {
    "day": "counted_from",
    "field": "post__fields__slug",
    "district": "post__institution__district__slug",
    "degree": "degree",
}
MUNICIPAL, DISTRICT = Organisation.Level.MUNICIPAL, Organisation.Level.DISTRICT


def _received():
    return stats.applications().annotate(
        counted_from=Coalesce("first_submitted_at", "submitted_at")
    )


def _of(level, **more):
    return lambda: _received().filter(post__institution__level=level, **more)


register(
    Figure(
        key="institution_applications",
        label=_("applications to public institutions"),
        unit=_("applications"),
        rows=_received,
        since="counted_from",
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
        since="counted_from",
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
        since="counted_from",
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
        since="counted_from",
        breakdowns=BREAKDOWNS,
        order=33,
    )
)
