"""The agenda, the participants, the guests and the honours in `yingcai demo` (issue 15).

The tests read one small load shared by the module, in a transaction rolled back at its end
(as the calls' demo tests do); the full-scale numbers (40,512 online, 3,100 on site, 112
guests) are the preset's counts, checked without a load.
"""

from collections import Counter
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, Q
from django.urls import resolve
from django.utils import timezone, translation

from yingcai.accounts.models import User
from yingcai.attendance.models import Attendance, CheckIn, Gate, Registration, Session
from yingcai.conference.models import Venue
from yingcai.core.registry import figures
from yingcai.demo import guests as demo_guests
from yingcai.demo.base import Context
from yingcai.demo.presets import CHONGQING_2020
from yingcai.guests.models import Guest, Honour
from yingcai.stats import report

SCALE = 0.05


@pytest.fixture(scope="module")
def load(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            with translation.override("en"):
                call_command(
                    "demo", "--scale", str(SCALE), "--seed", "7", "--reset", "--yes",
                    stdout=StringIO(),
                )  # fmt: skip
            yield timezone.localdate() + timedelta(days=1)
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def anchor(load, db):
    return load


def expected_guests(scale):
    return sum(max(1, round(n * scale)) for _category, n in demo_guests.MIX)


def test_the_preset_holds_the_seeds_numbers():
    counts = CHONGQING_2020.counts
    assert counts["participants_online"] == 40_512 and counts["participants_onsite"] == 3_100
    assert expected_guests(1) == 112
    half = Context(seed=1, scale=0.5, anchor=timezone.localdate(), counts=counts)
    assert half.count("participants_online") == 20_256
    assert half.count("participants_onsite") == 1_550


def test_the_figures_are_the_presets_at_the_scale(anchor):
    found = figures.compute(
        keys=["online_participants", "offline_participants", "guests_confirmed", "checked_in"]
    )
    assert found["online_participants"]["value"] == round(40_512 * SCALE)
    assert found["offline_participants"]["value"] == round(3_100 * SCALE)
    assert found["guests_confirmed"]["value"] == expected_guests(SCALE)
    # The demo stands before the opening: nobody checked in.
    assert found["checked_in"]["value"] == 0 and not CheckIn.objects.exists()
    kinds = found["online_participants"]["breakdowns"]["kind"]
    assert set(kinds) == set(Registration.Kind.values)
    assert set(found["guests_confirmed"]["breakdowns"]["category"]) == {
        c for c in Guest.Category.values if c != "other"
    }
    assert "unknown" not in found["offline_participants"]["breakdowns"]["district"]
    # The press report now speaks of them.
    values = report.values_of(found)
    body = report.write_body(values, timezone.now(), "zh-hans")
    assert f"线上注册参会人数{values['online_participants']:,}人" in body
    assert "重要嘉宾" in body and "现场参会报名" in body


def test_the_agenda_of_the_two_days(anchor, client):
    sessions = Session.objects.select_related("venue")
    days = {timezone.localtime(s.starts_at).date() for s in sessions}
    assert days == {anchor, anchor + timedelta(days=1)}
    assert set(sessions.values_list("kind", flat=True)) == set(Session.Kind.values) - {"other"}
    opening = sessions.get(kind="opening")
    assert opening.online and opening.onsite and opening.venue.kind == Venue.Kind.MAIN
    assert opening.stream_url.endswith(".m3u8") and opening.speakers.exists()
    assert sessions.filter(venue__kind=Venue.Kind.SUB).values("venue").distinct().count() >= 5
    assert sessions.filter(venue__kind=Venue.Kind.ONLINE, kind="livestream").count() == 2
    for livestream in sessions.filter(kind="livestream"):
        assert livestream.jobs.exists() and not livestream.onsite
    assert not sessions.filter(kind="job_fair").exclude(capacity=None).exists()
    for session in sessions.exclude(link_url=""):
        resolve(f"/zh-hans{session.link_url}")
        # The page opens in the visitor's language.
        assert client.get(f"/en{session.link_url}").status_code == 200, session.link_url
        assert client.get(session.link_url).status_code == 302
    assert sessions.filter(kind="contest").exclude(link_url="").exists()
    assert sessions.filter(kind="roadshow").exclude(link_url="").count() >= 2
    on_site_venues = Venue.objects.exclude(kind=Venue.Kind.ONLINE)
    assert not on_site_venues.filter(gates=None).exists()
    assert Gate.objects.filter(venue__kind=Venue.Kind.ONLINE).count() == 0


def test_seats_within_capacity_tickets_and_waiting_lists(anchor):
    seats = Q(attendances__mode="onsite", attendances__status="confirmed")
    for session in Session.objects.annotate(seated=Count("attendances", filter=seats)):
        assert session.taken == session.seated, session
        assert session.capacity is None or session.taken <= session.capacity
    confirmed = Attendance.objects.filter(mode="onsite", status="confirmed")
    assert not confirmed.filter(ticket=None).exists()
    assert (
        not Attendance.objects.exclude(mode="onsite", status="confirmed")
        .exclude(ticket=None)
        .exists()
    )
    waiting = Attendance.objects.filter(status="waiting")
    assert waiting.exists()
    for attendance in waiting.select_related("session"):
        session = attendance.session
        assert session.capacity is not None and session.taken == session.capacity
        last_seat = session.attendances.filter(status="confirmed", mode="onsite").latest(
            "created_at"
        )
        assert last_seat.created_at <= attendance.created_at


def test_registrations_before_the_snapshot_spread_and_reachable(anchor):
    registrations = Registration.objects.all()
    snapshot = Context(seed=1, scale=1, anchor=anchor, counts={}).snapshot
    assert registrations.filter(created_at__gt=snapshot).count() == 0
    days = Counter(
        timezone.localtime(r).date() for r in registrations.values_list("created_at", flat=True)
    )
    assert len(days) > 20
    assert registrations.filter(cancelled_at__isnull=False).exists()
    assert (
        registrations.exclude(email="").exists()
        and registrations.filter(user__isnull=False).exists()
    )
    talent = User.objects.get(email="talent@example.com")
    mine = Registration.objects.get(user=talent)
    assert mine.attendances.filter(mode="onsite", status="confirmed").exclude(ticket=None).exists()


def test_the_guests_and_the_honours(anchor):
    guests = Guest.objects.all()
    confirmed = guests.filter(status__in=("online", "onsite"))
    assert guests.filter(status="invited").exists() and guests.filter(status="declined").exists()
    on_site = confirmed.filter(status="onsite")
    assert on_site.exists()
    for guest in on_site:
        assert guest.arrival and guest.arrival_at and guest.hotel and guest.liaison_name
        assert timezone.localtime(guest.arrival_at).date() == anchor - timedelta(days=1)
        assert guest.seat
        if guest.arrival in ("flight", "train"):
            assert guest.arrival_number and guest.pickup
    assert confirmed.filter(public_consent_at__isnull=False).exists()
    assert not confirmed.filter(first_confirmed_at=None).exists()
    honours = Honour.objects.all()
    assert set(honours.values_list("kind", flat=True)) == {"award", "program"}
    assert honours.filter(talent__isnull=False).exists() or SCALE < 0.1
    assert honours.filter(public_consent_at__isnull=False).exists()
    # The honourees' representatives, invited as a group.
    assert guests.filter(honour__isnull=False, category__in=("award", "program")).exists()
    protocol = User.objects.get(email="protocol@example.com")
    assert protocol.is_staff and list(protocol.groups.values_list("name", flat=True)) == [
        "protocol"
    ]
