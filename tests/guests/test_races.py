"""The guests under simultaneous clients (PostgreSQL, 20 parallel clients, rows counted
afterwards): twenty answers through one RSVP link leave one answer and one first "yes";
twenty itineraries giving one seat to twenty guests give it to one; reminders run twice at
once mail each guest once; a list invited twice at once invites each person once."""

from collections import Counter
from datetime import timedelta

import pytest
from django.utils import timezone, translation

from yingcai.core.models import AuditEntry
from yingcai.guests.models import Guest
from yingcai.guests.services import guests as services
from yingcai.guests.services import honours as honour_services

from ..attendance.factories import ConferenceFactory
from ..concurrency import at_once, postgresql_only, put_back_reference_rows
from ..factories import StaffFactory
from .factories import GuestFactory, HonourFactory

pytestmark = postgresql_only


@pytest.fixture
def world(transactional_db):
    put_back_reference_rows()
    conference = ConferenceFactory()
    return conference, StaffFactory(roles=["protocol"])


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


def test_twenty_answers_through_one_link_make_one_answer(world):
    conference, protocol = world
    guest = GuestFactory(conference=conference)
    secret = services.invite(protocol, guest)
    arrival = conference.starts_at - timedelta(hours=6)
    statuses = ["onsite", "online", "onsite", "declined"] * 5
    calls = [
        lambda s=s: services.answer(secret, status=s, arrival="flight", arrival_at=arrival)
        for s in statuses
    ]
    results = Counter(at_once(calls))
    assert results == {"ok": 20}, results
    guest.refresh_from_db()
    assert guest.status in {"onsite", "online", "declined"}
    assert guest.first_confirmed_at is not None
    assert Guest.objects.filter(first_confirmed_at__isnull=False).count() == 1
    # One first answer; every other one recorded as a change of it.
    assert AuditEntry.objects.filter(action="guests.rsvp_answered").count() == 1
    assert AuditEntry.objects.filter(action="guests.rsvp_changed").count() == 19


def test_twenty_guests_given_one_seat_at_once_get_it_once(world):
    conference, protocol = world
    guests = [GuestFactory(conference=conference) for _ in range(20)]
    calls = [lambda g=g: services.set_itinerary(protocol, g, seat="A-1") for g in guests]
    results = Counter(at_once(calls))
    assert results == {"ok": 1, "Seat A-1 is already given to another guest.": 19}, results
    assert Guest.objects.filter(seat="A-1").count() == 1


def test_reminders_run_twenty_times_at_once_mail_each_guest_once(world, mailoutbox):
    conference, _protocol = world
    now = timezone.now()
    for _ in range(5):
        GuestFactory(conference=conference, status="onsite", arrival_at=now + timedelta(hours=5))
    sent = []
    calls = [lambda: sent.append(services.send_reminders(now)) for _ in range(20)]
    assert Counter(at_once(calls)) == {"ok": 20}
    assert sum(sent) == 5
    assert AuditEntry.objects.filter(action="guests.reminder_sent").count() == 5
    assert Guest.objects.filter(reminded_at=now).count() == 5


def test_a_list_invited_twenty_times_at_once_invites_each_person_once(world):
    _conference, protocol = world
    for n in range(4):
        HonourFactory(kind="award", year=2019, email=f"winner{n}@example.org")
    invited = []
    calls = [
        lambda: invited.append(honour_services.invite_group(protocol, "award", 2019))
        for _ in range(20)
    ]
    assert Counter(at_once(calls)) == {"ok": 20}
    assert sum(invited) == 4
    assert Guest.objects.count() == 4
    assert AuditEntry.objects.filter(action="guests.guest_invited").count() == 4
