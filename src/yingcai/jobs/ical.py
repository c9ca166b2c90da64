"""iCalendar invitations (RFC 5545) for booked interviews, made with the icalendar package."""

from datetime import UTC, datetime

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

# SEQUENCE must grow with each revision of one UID (RFC 5545 3.8.7.4): the seconds since
# this epoch at the moment the booking last changed grow without a stored counter.
EPOCH = datetime(2024, 1, 1, tzinfo=UTC)


def invitation(interview, cancelled: bool = False) -> str:
    """The booking as a calendar invitation; `cancelled` withdraws it from the calendar."""
    slot = interview.slot
    application = interview.application
    job = application.job
    calendar = Calendar()
    calendar.add("prodid", "-//Yingcai//Talents Conference//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "REQUEST")
    event = Event()
    event.add("uid", f"interview-{interview.pk}@yingcai")
    now = timezone.now()
    event.add("dtstamp", now)
    changed = now if cancelled else interview.booked_at
    event.add("sequence", max(0, int((changed - EPOCH).total_seconds())))
    event.add("dtstart", slot.starts_at)
    event.add("dtend", slot.ends_at)
    event.add("summary", f"{job.title} · {job.organisation}")
    where = slot.link if slot.mode == "online" else slot.place
    event.add("location", vText(where))
    if slot.link:
        event.add("url", slot.link)
    event.add("description", f"{job.organisation}: {job.title}\n{where}")
    organiser = vCalAddress(f"mailto:{job.contact_email or settings.DEFAULT_FROM_EMAIL}")
    organiser.params["cn"] = vText(str(job.organisation))
    event["organizer"] = organiser
    attendee = vCalAddress(f"mailto:{application.talent.email}")
    attendee.params["cn"] = vText(application.talent.name or application.talent.email)
    attendee.params["role"] = vText("REQ-PARTICIPANT")
    event.add("attendee", attendee, encode=0)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    calendar.add_component(event)
    return calendar.to_ical().decode()
