"""The talents' figures: profiles registered, domestic and overseas."""

from django.utils.translation import gettext_lazy as _

from yingcai.stats.registry import Figure, register

from .models import TalentProfile

BREAKDOWNS = {
    "day": "created_at",
    "field": "fields__slug",
    "district": "desired_districts__slug",
    "degree": "degree",
}

register(
    Figure(
        key="talents_registered",
        label=_("domestic and overseas talents"),
        unit=_("talents"),
        rows=TalentProfile.objects.all,
        since="created_at",
        breakdowns={**BREAKDOWNS, "origin": "origin"},
        help=_("Talents who registered a profile; by district: the districts they would work in."),
        order=20,
    )
)
register(
    Figure(
        key="talents_overseas",
        label=_("overseas talents"),
        unit=_("talents"),
        rows=lambda: TalentProfile.objects.filter(origin=TalentProfile.Origin.OVERSEAS),
        since="created_at",
        breakdowns=BREAKDOWNS,
        order=21,
    )
)
