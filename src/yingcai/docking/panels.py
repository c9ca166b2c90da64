"""The docking's panel of "My Yingcai": interests awaiting one's answer."""

from django.db.models import Q

from yingcai.accounts.panels import Panel, register

from .models import Interest
from .rules.interests import speaking_organisations, team_projects


def context(request) -> dict:
    projects = list(team_projects(request.user))
    organisations = speaking_organisations(request.user)
    if not projects and not organisations:
        return {"shown": False}
    waiting = Interest.objects.filter(status=Interest.Status.PENDING).filter(
        Q(project__in=projects, initiated_by=Interest.Side.ORGANISATION)
        | Q(organisation__in=organisations, initiated_by=Interest.Side.PROJECT)
    )
    return {"shown": True, "waiting": waiting.count()}


register(Panel("docking", "docking/_dashboard_panel.html", context, order=35))
