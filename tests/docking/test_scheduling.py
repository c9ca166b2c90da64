"""Scheduling, publishing, late changes of docking sessions (services and the task bodies)."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from yingcai.docking import tasks
from yingcai.docking.models import Meeting, MeetingRequest, Seat, Session
from yingcai.docking.services import sessions as services

from .factories import make_session, mutual, org_member, participant, team

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english(english):
    """The refusals are read in English."""


def side(session, kind):
    if kind == "project":
        project, user = team()
        return participant(session, project=project), user
    organisation, user = org_member()
    return participant(session, organisation=organisation), user


def accepted(session, a, a_user, b, b_user, priority="must"):
    mutual(a.project, b.organisation)
    request = services.request_meeting(a_user, a, b, priority)
    services.accept_request(b_user, request)
    return request


def close(session):
    Session.objects.filter(pk=session.pk).update(requests_close_at=timezone.now())
    session.refresh_from_db()


def schedule(editor, session, capture):
    with capture(execute=True):
        services.start_scheduling(editor, session)
    session.refresh_from_db()
    return session


def test_schedule_places_accepted_requests_and_says_why_the_others_are_not(
    editor, django_capture_on_commit_callbacks
):
    session = make_session(slots=2, tables=1)
    pairs = [(side(session, "project"), side(session, "organisation")) for _ in range(4)]
    requests = [
        accepted(session, a, au, b, bu, priority)
        for ((a, au), (b, bu)), priority in zip(
            pairs, ["must", "must", "would", "must"], strict=True
        )
    ]
    # The fourth pair then marks slots so that no slot is left to both.
    (p4, p4_user), (o4, o4_user) = pairs[3]
    slots = list(session.slots.order_by("index"))
    services.set_unavailable(p4_user, p4, [slots[0].pk])
    services.set_unavailable(o4_user, o4, [slots[1].pk])
    with pytest.raises(ValidationError, match="after its requests close"):
        services.start_scheduling(editor, session)
    close(session)
    schedule(editor, session, django_capture_on_commit_callbacks)
    assert session.status == "scheduled"
    assert session.weight == 6 and session.upper_bound == 6
    report = session.report
    assert report["state"] == "done" and report["gap"] == 0
    assert report["placed"] == 2
    reasons = {row["request"]: row["reason"] for row in report["unplaced"]}
    assert reasons == {requests[2].pk: "tables_full", requests[3].pk: "no_common_slot"}
    meetings = list(Meeting.objects.filter(session=session))
    assert {m.request_id for m in meetings} == {requests[0].pk, requests[1].pk}
    assert all(m.status == "planned" for m in meetings)
    assert Seat.objects.filter(meeting__session=session).count() == 4
    # Scheduled again before publishing: the planned meetings are replaced, not added.
    schedule(editor, session, django_capture_on_commit_callbacks)
    assert Meeting.objects.filter(session=session).count() == 2


def test_a_participant_taken_in_every_common_slot_is_the_reason(
    editor, django_capture_on_commit_callbacks
):
    session = make_session(slots=1, tables=3)
    (p, pu), (o1, o1u) = side(session, "project"), side(session, "organisation")
    (o2, o2u) = side(session, "organisation")
    accepted(session, p, pu, o1, o1u, "must")
    second = accepted(session, p, pu, o2, o2u, "would")
    close(session)
    schedule(editor, session, django_capture_on_commit_callbacks)
    assert session.report["unplaced"] == [{"request": second.pk, "reason": "requester_busy"}]


def test_scheduling_is_refused_while_it_runs_and_to_others(editor, talent):
    session = make_session()
    close(session)
    services.start_scheduling(editor, session)
    with pytest.raises(ValidationError, match="being scheduled"):
        services.start_scheduling(editor, Session.objects.get(pk=session.pk))
    Session.objects.filter(pk=session.pk).update(status="scheduled")
    with pytest.raises(ValidationError, match="being scheduled"):
        services.publish_session(editor, Session.objects.get(pk=session.pk))
    with pytest.raises(PermissionDenied):
        services.start_scheduling(talent, session)


def test_no_tables_no_scheduling(editor):
    session = make_session(tables=0)
    close(session)
    with pytest.raises(ValidationError, match="tables"):
        services.start_scheduling(editor, session)


def test_a_failure_is_recorded_for_the_organiser(editor):
    session = make_session()
    Session.objects.filter(pk=session.pk).update(report={"state": "running"})
    # A request between participants the engine cannot read: a corrupt row.
    tasks_problem = tasks._Problem
    try:
        tasks._Problem = None  # the body fails at once
        result = tasks.run_scheduling(session.pk, editor.pk)
    finally:
        tasks._Problem = tasks_problem
    assert result.report["state"] == "failed"
    assert tasks.run_scheduling(session.pk).report["state"] == "failed"  # not running: untouched
    assert tasks.run_reoptimising(session.pk).report["state"] == "failed"


def published_session(editor, capture, mailoutbox=None):
    session = make_session(slots=3, tables=1)
    made = []
    for _ in range(4):
        (a, au), (b, bu) = side(session, "project"), side(session, "organisation")
        made.append((accepted(session, a, au, b, bu, "must"), au, bu))
    close(session)
    schedule(editor, session, capture)
    with capture(execute=True):
        services.publish_session(editor, session)
    session.refresh_from_db()
    return session, made


def test_publishing_publishes_and_mails_each_participant_its_agenda(
    editor, django_capture_on_commit_callbacks, mailoutbox
):
    session, _made = published_session(editor, django_capture_on_commit_callbacks)
    assert session.status == "published"
    assert set(Meeting.objects.filter(session=session).values_list("status", flat=True)) == {
        "published"
    }
    # 8 participants, one member each: 8 agendas, with the calendar.
    agendas = [m for m in mailoutbox if m.attachments]
    assert len(agendas) == 8
    assert "BEGIN:VCALENDAR" in agendas[0].attachments[0][1]
    with pytest.raises(ValidationError, match="not yet published"):
        services.publish_session(editor, session)


def test_cancel_then_reoptimise_keeps_every_other_meeting_where_it_is(
    editor, django_capture_on_commit_callbacks, mailoutbox
):
    session, made = published_session(editor, django_capture_on_commit_callbacks)
    placed = {m.request_id: (m.slot_id, m.table_id) for m in session.meetings.all()}
    assert len(placed) == 3
    (waiting,) = [r for r, _a, _b in made if r.pk not in placed]
    victim = Meeting.objects.exclude(request=waiting).first()
    requester_user = next(a for r, a, _b in made if r.pk == victim.request_id)
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_meeting(requester_user, victim)
    victim.refresh_from_db()
    assert victim.status == "cancelled" and not victim.seats.exists()
    assert MeetingRequest.objects.get(pk=victim.request_id).status == "cancelled"
    with pytest.raises(ValidationError, match="already cancelled"):
        services.cancel_meeting(editor, victim)
    with django_capture_on_commit_callbacks(execute=True):
        services.start_reoptimising(editor, session)
    session.refresh_from_db()
    assert session.report["newly_placed"] == 1
    new = Meeting.objects.get(request=waiting, status="published")
    assert (new.slot_id, new.table_id) == placed[victim.request_id]
    for request_id, where in placed.items():
        if request_id != victim.request_id:
            kept = Meeting.objects.get(request_id=request_id)
            assert (kept.slot_id, kept.table_id) == where
    assert session.weight == 9
    assert any("日程中有一场洽谈" in m.subject for m in mailoutbox)


def test_a_withdrawn_participant_frees_its_slots(editor, django_capture_on_commit_callbacks):
    session, _made = published_session(editor, django_capture_on_commit_callbacks)
    meeting = session.meetings.first()
    who = meeting.request.counterpart
    services.withdraw_participant(editor, who)
    meeting.refresh_from_db()
    assert meeting.status == "cancelled" and not Seat.objects.filter(participant=who).exists()
    with pytest.raises(ValidationError, match="Only a published"):
        services.start_reoptimising(editor, make_session())
    services.start_reoptimising(editor, session)  # queued after the commit: still running
    with pytest.raises(ValidationError, match="being scheduled"):
        services.start_reoptimising(editor, session)


def test_moves_and_placements_by_hand_never_double_book(editor, django_capture_on_commit_callbacks):
    session, made = published_session(editor, django_capture_on_commit_callbacks)
    services.add_tables(editor, session, 1)
    tables = list(session.tables.order_by("number"))
    slots = list(session.slots.order_by("index"))
    meetings = list(session.meetings.order_by("slot__index"))
    # Into a slot and table already taken: refused.
    with pytest.raises(ValidationError, match="already taken"):
        services.move_meeting(editor, meetings[0], meetings[1].slot, meetings[1].table)
    # To the free second table of its own slot: moved with its seats.
    moved = services.move_meeting(editor, meetings[0], meetings[0].slot, tables[1])
    assert moved.table == tables[1]
    # A participant is never twice in a slot: the waiting request placed where a side is busy.
    placed = {m.request_id for m in meetings}
    (waiting,) = [r for r, _a, _b in made if r.pk not in placed]
    busy_side_meeting = meetings[1]
    request = MeetingRequest.objects.get(pk=waiting.pk)
    Seat.objects.filter(participant=request.requester).delete()
    with pytest.raises(ValidationError, match="already taken"):
        services.place_meeting(editor, request, busy_side_meeting.slot, busy_side_meeting.table)
    new = services.place_meeting(editor, request, meetings[0].slot, tables[0])
    assert new.status == "published" and new.seats.count() == 2
    with pytest.raises(ValidationError, match="this session"):
        services.move_meeting(editor, new, make_session().slots.first(), tables[0])
    with pytest.raises(PermissionDenied):
        services.move_meeting(made[0][1], new, slots[0], tables[0])
    services.cancel_request(made[0][1], made[0][0])
    with pytest.raises(ValidationError, match="Only an accepted"):
        services.place_meeting(editor, made[0][0], slots[0], tables[0])


def test_a_slot_a_side_cannot_attend_is_refused_for_a_move(
    editor, django_capture_on_commit_callbacks
):
    session, _made = published_session(editor, django_capture_on_commit_callbacks)
    meeting = session.meetings.first()
    other_slot = session.slots.exclude(pk=meeting.slot_id).first()
    meeting.request.requester.unavailable.create(slot=other_slot)
    with pytest.raises(ValidationError, match="cannot attend"):
        services.move_meeting(editor, meeting, other_slot, meeting.table)


def test_the_database_keeps_one_live_meeting_per_table_and_slot(
    editor, django_capture_on_commit_callbacks
):
    session, made = published_session(editor, django_capture_on_commit_callbacks)
    meeting = session.meetings.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.create(
            session=session,
            request=made[-1][0],
            slot=meeting.slot,
            table=meeting.table,
        )
    assert timedelta(0) == timedelta(0)


@pytest.mark.parametrize("tables", [3, 4])  # the video room taken by another meeting, or free
def test_an_overseas_teams_meetings_go_to_the_video_rooms(
    editor, django_capture_on_commit_callbacks, tables
):
    # One slot; the last table is a video room. One team from abroad and two domestic teams,
    # each meeting another organisation.
    session = make_session(slots=1, tables=tables)
    room = session.tables.get(number=tables)
    room.online_link = "https://meeting.example.com/room-3"
    room.save()
    pairs = [(side(session, "project"), side(session, "organisation")) for _ in range(3)]
    (abroad, _user), _other = pairs[0]
    abroad.project.origin = "overseas"
    abroad.project.country = "Germany"
    abroad.project.save()
    for (a, au), (b, bu) in pairs:
        accepted(session, a, au, b, bu)
    close(session)
    schedule(editor, session, django_capture_on_commit_callbacks)
    meetings = Meeting.objects.filter(session=session).select_related("request", "table")
    assert meetings.count() == 3
    tables = {m.request.requester_id: m.table for m in meetings}
    assert tables[abroad.pk] == room
    assert len({m.table_id for m in meetings}) == 3  # still one meeting per table
