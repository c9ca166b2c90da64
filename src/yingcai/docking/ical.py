"""A participant's docking agenda as an iCalendar feed (RFC 5545), with the icalendar package.

The feed is read by calendar programs at a secret address (`Participant.feed_token`, which
the participant may reset); the same calendar goes with the agenda mail. A cancelled meeting
stays in the feed as CANCELLED, so calendars that imported it drop it.
"""

from datetime import UTC, datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vText

from .models import Meeting

# SEQUENCE grows with each revision of one UID (RFC 5545 3.8.7.4): seconds since this epoch.
EPOCH = datetime(2024, 1, 1, tzinfo=UTC)


def other_side(meeting: Meeting, participant):
    request = meeting.request
    return request.counterpart if request.requester_id == participant.pk else request.requester


def where(meeting: Meeting, venue: str = "") -> str:
    table = meeting.table
    label = _("Table %(number)s") % {"number": table.number}
    if table.name:
        label = f"{label} · {table.name}"
    return ", ".join(part for part in (label, venue, table.online_link) if part)


def feed(participant, meetings) -> str:
    """The calendar of a participant's meetings (live ones confirmed, cancelled ones withdrawn)."""
    calendar = Calendar()
    calendar.add("prodid", "-//Yingcai//Docking sessions//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", str(participant.session))
    now = timezone.now()
    for meeting in meetings:
        other = other_side(meeting, participant)
        event = Event()
        event.add("uid", f"docking-meeting-{meeting.pk}@yingcai")
        event.add("dtstamp", now)
        changed = meeting.cancelled_at or meeting.placed_at
        event.add("sequence", max(0, int((changed - EPOCH).total_seconds())))
        event.add("dtstart", meeting.slot.starts_at)
        event.add("dtend", meeting.slot.ends_at)
        event.add("summary", _("Docking meeting with %(other)s") % {"other": other})
        event.add("location", vText(where(meeting, participant.session.venue)))
        if meeting.table.online_link:
            event.add("url", meeting.table.online_link)
        cancelled = meeting.status == Meeting.Status.CANCELLED
        event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
        calendar.add_component(event)
    return calendar.to_ical().decode()
