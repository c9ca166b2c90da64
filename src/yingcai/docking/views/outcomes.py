"""A side's meetings after they started: held or missed, and what came of them (落地)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from yingcai.core.access import signed_in
from yingcai.core.rules import can
from yingcai.core.views import error_text, form_error

from ..forms_outcome import AttendanceForm, OutcomeForm
from ..models import Meeting, Outcome, Seat
from ..rules.interests import speaking_organisations, speaks_for_participant, team_projects
from ..services import outcomes as services

PER_PAGE = 25
SEAT_RELATED = (
    "participant__project",
    "participant__organisation",
    "meeting__session",
    "meeting__slot",
    "meeting__table",
    "meeting__request__requester__project",
    "meeting__request__requester__organisation",
    "meeting__request__counterpart__project",
    "meeting__request__counterpart__organisation",
)


def _my_seats(user):
    return Seat.objects.filter(
        Q(participant__project__in=list(team_projects(user)))
        | Q(participant__organisation__in=speaking_organisations(user)),
        meeting__status=Meeting.Status.PUBLISHED,
    )


@signed_in()
def meetings(request):
    seats = (
        _my_seats(request.user)
        .filter(meeting__slot__starts_at__lte=timezone.now())
        .select_related(*SEAT_RELATED)
        .prefetch_related(Prefetch("meeting__outcomes", queryset=Outcome.objects.order_by("pk")))
        .order_by("-meeting__slot__starts_at", "-pk")
    )
    page = Paginator(seats, PER_PAGE).get_page(request.GET.get("page"))
    rows = []
    for seat in page:
        mine = next(
            (o for o in seat.meeting.outcomes.all() if o.participant_id == seat.participant_id),
            None,
        )
        request_ = seat.meeting.request
        other = (
            request_.counterpart
            if request_.requester_id == seat.participant_id
            else request_.requester
        )
        rows.append({"seat": seat, "outcome": mine, "other": other})
    return render(request, "docking/outcomes/meetings.html", {"page": page, "rows": rows})


def _seat(request, pk) -> Seat:
    seat = get_object_or_404(Seat.objects.select_related(*SEAT_RELATED), pk=pk)
    if not speaks_for_participant(request.user, seat.participant):
        raise Http404
    return seat


@signed_in()
@require_POST
def attendance(request, pk):
    seat = _seat(request, pk)
    form = AttendanceForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose held or missed."))
    else:
        try:
            services.mark_attendance(request.user, seat, form.cleaned_data["attendance"])
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, _("Attendance saved."))
    return redirect("docking:meetings")


@signed_in()
@require_http_methods(["GET", "POST"])
def outcome(request, pk):
    seat = _seat(request, pk)
    if not can(request.user, "docking.record_outcome", seat):
        raise Http404
    existing = Outcome.objects.filter(meeting=seat.meeting, participant=seat.participant).first()
    frozen = existing is not None and existing.confirmed_at is not None
    form = OutcomeForm(
        request.POST if request.method == "POST" else None,
        initial=OutcomeForm.initial_of(existing),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.record_outcome(request.user, seat, form.cleaned_data)
        except ValidationError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The outcome is saved."))
            return redirect("docking:meetings")
    return render(
        request,
        "docking/outcomes/form.html",
        {"seat": seat, "form": form, "outcome": existing, "frozen": frozen},
        status=400 if form.is_bound else 200,
    )
