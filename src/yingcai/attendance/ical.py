"""A person's conference agenda as an iCalendar feed (RFC 5545), with the icalendar package.

The feed is read by calendar programs at the secret address of the person's page
(`Registration.key`). It lists the confirmed sessions; a cancelled one stays as CANCELLED, so
calendars that imported it drop it.
"""

from datetime import UTC, datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vText

from .models import Attendance

EPOCH = datetime(2024, 1, 1, tzinfo=UTC)


def feed(registration, attendances, page_url: str = "") -> str:
    calendar = Calendar()
    calendar.add("prodid", "-//Yingcai//Conference agenda//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", str(registration.conference))
    now = timezone.now()
    for attendance in attendances:
        if attendance.status == Attendance.Status.WAITING:
            continue
        session = attendance.session
        event = Event()
        event.add("uid", f"attendance-{attendance.pk}@yingcai")
        event.add("dtstamp", now)
        changed = attendance.cancelled_at or attendance.confirmed_at or attendance.created_at
        event.add("sequence", max(0, int((changed - EPOCH).total_seconds())))
        event.add("dtstart", session.starts_at)
        event.add("dtend", session.ends_at)
        event.add("summary", session.title)
        if attendance.mode == Attendance.Mode.ONLINE:
            event.add("location", vText(_("Online")))
            if session.stream_url:
                event.add("url", session.stream_url)
        else:
            venue = session.venue
            event.add("location", vText(", ".join(p for p in (venue.name, venue.address) if p)))
            if page_url:
                event.add("url", page_url)
        if session.description:
            event.add("description", session.description)
        cancelled = attendance.status == Attendance.Status.CANCELLED
        event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
        calendar.add_component(event)
    return calendar.to_ical().decode()
