"""The public list of published calls and a call's page: its texts, window, tracks,
divisions and eligibility in words, and for members of a project's team the way in."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from yingcai.core.access import public
from yingcai.core.rules import can
from yingcai.projects.models import Project
from yingcai.projects.rules.projects import team_roles

from ..models import Call, Entry
from ..rules.entries import ENTERING
from ..services.calls import label_of
from ..services.entries import explain_eligibility

PER_PAGE = 20


@public
def call_list(request):
    calls = Call.objects.filter(is_published=True).order_by("-closes_at", "-pk")
    page = Paginator(calls, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "calls/call_list.html", {"page": page, "now": timezone.now()})


def _labelled(items) -> list[dict]:
    return [{**item, "label": label_of(item)} for item in items or []]


@public
def call_detail(request, pk):
    call = Call.objects.filter(pk=pk).first()
    if call is None or not can(request.user, "calls.view_call", call):
        raise Http404
    projects, entries = [], {}
    mine = team_roles(request.user)
    if mine:
        projects = list(
            Project.objects.filter(pk__in=list(mine), status__in=ENTERING).order_by("pk")
        )
        entries = {
            e.project_id: e
            for e in Entry.objects.filter(call=call, project_id__in=list(mine)).only(
                "pk", "project_id", "status", "call_id"
            )
        }
    return render(
        request,
        "calls/call_detail.html",
        {
            "call": call,
            "tracks": list(call.tracks.all()),
            "divisions": list(call.divisions.all()),
            "eligibility": explain_eligibility(call),
            "questions": _labelled(call.questions),
            "documents": _labelled(call.documents),
            "open": call.accepts_entries(),
            "may_enter": can(request.user, "calls.enter_call", call),
            "projects": [p for p in projects if p.pk not in entries],
            "entries": list(entries.values()),
            "has_team": bool(mine),
        },
    )
