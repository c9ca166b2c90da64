"""Registration under simultaneous clients (PostgreSQL, 20+ parallel clients, rows counted
afterwards): one registration per mobile number however many submissions arrive at once; a
session never over capacity; cancellations racing registrations keep `taken` equal to the
confirmed on-site attendances, and the seats go to the waiting list in order."""

import random
from collections import Counter

import pytest
from django.db.models import F
from django.utils import translation

from yingcai.attendance.models import Attendance, Registration, Session
from yingcai.attendance.services import registration as services

from ..concurrency import at_once, postgresql_only, put_back_reference_rows
from .factories import SessionFactory

pytestmark = postgresql_only


@pytest.fixture
def world(transactional_db):
    put_back_reference_rows()
    return SessionFactory(capacity=10)


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


def _register(session, contact, mode="onsite", sessions=None):
    return services.register(
        conference=session.conference,
        name="参会者",
        contact=contact,
        kind="talent",
        language="en",
        choices=[(s, mode) for s in (sessions or [session])],
        privacy_statement=True,
    )


def test_twenty_four_submissions_of_one_mobile_make_one_registration(world):
    other = SessionFactory(conference=world.conference, capacity=None)
    results = []

    def submit():
        results.append(_register(world, "138 0013 8000", sessions=[world, other]))

    outcomes = Counter(at_once([submit for _n in range(24)]))
    assert outcomes == {"ok": 24}, outcomes
    assert Registration.objects.count() == 1
    assert Attendance.objects.count() == 2
    assert len({r.pk for r in results}) == 1
    assert sum(not r.existing for r in results) == 1
    world.refresh_from_db()
    assert world.taken == 1


def test_thirty_on_site_registrations_for_ten_seats(world):
    calls = [lambda n=n: _register(world, f"+86138{n:08d}") for n in range(30)]
    outcomes = Counter(at_once(calls))
    assert outcomes == {"ok": 30}, outcomes
    world.refresh_from_db()
    statuses = Counter(Attendance.objects.filter(session=world).values_list("status", flat=True))
    assert statuses == {"confirmed": 10, "waiting": 20}
    assert world.taken == 10
    assert Attendance.objects.filter(ticket__isnull=False).count() == 10


def test_cancellations_racing_registrations_keep_the_count(world):
    first = [_register(world, f"+86139{n:08d}") for n in range(14)]
    confirmed = [r for r in first if r.attendances.get().status == "confirmed"]
    assert len(confirmed) == 10
    calls = [
        lambda r=r: services.cancel_attendance(None, r.attendances.get(), key=r.key)
        for r in confirmed[:6]
    ] + [lambda n=n: _register(world, f"+86137{n:08d}") for n in range(18)]
    random.Random(15).shuffle(calls)
    outcomes = Counter(at_once(calls))
    assert outcomes == {"ok": 24}, outcomes
    world.refresh_from_db()
    onsite = Attendance.objects.filter(session=world, mode="onsite")
    assert world.taken == onsite.filter(status="confirmed").count() == 10
    # Nobody waits while a seat is free; the line is served in order.
    waiting = onsite.filter(status="waiting")
    assert waiting.count() == (14 - 10) + 18 - 6
    assert not Session.objects.filter(taken__gt=F("capacity")).exists()
    # The four who waited before the race were promoted before anyone who came during it.
    early_waiting = [r for r in first if r not in confirmed]
    assert all(r.attendances.get().status == "confirmed" for r in early_waiting)


def test_twenty_cancellations_of_one_attendance_free_one_seat(world):
    holder = _register(world, "+8613800000001")
    line = [_register(world, f"+86136{n:08d}") for n in range(12)]
    attendance = holder.attendances.get()
    calls = [
        lambda: services.cancel_attendance(None, attendance, key=holder.key) for _n in range(20)
    ]
    outcomes = Counter(at_once(calls))
    assert outcomes == {"ok": 1, "This attendance is already cancelled.": 19}, outcomes
    world.refresh_from_db()
    assert world.taken == 10
    promoted = [r for r in line if r.attendances.get().status == "confirmed"]
    assert len(promoted) == 10
