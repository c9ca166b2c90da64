"""The organisers' roadshow programme: the roadshow calls, their sessions, the selected
projects placed in them, order and times."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yingcai.calls.models import Call
from yingcai.core.access import staff_view
from yingcai.core.views import error_text, form_error

from ..forms import MoveForm, PitchForm, PlaceForm, SessionForm
from ..models import Pitch, RoadshowSession
from ..services import programme as services

RULE = "roadshow.manage_programme"


def _roadshow_call(pk) -> Call:
    return get_object_or_404(Call, pk=pk, kind=Call.Kind.ROADSHOW)


@staff_view(RULE)
def calls(request):
    found = (
        Call.objects.filter(kind=Call.Kind.ROADSHOW)
        .annotate(sessions=Count("roadshow_sessions"))
        .order_by("-opens_at", "pk")[:100]
    )
    return render(request, "roadshow/orga/calls.html", {"calls": found})


def _unplaced(call):
    return (
        services.selected_entries(call)
        .filter(pitch__isnull=True)
        .select_related("project")
        .distinct()
        .order_by("pk")
    )


@staff_view(RULE)
def call(request, pk):
    found = _roadshow_call(pk)
    sessions = found.roadshow_sessions.annotate(count=Count("pitches")).order_by(
        "starts_at", "position", "pk"
    )
    return render(
        request,
        "roadshow/orga/call.html",
        {
            "call": found,
            "sessions": sessions,
            "selected": services.selected_entries(found).distinct().count(),
            "unplaced": list(_unplaced(found)[:200]),
        },
    )


@staff_view(RULE)
def create_session(request, pk):
    found = _roadshow_call(pk)
    form = SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            session = services.create_session(request.user, found, form.save(commit=False))
        except ValidationError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The session is created. Place the selected projects."))
            return redirect("orga_roadshow:session", pk=session.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "roadshow/orga/session_form.html", {"form": form, "call": found}, status=status
    )


@staff_view(RULE)
def change_session(request, pk):
    session = get_object_or_404(RoadshowSession.objects.select_related("call"), pk=pk)
    form = SessionForm(request.POST or None, instance=session)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_session(request.user, form.save(commit=False))
        except ValidationError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The session is saved."))
            return redirect("orga_roadshow:session", pk=session.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "roadshow/orga/session_form.html",
        {"form": form, "call": session.call, "session": session},
        status=status,
    )


def _session_page(request, session, *, place_form=None, status=200):
    pitches = list(
        session.pitches.select_related("entry__project")
        .annotate(marks=Count("spot_interests"))
        .order_by("order")
    )
    unplaced = _unplaced(session.call)
    return render(
        request,
        "roadshow/orga/session.html",
        {
            "session": session,
            "pitches": pitches,
            "ends_at": services.ends_at(session, pitches),
            "place_form": place_form or PlaceForm(entries=unplaced),
            "has_unplaced": unplaced.exists(),
        },
        status=status,
    )


@staff_view(RULE)
def session(request, pk):
    found = get_object_or_404(RoadshowSession.objects.select_related("call"), pk=pk)
    return _session_page(request, found)


@staff_view(RULE)
@require_POST
def place(request, pk):
    found = get_object_or_404(RoadshowSession.objects.select_related("call"), pk=pk)
    # Any entry of the call may be named: the service refuses one that is not selected.
    form = PlaceForm(request.POST, entries=found.call.entries.select_related("project"))
    if form.is_valid():
        try:
            services.place(
                request.user,
                found,
                list(form.cleaned_data["entries"].order_by("pk")),
                pitch_minutes=form.cleaned_data["pitch_minutes"],
                questions_minutes=form.cleaned_data["questions_minutes"],
            )
        except ValidationError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The projects are placed in the session."))
            return redirect("orga_roadshow:session", pk=found.pk)
    return _session_page(request, found, place_form=form, status=400)


def _pitch(pk) -> Pitch:
    return get_object_or_404(Pitch.objects.select_related("session__call", "entry__project"), pk=pk)


@staff_view(RULE)
@require_POST
def move(request, pk):
    pitch = _pitch(pk)
    form = MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a position from 1."))
    else:
        try:
            services.move(request.user, pitch, form.cleaned_data["position"])
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, _("The order is saved; the times follow it."))
    return redirect("orga_roadshow:session", pk=pitch.session_id)


@staff_view(RULE)
def change_pitch(request, pk):
    pitch = _pitch(pk)
    initial = {
        "online": pitch.online,
        "online_url": pitch.online_url,
        "pitch_minutes": pitch.pitch_minutes,
        "questions_minutes": pitch.questions_minutes,
    }
    form = PitchForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_pitch(request.user, pitch, **form.cleaned_data)
        except ValidationError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The pitch is saved; the times follow it."))
            return redirect("orga_roadshow:session", pk=pitch.session_id)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "roadshow/orga/pitch_form.html", {"form": form, "pitch": pitch}, status=status
    )


@staff_view(RULE)
@require_POST
def remove(request, pk):
    pitch = _pitch(pk)
    try:
        services.remove(request.user, pitch)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("The project is taken out of the programme."))
    return redirect("orga_roadshow:session", pk=pitch.session_id)
