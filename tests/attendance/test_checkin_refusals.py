"""Every refusal of check-in's service and rules (services/checkin.py, rules/checkin.py),
with the words a person sees, and the race of the gates on PostgreSQL: 24 phones at two gates
scanning the same ticket at once make one check-in, every other answer "already"."""

import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone, translation

from yingcai.attendance.models import CheckIn, Gate
from yingcai.attendance.services import checkin as services

from ..concurrency import at_once, postgresql_only, put_back_reference_rows
from ..factories import StaffFactory, UserFactory
from .factories import GateFactory, RegistrationFactory, SessionFactory, attend, ticket_code


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


@pytest.fixture
def hall(db):
    session = SessionFactory()
    return session, GateFactory(venue=session.venue, name="North 1")


def check(staff, session, gate, code="YC1.x", scan_id="one"):
    return services.check_in(
        staff, session=session, gate=gate, code=code, scan_id=scan_id, scanned_at=None
    )


def refused(call, message):
    with pytest.raises(ValidationError) as error:
        call()
    assert " ".join(error.value.messages) == message


def test_only_staff_check_in(hall):
    session, gate = hall
    with pytest.raises(PermissionDenied):
        check(UserFactory(), session, gate)
    with pytest.raises(PermissionDenied):
        services.sync(UserFactory(), session, gate, [])


def test_a_gate_of_another_venue(hall, plain_staff):
    session, _gate = hall
    refused(
        lambda: check(plain_staff, session, GateFactory()),
        "This gate is not at the venue of this session.",
    )


def test_a_session_online_only(db, plain_staff):
    session = SessionFactory(onsite=False, online=True, capacity=None)
    refused(
        lambda: check(plain_staff, session, GateFactory(venue=session.venue)),
        "This session is not attended on site: it has no tickets.",
    )


@pytest.mark.parametrize("scan_id", ["", None, 12, "x" * 41])
def test_a_scan_without_a_valid_id(hall, plain_staff, scan_id):
    session, gate = hall
    refused(
        lambda: check(plain_staff, session, gate, scan_id=scan_id),
        "This scan has no valid id: reload the page.",
    )


@pytest.mark.parametrize("scan_id", ["a\nb", "éé", "a\x00"])
def test_a_scan_id_with_odd_characters(hall, plain_staff, scan_id):
    session, gate = hall
    refused(
        lambda: check(plain_staff, session, gate, scan_id=scan_id),
        "This scan has no valid id: reload the page.",
    )


def test_a_scan_id_used_for_another_ticket(hall, plain_staff):
    session, gate = hall
    first, second = (attend(RegistrationFactory(), session) for _ in range(2))
    check(plain_staff, session, gate, ticket_code(first), scan_id="same")
    refused(
        lambda: check(plain_staff, session, gate, ticket_code(second), scan_id="same"),
        "This scan id was used for another ticket.",
    )
    assert CheckIn.objects.count() == 1


def test_sync_refuses_what_is_not_a_list(hall, plain_staff):
    session, gate = hall
    for scans in (None, "scans", {"a": 1}, 5):
        refused(
            lambda scans=scans: services.sync(plain_staff, session, gate, scans),
            "The scans could not be read.",
        )


def test_sync_refuses_too_many(hall, plain_staff):
    session, gate = hall
    scans = [{"scan_id": str(n), "code": "x"} for n in range(services.MAX_BATCH + 1)]
    refused(
        lambda: services.sync(plain_staff, session, gate, scans),
        f"Send at most {services.MAX_BATCH} scans at a time.",
    )


def test_gate_names(hall, editor):
    session, _gate = hall
    for name in ("", "  ", None, 7, "x" * 61, "a\tb"):
        refused(
            lambda name=name: services.add_gate(editor, session.venue, name),
            "Give the gate a name of up to 60 characters.",
        )
    refused(
        lambda: services.add_gate(editor, session.venue, "North 1"),
        "This venue already has a gate of this name.",
    )
    with pytest.raises(PermissionDenied):
        services.add_gate(StaffFactory(), session.venue, "West")


def test_removing_a_gate(hall, editor):
    session, gate = hall
    check(editor, session, gate, ticket_code(attend(RegistrationFactory(), session)))
    refused(
        lambda: services.remove_gate(editor, gate),
        "Tickets were checked in at this gate: it stays.",
    )
    gone = GateFactory(venue=session.venue)
    stale = Gate.objects.get(pk=gone.pk)
    gone.delete()
    refused(lambda: services.remove_gate(editor, stale), "This gate no longer exists.")


# --- The race ------------------------------------------------------------------------------
@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_two_gates_scanning_one_ticket_at_once_admit_it_once():
    put_back_reference_rows()
    session = SessionFactory()
    gates = [GateFactory(venue=session.venue, name=f"Gate {n}") for n in (1, 2)]
    staff = [StaffFactory() for _ in range(24)]
    attendance = attend(RegistrationFactory(), session)
    code = ticket_code(attendance)
    answers: list = [None] * len(staff)

    def phone(index):
        def call():
            translation.activate("en")
            answers[index] = services.check_in(
                staff[index],
                session=session,
                gate=gates[index % 2],
                code=code,
                scan_id=str(uuid.uuid4()),
                scanned_at=timezone.now(),
            )

        return call

    outcomes = at_once([phone(i) for i in range(len(staff))])
    assert outcomes == ["ok"] * len(staff), outcomes
    kinds = sorted(a.outcome for a in answers)
    assert kinds == ["admitted"] + ["already"] * (len(staff) - 1)
    assert CheckIn.objects.count() == 1
    winner = CheckIn.objects.get()
    for answer in answers:
        if answer.outcome == "already":
            assert answer.gate == winner.gate.name
    assert connection.vendor == "postgresql"
