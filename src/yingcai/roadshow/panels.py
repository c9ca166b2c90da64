"""The roadshow's panel of "My Yingcai": a team's pitches in the programme (when and where),
and its certificates (calls.Certificate), which it downloads from "My certificates"."""

from yingcai.accounts.panels import Panel, register
from yingcai.calls.models import Certificate
from yingcai.docking.rules.interests import team_projects

from .models import Pitch


def context(request) -> dict:
    projects = list(team_projects(request.user))
    if not projects:
        return {"shown": False}
    pitches = list(
        Pitch.objects.filter(entry__project__in=projects)
        .select_related("session__call", "entry__project")
        .order_by("starts_at")[:10]
    )
    certificates = Certificate.objects.filter(
        entry__project__in=projects, revoked_at__isnull=True
    ).count()
    return {
        "shown": bool(pitches or certificates),
        "pitches": pitches,
        "certificates": certificates,
    }


register(Panel("roadshow", "roadshow/_dashboard_panel.html", context, order=37))
