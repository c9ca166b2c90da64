"""The public agenda and a session's page: days, venues, speakers (never their contacts),
seats, jobs of a livestream, the stream player; the organisers' lists; bounded queries."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from yingcai.attendance.models import Session
from yingcai.attendance.services import registration as services
from yingcai.conference.models import Venue

from ..factories import JobFactory
from ..guests.factories import GuestFactory
from .factories import RegistrationFactory, SessionFactory, VenueFactory, attend

pytestmark = pytest.mark.django_db


def url(name, language="en", *args):
    with translation.override(language):
        return reverse(name, args=args)


def make_agenda(count):
    start = timezone.now().replace(hour=9, minute=0) + timedelta(days=10)
    opening = SessionFactory(
        kind=Session.Kind.OPENING, starts_at=start, capacity=2, title_en="Opening ceremony"
    )
    conference = opening.conference
    sub = VenueFactory(conference=conference, kind=Venue.Kind.SUB, name="两江新区分会场")
    guests = [
        GuestFactory(conference=conference, public_consent_at=timezone.now()) for _n in range(3)
    ]
    # A speaker who has not consented to be listed publicly is not named on the agenda.
    unlisted = GuestFactory(conference=conference, name="未同意公开的嘉宾")
    opening.speakers.set([*guests, unlisted])
    sessions = [opening]
    for n in range(count):
        session = SessionFactory(
            conference=conference,
            venue=sub,
            kind=Session.Kind.LIVESTREAM,
            starts_at=start + timedelta(days=n % 2, hours=n),
            capacity=None if n % 2 else 5,
        )
        session.speakers.set(guests[:2])
        session.jobs.set([JobFactory() for _j in range(2)])
        sessions.append(session)
    return opening, sessions, guests


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_agenda_by_day_with_speakers_but_no_contacts(client, language):
    opening, sessions, guests = make_agenda(3)
    SessionFactory(conference=opening.conference, is_published=False, title="内部会议")
    for _n in range(2):
        attend(RegistrationFactory(conference=opening.conference), opening)
    response = client.get(url("attendance:agenda", language))
    assert response.status_code == 200
    text = response.text
    assert text.count('data-testid="day"') == 2
    assert text.count('data-testid="session"') == 4
    assert "内部会议" not in text
    assert guests[0].name in text and guests[0].public_title in text
    assert guests[0].email not in text and guests[0].mobile not in text
    assert "未同意公开的嘉宾" not in text
    assert url("jobs:detail", language, sessions[1].jobs.first().pk) in text
    assert "两江新区分会场" in text
    if language == "en":
        assert "Full: new registrations join the waiting list" in text
        assert "5 seats left on site" in text


def test_the_agenda_reads_in_bounded_queries(client, django_assert_max_num_queries):
    make_agenda(2)
    with django_assert_max_num_queries(12) as few:
        client.get(url("attendance:agenda"))
    make_agenda(12)
    with django_assert_max_num_queries(len(few)):
        client.get(url("attendance:agenda"))


def test_an_hls_stream_plays_in_the_page_another_is_a_link(client):
    hls = SessionFactory(stream_url="https://live.example.cn/opening/index.m3u8?t=1")
    plain = SessionFactory(conference=hls.conference, stream_url="https://live.example.cn/room")
    response = client.get(hls.get_absolute_url())
    page = response.text
    assert 'data-hls-src="https://live.example.cn/opening/index.m3u8?t=1"' in page
    assert "vendor/hls/hls.min.js" in page and "attendance/player.js" in page
    assert "<script>" not in page.split("</head>")[1]
    # The page's policy lets hls.js fetch from the stream's host and play from a MediaSource.
    policy = dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
    )
    assert "https://live.example.cn" in policy["connect-src"].split()
    assert {"blob:", "https://live.example.cn"} <= set(policy["media-src"].split())
    response = client.get(plain.get_absolute_url())
    page = response.text
    assert "data-hls-src" not in page and "hls.min.js" not in page
    assert "live.example.cn" not in response["Content-Security-Policy"]
    assert 'href="https://live.example.cn/room"' in page


def test_an_unpublished_or_unknown_session_is_not_found(client):
    hidden = SessionFactory(is_published=False)
    assert client.get(hidden.get_absolute_url()).status_code == 404
    assert client.get("/en/agenda/999999/").status_code == 404


def test_the_organisers_lists(client, editor, django_assert_max_num_queries):
    opening, _sessions, _guests = make_agenda(3)
    for _n in range(4):
        attend(RegistrationFactory(conference=opening.conference), opening)
    client.force_login(editor)
    with django_assert_max_num_queries(14):
        response = client.get(url("orga_attendance:sessions"))
    assert response.status_code == 200
    assert opening.title in response.text
    with django_assert_max_num_queries(16):
        response = client.get(url("orga_attendance:session", "en", opening.pk))
    assert response.text.count('data-testid="orga-attendance"') == 4
    first = opening.attendances.order_by("pk").first()
    found = client.get(
        url("orga_attendance:session", "en", opening.pk),
        {"q": first.registration.mobile[-8:], "status": "waiting"},
    )
    assert found.text.count('data-testid="orga-attendance"') == 0
    found = client.get(
        url("orga_attendance:session", "en", opening.pk),
        {"q": first.registration.name + "\x00", "status": "confirmed"},
    )
    assert found.status_code in (200, 400)
    response = client.post(url("orga_attendance:cancel", "en", first.pk))
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.status == "cancelled"
    # The first waiting got the seat.
    assert opening.attendances.filter(status="waiting").count() == 1
    again = client.post(url("orga_attendance:cancel", "en", first.pk), follow=True)
    assert again.status_code == 200


def test_talents_may_not_see_the_organisers_lists(client, talent):
    client.force_login(talent)
    assert client.get(url("orga_attendance:sessions")).status_code == 403


def test_the_admin_edits_sessions_for_editors(client, editor):
    session = SessionFactory()
    client.force_login(editor)
    response = client.get(f"/admin/attendance/session/{session.pk}/change/")
    assert response.status_code == 200
    assert 'name="title_en"' in response.text
    assert 'name="taken"' not in response.text
    assert client.get("/admin/attendance/registration/").status_code == 200


def test_queue_positions_count_who_came_first():
    forum = SessionFactory(capacity=0)
    waiting = [attend(RegistrationFactory(conference=forum.conference), forum) for _n in range(3)]
    assert services.queue_positions(waiting) == {a.pk: n + 1 for n, a in enumerate(waiting)}


def test_the_admin_says_the_constraints_in_words(client, editor):
    session = SessionFactory(capacity=3)
    for _n in range(2):
        attend(RegistrationFactory(conference=session.conference), session)
    client.force_login(editor)
    page = f"/admin/attendance/session/{session.pk}/change/"
    local = timezone.localtime(session.starts_at)
    data = {
        "conference": session.conference_id,
        "venue": session.venue_id,
        "kind": "forum",
        "title_zh_hans": "论坛",
        "title_en": "Forum",
        "description_zh_hans": "",
        "description_en": "",
        "starts_at_0": local.strftime("%Y-%m-%d"),
        "starts_at_1": local.strftime("%H:%M:%S"),
        "ends_at_0": (local - timedelta(hours=1)).strftime("%Y-%m-%d"),
        "ends_at_1": (local - timedelta(hours=1)).strftime("%H:%M:%S"),
        "capacity": "1",
        "stream_url": "",
        "link_url": "",
        "registration_closes_at_0": "",
        "registration_closes_at_1": "",
        "is_published": "on",
        "position": "0",
    }
    with translation.override("en"):
        response = client.post(page, data, headers={"accept-language": "en"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "cannot end before it starts" in text
    assert "2 seats are already taken" in text
    assert "attended on site, followed online, or both" in text
    assert "attendance_session" not in text
    data.update(
        {
            "ends_at_0": (local + timedelta(hours=1)).strftime("%Y-%m-%d"),
            "ends_at_1": (local + timedelta(hours=1)).strftime("%H:%M:%S"),
            "capacity": "5",
            "onsite": "on",
        }
    )
    response = client.post(page, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    session.refresh_from_db()
    assert session.capacity == 5 and session.taken == 2 and session.title_en == "Forum"


def test_the_admin_keeps_seats_taken_meanwhile(rf, editor):
    from django.contrib.admin.sites import site  # noqa: PLC0415
    from django.contrib.messages.storage.fallback import FallbackStorage  # noqa: PLC0415

    from yingcai.attendance.admin import SessionAdmin  # noqa: PLC0415

    session = SessionFactory(capacity=3)
    stale = Session.objects.get(pk=session.pk)
    for _n in range(3):
        attend(RegistrationFactory(conference=session.conference), session)
    stale.capacity = 1
    stale.title_en = "Renamed"
    request = rf.post("/")
    request.user = editor
    request.session = {}
    request._messages = FallbackStorage(request)
    form = type("Form", (), {"changed_data": ["capacity", "title_en"]})()
    SessionAdmin(Session, site).save_model(request, stale, form, change=True)
    session.refresh_from_db()
    assert session.taken == 3 and session.capacity == 3 and session.title_en == "Renamed"


def test_the_agenda_narrowed_by_day_venue_and_kind(client):
    opening, sessions, _guests = make_agenda(3)
    page = url("attendance:agenda")
    day = timezone.localdate(opening.starts_at).isoformat()
    by_day = client.get(page, {"day": day}).text
    assert by_day.count('data-testid="day"') == 1
    by_kind = client.get(page, {"kind": "opening"}).text
    assert by_kind.count('data-testid="session"') == 1
    by_venue = client.get(page, {"venue": str(sessions[1].venue_id)}).text
    assert by_venue.count('data-testid="session"') == 3
    # Anything else is no filter, never an error.
    for bad in ({"day": "2026-02-30"}, {"venue": "x\x00"}, {"kind": "party"}, {"venue": "999"}):
        response = client.get(page, bad)
        assert response.status_code in (200, 400), bad
