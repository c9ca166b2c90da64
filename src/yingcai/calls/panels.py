"""The calls' panels of "My Yingcai" (accounts.panels)."""

from yingcai.accounts.panels import Panel, register

from .models import PanelMember, Stage
from .rules.roles import reviewer_calls


# --- Live panels (issue 14): a judge's way to their score sheets ---------------------------------
def live_panels(request) -> dict:
    """The live panels the judge sits on that are not decided yet (one query, none for a
    person who reviews no call)."""
    calls = reviewer_calls(request.user)
    if not calls:
        return {"shown": False}
    seats = list(
        PanelMember.objects.filter(
            reviewer_id__in=list(calls.values()),
            stage__status__in=(Stage.Status.PLANNED, Stage.Status.SCORING),
        )
        .select_related("stage__call", "division")
        .order_by("stage__starts_at", "stage_id")[:10]
    )
    return {"shown": bool(seats), "seats": seats}


register(Panel("calls_live", "calls/live/_dashboard_panel.html", live_panels, order=40))
