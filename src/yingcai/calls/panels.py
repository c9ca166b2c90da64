"""The calls' panel of "My Yingcai": the entries of one's projects, for members of a team."""

from yingcai.accounts.panels import Panel, register
from yingcai.projects.rules.projects import team_roles

from .models import Entry

SHOWN = 10


def context(request) -> dict:
    projects = list(team_roles(request.user))
    if not projects:
        return {"shown": False}
    entries = (
        Entry.objects.filter(project_id__in=projects)
        .select_related("call", "project")
        .order_by("-call__closes_at", "-pk")[:SHOWN]
    )
    return {"shown": True, "entries": entries}


register(Panel("call_entries", "calls/entry_panel.html", context, order=35))
