"""A participant's agenda: the page, the printable PDF, the calendar feed at a secret address
(and its reset), and cancelling a meeting from it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yingcai.core.access import loaded, public, signed_in
from yingcai.core.rules import can
from yingcai.core.views import error_text

from .. import ical, pdf
from ..models import Meeting, Participant
from ..services import sessions as services
from .sessions import load_participant

SHOWN_TO_PARTICIPANTS = (Meeting.Status.PUBLISHED,)


def agenda_rows(participant, with_cancelled=False):
    """(meeting, other side) of a participant's published meetings, by slot: one query."""
    related = (
        "slot",
        "table",
        "request__requester__project",
        "request__requester__organisation",
        "request__counterpart__project",
        "request__counterpart__organisation",
    )
    meetings = Meeting.objects.filter(
        session_id=participant.session_id, status__in=SHOWN_TO_PARTICIPANTS
    ).filter(seats__participant=participant)
    if with_cancelled:
        # Cancelled meetings have no seats: found through their request.
        meetings = (
            Meeting.objects.filter(session_id=participant.session_id)
            .filter(
                request__in=participant.requests_sent.all() | participant.requests_received.all()
            )
            .exclude(status=Meeting.Status.PLANNED)
        )
    rows = []
    for meeting in meetings.select_related(*related).order_by("slot__index", "pk"):
        rows.append((meeting, ical.other_side(meeting, participant)))
    return rows


@signed_in("docking.view_agenda", fn=load_participant)
def agenda(request, pk):
    participant = load_participant(request, pk)
    rows = agenda_rows(participant)
    feed = request.build_absolute_uri(reverse("docking:feed", args=[participant.feed_token]))
    return render(
        request,
        "docking/agenda.html",
        {
            "participant": participant,
            "session": participant.session,
            "rows": rows,
            "feed_url": feed,
            "published": participant.session.status == "published",
        },
    )


@signed_in("docking.view_agenda", fn=load_participant)
def agenda_pdf(request, pk):
    participant = load_participant(request, pk)
    content = pdf.agenda(participant, agenda_rows(participant))
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="agenda-{participant.pk}.pdf"'
    return response


@public
def feed(request, token):
    """The calendar feed: whoever holds the secret address reads it (calendar programs
    cannot log in); resetting the address cuts off the old one."""
    if len(token) > 64:
        raise Http404
    participant = get_object_or_404(
        Participant.objects.select_related("session", "project", "organisation"),
        feed_token=token,
        withdrawn_at__isnull=True,
    )
    calendar = ical.feed(participant, [m for m, _o in agenda_rows(participant, True)])
    response = HttpResponse(calendar, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="agenda.ics"'
    response["Cache-Control"] = "private, max-age=300"
    return response


@signed_in("docking.reset_feed", fn=load_participant)
@require_POST
def reset_feed(request, pk):
    participant = load_participant(request, pk)
    services.reset_feed(request.user, participant)
    messages.success(
        request, _("The calendar link is new: the old one no longer works. Subscribe again.")
    )
    return redirect("docking:agenda", pk=participant.pk)


@loaded
def load_meeting(request, pk) -> Meeting:
    return get_object_or_404(
        Meeting.objects.select_related("session", "request__requester", "request__counterpart"),
        pk=pk,
    )


@signed_in("docking.cancel_meeting", fn=load_meeting)
@require_POST
def cancel_meeting(request, pk):
    meeting = load_meeting(request, pk)
    back = request.POST.get("participant", "")
    try:
        services.cancel_meeting(request.user, meeting)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("The meeting is cancelled; the other side is told."))
    # Back to the agenda of the side the person acts for (never one that is not theirs).
    for side in (meeting.request.requester, meeting.request.counterpart):
        if str(side.pk) == back and can(request.user, "docking.view_agenda", side):
            return redirect("docking:agenda", pk=side.pk)
    if can(request.user, "docking.manage_sessions"):
        return redirect("orga_docking:session", pk=meeting.session_id)
    return redirect("docking:sessions")
