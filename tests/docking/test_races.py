"""Docking sessions under simultaneous organisers: no table and no participant is ever in two
live meetings of one slot, whatever the moves and placements racing each other (PostgreSQL,
22 parallel clients, rows counted afterwards)."""

from collections import Counter

import pytest
from django.contrib.auth.models import Group
from django.utils import translation

from yingcai.core.models import District
from yingcai.core.rules import STAFF_EDITOR
from yingcai.docking.models import Meeting, MeetingRequest, Seat
from yingcai.docking.services import sessions as services

from ..concurrency import at_once, postgresql_only, put_back_reference_rows
from ..factories import OrganisationFactory, ProjectFactory, StaffFactory
from .factories import make_session, participant

CLIENTS = 22
TAKEN = "The table or one of the participants is already taken in this slot."


@pytest.fixture
def ready(transactional_db):
    put_back_reference_rows()
    District.objects.get_or_create(
        slug="liangjiang",
        defaults={"name_zh_hans": "两江新区", "name_en": "Liangjiang New Area", "kind": "area"},
    )
    Group.objects.get_or_create(name=STAFF_EDITOR)
    with translation.override("en"):
        yield StaffFactory(roles=[STAFF_EDITOR])


def published_with_meetings(count):
    session = make_session(status="published", slots=2, tables=count + 2)
    slots = list(session.slots.order_by("index"))
    tables = list(session.tables.order_by("number"))
    meetings = []
    for i in range(count):
        p = participant(session, project=ProjectFactory())
        o = participant(session, organisation=OrganisationFactory())
        request = MeetingRequest.objects.create(
            session=session, requester=p, counterpart=o, status="accepted"
        )
        meeting = Meeting.objects.create(
            session=session, request=request, slot=slots[0], table=tables[i], status="published"
        )
        Seat.objects.bulk_create(
            [Seat(meeting=meeting, participant=x, slot=slots[0]) for x in (p, o)]
        )
        meetings.append(meeting)
    return session, slots, tables, meetings


def assert_no_double_booking(session):
    live = Meeting.objects.filter(session=session).exclude(status="cancelled")
    per_table = Counter(live.values_list("slot_id", "table_id"))
    assert max(per_table.values()) == 1
    per_participant = Counter(
        Seat.objects.filter(meeting__session=session).values_list("participant_id", "slot_id")
    )
    assert max(per_participant.values()) == 1
    for meeting in live:
        assert set(meeting.seats.values_list("slot_id", flat=True)) == {meeting.slot_id}


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_simultaneous_moves_into_one_table_and_slot_leave_one_meeting_there(ready):
    editor = ready
    session, slots, tables, meetings = published_with_meetings(CLIENTS)
    outcomes = at_once(
        [
            lambda m=meeting: services.move_meeting(editor, m, slots[1], tables[0])
            for meeting in meetings
        ]
    )
    assert outcomes.count("ok") == 1, outcomes
    assert set(outcomes) == {"ok", TAKEN}, outcomes
    assert Meeting.objects.filter(slot=slots[1], table=tables[0]).count() == 1
    assert_no_double_booking(session)


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_simultaneous_placements_never_seat_a_participant_twice_in_a_slot(ready):
    editor = ready
    session = make_session(status="published", slots=2, tables=CLIENTS + 2)
    slots = list(session.slots.order_by("index"))
    tables = list(session.tables.order_by("number"))
    busy = participant(session, project=ProjectFactory())
    requests = [
        MeetingRequest.objects.create(
            session=session,
            requester=busy,
            counterpart=participant(session, organisation=OrganisationFactory()),
            status="accepted",
        )
        for _ in range(CLIENTS)
    ]
    # Half go to different tables (the busy project twice in the slot), half to one table.
    outcomes = at_once(
        [
            lambda r=request, i=i: services.place_meeting(
                editor, r, slots[1], tables[i if i % 2 else 0]
            )
            for i, request in enumerate(requests)
        ]
    )
    assert outcomes.count("ok") == 1, outcomes
    assert set(outcomes) == {"ok", TAKEN}, outcomes
    assert Seat.objects.filter(participant=busy, slot=slots[1]).count() == 1
    assert_no_double_booking(session)


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_moves_and_cancellations_at_once_keep_the_constraints(ready):
    editor = ready
    session, slots, tables, meetings = published_with_meetings(CLIENTS)
    calls = []
    for i, meeting in enumerate(meetings):
        if i % 2:
            calls.append(lambda m=meeting: services.cancel_meeting(editor, m))
        else:
            calls.append(lambda m=meeting: services.move_meeting(editor, m, slots[1], tables[1]))
    outcomes = at_once(calls)
    assert not [o for o in outcomes if o.startswith("error")], outcomes
    assert Meeting.objects.filter(status="cancelled").count() == CLIENTS // 2
    assert (
        Meeting.objects.filter(slot=slots[1], table=tables[1]).exclude(status="cancelled").count()
        == 1
    )
    assert_no_double_booking(session)
