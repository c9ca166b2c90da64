"""The person's agenda as an iCalendar feed."""

import pytest
from icalendar import Calendar

from yingcai.attendance.services import registration as services

from .factories import SessionFactory

pytestmark = pytest.mark.django_db


def test_the_feed_lists_confirmed_sessions_and_withdraws_cancelled(client):
    opening = SessionFactory(
        title_en="Opening", onsite=False, capacity=None, stream_url="https://live.example.cn/a"
    )
    forum = SessionFactory(conference=opening.conference, title_en="Forum", capacity=0)
    hall = SessionFactory(conference=opening.conference, title_en="Hall", capacity=None)
    registration = services.register(
        conference=opening.conference, name="Li", contact="li@example.com", kind="talent",
        language="en", choices=[(opening, "online"), (forum, "onsite"), (hall, "onsite")],
        privacy_statement=True,
    )  # fmt: skip
    services.cancel_attendance(
        None, registration.attendances.get(session=hall), key=registration.key
    )
    response = client.get(f"/en/agenda/me/{registration.key}/agenda.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
    # The forum is only waited for: not in the calendar.
    assert set(events) == {"Opening", "Hall"}
    assert str(events["Opening"]["status"]) == "CONFIRMED"
    assert str(events["Opening"]["url"]) == "https://live.example.cn/a"
    assert str(events["Hall"]["status"]) == "CANCELLED"
    assert events["Hall"].decoded("dtstart") == hall.starts_at.replace(microsecond=0)
    assert client.get("/en/agenda/me/wrong/agenda.ics").status_code == 404
