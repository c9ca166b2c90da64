"""The organisers' docking sessions: create and change a draft, tables, open, schedule (a task;
the page polls), the report, publish, re-optimise, move or place meetings, table plans."""

from collections import defaultdict

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from yingcai.core.access import staff_view
from yingcai.core.rules import can
from yingcai.core.views import error_text, form_error

from .. import pdf, tasks
from ..forms_session import MoveForm, SessionForm, TablesForm
from ..models import Meeting, MeetingRequest, Session
from ..services import sessions as services

PER_PAGE = 30
RULE = "docking.manage_sessions"
WHY = {
    tasks.NO_COMMON_SLOT: gettext_lazy("no slot both sides can attend"),
    tasks.REQUESTER_BUSY: gettext_lazy(
        "the requester has another meeting in every slot both can attend"
    ),
    tasks.COUNTERPART_BUSY: gettext_lazy(
        "the counterpart has another meeting in every slot both can attend"
    ),
    tasks.BOTH_BUSY: gettext_lazy("the two sides are taken by other meetings in every common slot"),
    tasks.TABLES_FULL: gettext_lazy("every table is taken in the slots both sides have free"),
    tasks.OUTWEIGHED: gettext_lazy("placing it would have displaced meetings of more weight"),
}


@staff_view(RULE)
def sessions(request):
    page = Paginator(Session.objects.order_by("-date", "-id"), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "docking/orga/sessions.html", {"page": page})


@staff_view("docking.add_session")
def create(request):
    form = SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            session = services.create_session(request.user, form.save(commit=False))
        except ValidationError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The session is created as a draft. Add its tables."))
            return redirect("orga_docking:session", pk=session.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "docking/orga/sessions_form.html", {"form": form}, status=status)


@staff_view(RULE)
def change(request, pk):
    session = get_object_or_404(Session, pk=pk)
    form = SessionForm(request.POST or None, instance=session)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_session(request.user, form.save(commit=False))
        except ValidationError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The session is saved."))
            return redirect("orga_docking:session", pk=session.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "docking/orga/sessions_form.html",
        {"form": form, "session": session},
        status=status,
    )


def _report_rows(session):
    """The unplaced requests of the last run, with the reason in words."""
    unplaced = session.report.get("unplaced", [])
    found = MeetingRequest.objects.filter(pk__in=[row["request"] for row in unplaced[:500]])
    requests = {
        r.pk: r
        for r in found.select_related(
            "requester__project",
            "requester__organisation",
            "counterpart__project",
            "counterpart__organisation",
        )
    }
    return [
        (requests[row["request"]], WHY.get(row["reason"], ""))
        for row in unplaced[:500]
        if row["request"] in requests
    ]


def _chosen_slot(request, slots):
    """The slot whose meetings the page lists (`?slot=<number>`), the first by default.

    One slot at a time: a session of 16 slots and 120 tables holds nearly 2,000 meetings, too
    many for one page on a phone. A number that is not a slot of the session shows the first.
    """
    wanted = request.GET.get("slot", "")
    for slot in slots:
        if wanted == str(slot.index + 1):
            return slot
    return slots[0] if slots else None


def _context(request, session, **extra):
    slots = list(session.slots.order_by("index"))
    chosen = _chosen_slot(request, slots)
    meetings = list(
        Meeting.objects.filter(session=session, slot=chosen)
        .exclude(status=Meeting.Status.CANCELLED)
        .select_related(
            "slot",
            "table",
            "request__requester__project",
            "request__requester__organisation",
            "request__counterpart__project",
            "request__counterpart__organisation",
        )
        .order_by("table__number")
    )
    counts = {
        "participants": session.participants.filter(withdrawn_at__isnull=True).count(),
        "requests": session.requests.count(),
        "accepted": session.requests.filter(status=MeetingRequest.Status.ACCEPTED).count(),
        "tables": session.tables.count(),
        "online_tables": session.tables.exclude(online_link="").count(),
    }
    user = request.user
    return {
        "session": session,
        "counts": counts,
        "meetings": meetings,
        "slots": slots,
        "chosen_slot": chosen,
        "has_meetings": bool(meetings)
        or Meeting.objects.filter(session=session)
        .exclude(status=Meeting.Status.CANCELLED)
        .exists(),
        "unplaced": _report_rows(session),
        "report": session.report,
        "running": session.report.get("state") == tasks.RUNNING,
        "tables_form": extra.get("tables_form") or TablesForm(),
        "may": {
            "change": can(user, "docking.change_session", session),
            "open": can(user, "docking.open_session", session),
            "schedule": can(user, "docking.schedule_session", session),
            "publish": can(user, "docking.publish_session", session),
            "reoptimise": can(user, "docking.reoptimise_session", session),
        },
    }


@staff_view(RULE)
def session(request, pk):
    session = get_object_or_404(Session, pk=pk)
    return render(request, "docking/orga/sessions_detail.html", _context(request, session))


@staff_view(RULE)
def status(request, pk):
    """The part of the page that the organiser's browser polls while the engine runs."""
    session = get_object_or_404(Session, pk=pk)
    return render(request, "docking/orga/sessions_status.html", _context(request, session))


@staff_view(RULE)
@require_POST
def tables(request, pk):
    session = get_object_or_404(Session, pk=pk)
    form = TablesForm(request.POST)
    if form.is_valid():
        try:
            services.add_tables(
                request.user,
                session,
                form.cleaned_data["count"],
                online_link=form.cleaned_data["online_link"],
                name=form.cleaned_data["name"],
            )
        except ValidationError as error:
            form.add_error(None, error_text(error))
        else:
            messages.success(request, _("Tables added."))
            return redirect("orga_docking:session", pk=session.pk)
    return render(
        request,
        "docking/orga/sessions_detail.html",
        _context(request, session, tables_form=form),
        status=400,
    )


ACTIONS = {
    "open": (services.open_session, gettext_lazy("The session takes requests now.")),
    "schedule": (
        services.start_scheduling,
        gettext_lazy("The engine is scheduling the session; this page shows the result."),
    ),
    "publish": (
        services.publish_session,
        gettext_lazy("The schedule is published; the participants receive their agendas."),
    ),
    "reoptimise": (
        services.start_reoptimising,
        gettext_lazy("The engine places what the changes made possible; this page shows it."),
    ),
}


@staff_view(RULE)
@require_POST
def act(request, pk, action):
    session = get_object_or_404(Session, pk=pk)
    if action not in ACTIONS:
        return HttpResponse(status=404)
    service, done = ACTIONS[action]
    try:
        service(request.user, session)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, str(done))
    return redirect("orga_docking:session", pk=session.pk)


@staff_view(RULE)
def move(request, pk):
    meeting = get_object_or_404(
        Meeting.objects.select_related("session", "slot", "table", "request"), pk=pk
    )
    form = MoveForm(
        request.POST or None,
        session=meeting.session,
        initial={"slot": meeting.slot_id, "table": meeting.table_id},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.move_meeting(
                request.user, meeting, form.cleaned_data["slot"], form.cleaned_data["table"]
            )
        except ValidationError as error:
            form.add_error(None, error_text(error))
        else:
            messages.success(request, _("The meeting is moved."))
            return redirect("orga_docking:session", pk=meeting.session_id)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "docking/orga/sessions_move.html",
        {"meeting": meeting, "form": form, "session": meeting.session},
        status=status,
    )


@staff_view(RULE)
def place(request, pk):
    meeting_request = get_object_or_404(MeetingRequest.objects.select_related("session"), pk=pk)
    form = MoveForm(request.POST or None, session=meeting_request.session)
    if request.method == "POST" and form.is_valid():
        try:
            services.place_meeting(
                request.user,
                meeting_request,
                form.cleaned_data["slot"],
                form.cleaned_data["table"],
            )
        except ValidationError as error:
            form.add_error(None, error_text(error))
        else:
            messages.success(request, _("The meeting is placed."))
            return redirect("orga_docking:session", pk=meeting_request.session_id)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "docking/orga/sessions_move.html",
        {"request_to_place": meeting_request, "form": form, "session": meeting_request.session},
        status=status,
    )


@staff_view(RULE)
def table_plans(request, pk):
    session = get_object_or_404(Session, pk=pk)
    slots = list(session.slots.order_by("index"))
    by_slot = defaultdict(list)
    for meeting in (
        Meeting.objects.filter(session=session)
        .exclude(status=Meeting.Status.CANCELLED)
        .select_related(
            "table",
            "request__requester__project",
            "request__requester__organisation",
            "request__counterpart__project",
            "request__counterpart__organisation",
        )
        .order_by("table__number")
    ):
        by_slot[meeting.slot_id].append(meeting)
    response = HttpResponse(
        pdf.table_plans(session, slots, by_slot), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="table-plans-{session.pk}.pdf"'
    return response
