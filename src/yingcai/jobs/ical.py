"""iCalendar invitations (RFC 5545) for booked interviews, made with the icalendar package."""

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText


def invitation(interview) -> str:
    slot = interview.slot
    application = interview.application
    job = application.job
    calendar = Calendar()
    calendar.add("prodid", "-//Yingcai//Talents Conference//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "REQUEST")
    event = Event()
    event.add("uid", f"interview-{interview.pk}@yingcai")
    event.add("dtstamp", timezone.now())
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
    event.add("status", "CONFIRMED")
    calendar.add_component(event)
    return calendar.to_ical().decode()
