"""The talents' figures (profiles registered, domestic and overseas) and their breakdown by
origin."""

from django.utils.translation import gettext_lazy as _

from yingcai.core.registry.figures import Dimension, Figure, register, register_dimension

from .models import TalentProfile

register_dimension(
    Dimension(
        "origin",
        _("domestic or overseas"),
        lambda: {value: str(label) for value, label in TalentProfile.Origin.choices},
    )
)

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
