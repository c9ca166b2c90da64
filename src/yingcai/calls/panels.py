"""The calls machinery's panels of "My Yingcai" (accounts.panels). Each part of the machinery
keeps its panels in its own block below."""

from yingcai.accounts.panels import Panel, register
from yingcai.projects.rules.projects import team_roles

from .models import Entry, PanelMember, Stage
from .rules.roles import reviewer_calls


# --- The review: a reviewer's entries to score (views/review.py) ---------------------------
def review_context(request) -> dict:
    if not reviewer_calls(request.user):
        return {"shown": False}
    from .views.review import mine  # noqa: PLC0415 - the views import the forms and services

    return {"shown": True, "to_score": mine(request.user).filter(review__isnull=True).count()}


register(Panel("calls_review", "calls/review/_dashboard_panel.html", review_context, order=38))


# --- Entries: the entries of one's projects, for members of a team (views/team.py) ---------
SHOWN = 10


def entries_context(request) -> dict:
    projects = list(team_roles(request.user))
    if not projects:
        return {"shown": False}
    entries = (
        Entry.objects.filter(project_id__in=projects)
        .select_related("call", "project")
        .order_by("-call__closes_at", "-pk")[:SHOWN]
    )
    return {"shown": True, "entries": entries}


register(Panel("call_entries", "calls/entry_panel.html", entries_context, order=35))


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
