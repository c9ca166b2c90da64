"""The attendance's personal data (PIPL Art. 45, 47): a person's registrations (with their
account or with its verified mobile number or e-mail), attendances, tickets and check-ins in
their export; erasure deletes them and gives their seats back; the check-ins they scanned as
staff stay without them."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from yingcai.attendance.models import Attendance, CheckIn, Registration
from yingcai.conference.models import Conference
from yingcai.core.registry import personal_data as registry

from ..factories import UserFactory
from ..privacy.test_personal_data import EMAIL, MOBILE, NAME, rows_naming
from .factories import (
    ConferenceFactory,
    GateFactory,
    RegistrationFactory,
    SessionFactory,
    VenueFactory,
    attend,
)

pytestmark = pytest.mark.django_db


def check_in(attendance, gate, by=None, n=0):
    return CheckIn.objects.create(
        attendance=attendance, gate=gate, scanned_at=timezone.now(), scanned_by=by, scan_id=f"s{n}"
    )


@pytest.fixture
def nana():
    person = UserFactory(name=NAME, email=EMAIL)
    person.mobile, person.mobile_verified = MOBILE, True
    person.save()
    conference = ConferenceFactory()
    earlier = Conference.objects.create(
        name="2019重庆英才大会",
        starts_at=timezone.now() - timedelta(days=400),
        ends_at=timezone.now() - timedelta(days=399),
    )
    forum = SessionFactory(venue=VenueFactory(conference=conference), capacity=2)
    opening = SessionFactory(venue=VenueFactory(conference=conference), kind="opening")
    old = SessionFactory(venue=VenueFactory(conference=earlier))
    gate = GateFactory(venue=forum.venue)
    # Linked to her account (another number), and one of last year made with her mobile.
    mine = RegistrationFactory(
        conference=conference, name=NAME, user=person, mobile="+8613800000001"
    )
    by_mobile = RegistrationFactory(conference=earlier, name=NAME, mobile=MOBILE)
    seat = attend(mine, forum, "onsite")
    attend(mine, opening, "online")
    attend(by_mobile, old, "onsite")
    check_in(seat, gate, n=1)
    # Someone else: a seat in the same forum, which she scanned as staff, and one waiting.
    other = RegistrationFactory(conference=conference, name="韩梅梅")
    other_seat = attend(other, forum, "onsite")
    check_in(other_seat, gate, by=person, n=2)
    waiting = attend(RegistrationFactory(conference=conference), forum, "onsite")
    assert waiting.status == Attendance.Status.WAITING
    # Her number before she verified it is not hers: a registration with a stranger's e-mail.
    RegistrationFactory(conference=conference, mobile="", email="stranger@example.org")
    forum.refresh_from_db()
    assert forum.taken == 2
    return {
        "person": person,
        "forum": forum,
        "old": old,
        "seat": seat,
        "other": other,
        "other_check_in": other_seat.check_in,
    }


def test_the_export_holds_registrations_attendances_tickets_and_check_ins(nana):
    data = registry.export(nana["person"])
    registrations = data["conference_registrations"]
    assert sorted(r["conference"] for r in registrations) == [
        "2019重庆英才大会",
        "2020重庆英才大会",
    ]
    assert {r["mobile"] for r in registrations} == {MOBILE, "+8613800000001"}
    assert len(data["conference_attendances"]) == 3
    assert {(a["mode"], a["status"]) for a in data["conference_attendances"]} == {
        ("onsite", "confirmed"),
        ("online", "confirmed"),
    }
    assert len(data["conference_tickets"]) == 2
    [own] = data["conference_check_ins"]
    assert own["session"] == str(nana["forum"])
    assert len(data["conference_check_ins_scanned"]) == 1
    # No ticket secret travels in an export.
    assert nana["seat"].ticket not in json.dumps(data)


def test_an_unverified_mobile_number_finds_nothing(nana):
    person = nana["person"]
    person.mobile_verified = False
    person.save()
    registrations = registry.export(person)["conference_registrations"]
    assert [r["linked_to_account"] for r in registrations] == [True]


def test_erasure_deletes_the_registrations_and_gives_the_seats_back(nana):
    person, forum = nana["person"], nana["forum"]
    before = rows_naming(NAME, EMAIL, MOBILE)
    assert "attendance.Registration.name" in before
    registry.erase(person)
    left = {
        k: v for k, v in rows_naming(NAME, EMAIL, MOBILE).items() if k.startswith("attendance.")
    }
    assert left == {}
    assert not Registration.objects.filter(user=person).exists()
    assert not Registration.objects.filter(mobile=MOBILE).exists()
    forum.refresh_from_db()
    nana["old"].refresh_from_db()
    # Her seat went at once to the one waiting; last year's session has its seat back.
    assert forum.taken == 2 and nana["old"].taken == 0
    assert forum.attendances.filter(status=Attendance.Status.WAITING).count() == 0
    # The other participant keeps her seat and her check-in, no longer naming the scanner.
    assert nana["other"].attendances.get().status == Attendance.Status.CONFIRMED
    kept = CheckIn.objects.get(pk=nana["other_check_in"].pk)
    assert kept.scanned_by is None
    assert CheckIn.objects.count() == 1
    assert Registration.objects.filter(email="stranger@example.org").exists()


def test_a_seat_freed_by_an_erasure_goes_to_the_first_in_line():
    person = UserFactory()
    session = SessionFactory(capacity=1)
    mine = attend(RegistrationFactory(user=person, mobile="+8613900000001"), session)
    waiting = attend(RegistrationFactory(mobile="+8613900000002"), session)
    assert (mine.status, waiting.status) == ("confirmed", "waiting")
    registry.erase(person)
    waiting.refresh_from_db()
    session.refresh_from_db()
    assert waiting.status == Attendance.Status.CONFIRMED and waiting.ticket
    assert session.taken == 1
