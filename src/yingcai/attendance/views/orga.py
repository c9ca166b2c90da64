"""The organisers' view of the registrations: the sessions with their counts, each session's
registrations (searched by name or mobile number), and cancelling an attendance on a
person's behalf (the same service as the person's own button: the seat goes to the next in
line)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yingcai.conference.services import current_conference
from yingcai.core.access import staff_view
from yingcai.core.views import error_text

from ..models import Attendance, Registration, Session
from ..services import registration as services
from .public import link_base

RULE = "attendance.manage_registrations"
Status = Attendance.Status


def _counted(sessions):
    return sessions.annotate(
        confirmed=Count("attendances", filter=Q(attendances__status=Status.CONFIRMED)),
        confirmed_onsite=Count(
            "attendances",
            filter=Q(attendances__status=Status.CONFIRMED, attendances__mode="onsite"),
        ),
        waiting=Count("attendances", filter=Q(attendances__status=Status.WAITING)),
        registered=Count("attendances", filter=~Q(attendances__status=Status.CANCELLED)),
    )


@staff_view(RULE)
def sessions(request):
    conference = current_conference()
    found = (
        _counted(Session.objects.filter(conference=conference))
        .select_related("venue")
        .order_by("starts_at", "position", "pk")[:300]
        if conference
        else []
    )
    registrations = (
        Registration.objects.filter(conference=conference, cancelled_at__isnull=True).count()
        if conference
        else 0
    )
    return render(
        request,
        "attendance/orga/sessions.html",
        {"conference": conference, "sessions": found, "registrations": registrations},
    )


def _search(value: str) -> str:
    return (value or "").replace("\x00", "").strip()[:100]


@staff_view(RULE)
def session(request, pk):
    shown = get_object_or_404(_counted(Session.objects.select_related("venue")), pk=pk)
    query = _search(request.GET.get("q", ""))
    status = request.GET.get("status", "")
    found = Attendance.objects.filter(session=shown).select_related("registration")
    if status in Status.values:
        found = found.filter(status=status)
    if query:
        found = found.filter(
            Q(registration__name__icontains=query)
            | Q(registration__mobile__contains=query)
            | Q(registration__email__icontains=query)
        )
    page = Paginator(found.order_by("status", "created_at", "pk"), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "attendance/orga/session.html",
        {
            "session": shown,
            "page": page,
            "q": query,
            "status": status,
            "statuses": Status.choices,
        },
    )


@staff_view(RULE)
@require_POST
def cancel(request, pk):
    attendance = get_object_or_404(
        Attendance.objects.select_related("registration", "session"), pk=pk
    )
    try:
        services.cancel_attendance(request.user, attendance, link_base=link_base(request))
    except ValidationError as refusal:
        messages.error(request, error_text(refusal))
    else:
        messages.success(
            request,
            _("%(name)s's attendance is cancelled.") % {"name": attendance.registration.name},
        )
    return redirect("orga_attendance:session", attendance.session_id)
