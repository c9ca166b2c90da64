"""Docking sessions: creation, participants, meeting requests, refusals (services)."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from yingcai.core.models import AuditEntry
from yingcai.docking.models import MeetingRequest, Participant, Session
from yingcai.docking.services import sessions as services

from ..factories import OrganisationFactory, ProjectFactory
from .factories import make_session, mutual, org_member, participant, team

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english(english):
    """The refusals are read in English."""


SHANGHAI = ZoneInfo("Asia/Shanghai")


def new_session(**changes) -> Session:
    now = timezone.now()
    fields = {
        "title_zh_hans": "生物医药专场",
        "title_en": "Biomedicine session",
        "venue": "悦来会展中心",
        "date": timezone.localdate() + timedelta(days=20),
        "starts_at": time(9, 30),
        "slot_minutes": 20,
        "break_minutes": 10,
        "slot_count": 6,
        "requests_open_at": now,
        "requests_close_at": now + timedelta(days=10),
    }
    fields.update(changes)
    return Session(**fields)


def test_an_editor_creates_a_session_with_its_slots_in_shanghai_time(editor):
    session = services.create_session(editor, new_session())
    slots = list(session.slots.order_by("index"))
    assert len(slots) == 6
    first = slots[0].starts_at.astimezone(SHANGHAI)
    assert (first.hour, first.minute) == (9, 30)
    assert slots[1].starts_at - slots[0].starts_at == timedelta(minutes=30)
    assert slots[0].ends_at - slots[0].starts_at == timedelta(minutes=20)
    assert session.status == "draft"
    assert AuditEntry.objects.filter(action="docking_session.created").exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"slot_minutes": 4}, "slot_minutes"),
        ({"slot_count": 49}, "slot_count"),
        ({"slot_count": 0}, "slot_count"),
        ({"break_minutes": 999}, "break_minutes"),
        ({"title_zh_hans": "", "title_en": " "}, "title_zh_hans"),
        ({"slot_count": 48, "starts_at": time(20, 0)}, "slot_count"),
    ],
)
def test_bad_sessions_are_refused_with_the_field(editor, changes, field):
    with pytest.raises(ValidationError) as error:
        services.create_session(editor, new_session(**changes))
    assert field in error.value.message_dict
    assert not Session.objects.exists()


def test_the_window_must_be_in_order_and_close_before_the_first_slot(editor):
    now = timezone.now()
    with pytest.raises(ValidationError) as error:
        services.create_session(editor, new_session(requests_close_at=now - timedelta(hours=1)))
    assert "requests_close_at" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.create_session(editor, new_session(requests_close_at=now + timedelta(days=40)))
    assert "requests_close_at" in error.value.message_dict


def test_only_editors_create_sessions(talent, moderator):
    for user in (talent, moderator):
        with pytest.raises(PermissionDenied):
            services.create_session(user, new_session())


def test_a_draft_is_changed_opened_with_tables_and_then_no_longer_changed(editor):
    session = services.create_session(editor, new_session())
    session.slot_count = 3
    services.change_session(editor, session)
    assert session.slots.count() == 3
    with pytest.raises(ValidationError, match="tables"):
        services.open_session(editor, session)
    tables = services.add_tables(editor, session, 5, online_link="https://meeting.example.com/x")
    assert [t.number for t in tables] == [1, 2, 3, 4, 5]
    assert services.add_tables(editor, session, 2)[0].number == 6
    services.remove_table(editor, tables[-1])
    services.open_session(editor, session)
    session.slot_count = 4
    with pytest.raises(ValidationError, match="draft"):
        services.change_session(editor, session)
    with pytest.raises(ValidationError):
        services.open_session(editor, session)


@pytest.mark.parametrize("count", [0, 201, "3"])
def test_tables_are_added_within_bounds(editor, count):
    session = make_session(tables=0)
    with pytest.raises(ValidationError):
        services.add_tables(editor, session, count)


def test_at_most_500_tables(editor):
    session = make_session(tables=0)
    for _ in range(2):
        services.add_tables(editor, session, 200)
    with pytest.raises(ValidationError):
        services.add_tables(editor, session, 101)


def test_a_table_with_meetings_stays(editor):
    session, _p, _o = scheduled_pair()
    meeting = session.meetings.get()
    with pytest.raises(ValidationError):
        services.remove_table(editor, meeting.table)


# --- Participants ------------------------------------------------------------------------------
def test_a_team_member_joins_for_a_listed_project_an_org_member_for_a_verified_org():
    session = make_session()
    project, lead = team()
    organisation, member = org_member()
    joined = services.join_session(lead, session, project=project)
    assert joined.side == "project"
    assert services.join_session(member, session, organisation=organisation).side == "organisation"
    with pytest.raises(ValidationError, match="already"):
        services.join_session(lead, session, project=project)


def test_joining_is_refused_for_others_and_unlisted_and_closed():
    session = make_session()
    project, lead = team()
    organisation, member = org_member()
    with pytest.raises(PermissionDenied):
        services.join_session(member, session, project=project)
    with pytest.raises(PermissionDenied):
        services.join_session(lead, session, organisation=organisation)
    with pytest.raises(ValidationError):
        services.join_session(lead, session)
    draft, draft_lead = team(ProjectFactory(status="draft"))
    draft_lead = draft.team.get().user
    with pytest.raises(ValidationError, match="listed"):
        services.join_session(draft_lead, session, project=draft)
    pending, pending_member = org_member(OrganisationFactory(status="pending"))
    with pytest.raises(ValidationError, match="verified"):
        services.join_session(pending_member, session, organisation=pending)
    closed = make_session(closes=timedelta(days=-1), opened=timedelta(days=3))
    with pytest.raises(ValidationError, match="participants"):
        services.join_session(lead, closed, project=project)


def test_a_withdrawn_participant_joins_again():
    session = make_session()
    project, lead = team()
    joined = services.join_session(lead, session, project=project)
    services.withdraw_participant(lead, joined)
    with pytest.raises(ValidationError, match="already withdrawn"):
        services.withdraw_participant(lead, joined)
    again = services.join_session(lead, session, project=project)
    assert again.pk == joined.pk and again.withdrawn_at is None


def test_slots_not_attended_are_marked_but_never_all():
    session = make_session()
    project, lead = team()
    me = participant(session, project=project)
    slots = list(session.slots.values_list("pk", flat=True))
    assert services.set_unavailable(lead, me, slots[:2]) == sorted(slots[:2])
    assert services.set_unavailable(lead, me, [slots[3]]) == [slots[3]]
    assert list(me.unavailable.values_list("slot_id", flat=True)) == [slots[3]]
    with pytest.raises(ValidationError, match="at least one"):
        services.set_unavailable(lead, me, slots)
    with pytest.raises(ValidationError, match="Unknown"):
        services.set_unavailable(lead, me, [make_session().slots.first().pk])
    with pytest.raises(ValidationError, match="Unknown"):
        services.set_unavailable(lead, me, ["x"])
    _org, stranger = org_member()
    with pytest.raises(PermissionDenied):
        services.set_unavailable(stranger, me, [])
    session.status = "scheduled"
    session.save()
    with pytest.raises(ValidationError, match="no longer"):
        services.set_unavailable(lead, me, [])
    services.withdraw_participant(lead, me)
    with pytest.raises(ValidationError, match="withdrawn"):
        services.set_unavailable(lead, me, [])


def test_the_feed_link_is_reset_by_a_member_only():
    session = make_session()
    project, lead = team()
    me = participant(session, project=project)
    old = me.feed_token
    assert services.reset_feed(lead, me).feed_token != old
    _org, stranger = org_member()
    with pytest.raises(PermissionDenied):
        services.reset_feed(stranger, me)


# --- Meeting requests --------------------------------------------------------------------------
def pair(session=None, interested=True):
    session = session or make_session()
    project, lead = team()
    organisation, member = org_member()
    if interested:
        mutual(project, organisation)
    p = participant(session, project=project)
    o = participant(session, organisation=organisation)
    return session, p, o, lead, member


def test_a_request_is_sent_accepted_and_both_sides_told(
    mailoutbox, django_capture_on_commit_callbacks
):
    _session, p, o, lead, member = pair()
    with django_capture_on_commit_callbacks(execute=True):
        request = services.request_meeting(lead, p, o, "must", "想聊聊融资")
    assert request.weight == 3
    assert mailoutbox[-1].to == [member.email]
    with django_capture_on_commit_callbacks(execute=True):
        services.accept_request(member, request)
    request.refresh_from_db()
    assert request.status == "accepted"
    assert mailoutbox[-1].to == [lead.email]
    with pytest.raises(ValidationError, match="already been answered"):
        services.decline_request(member, request)


def test_requests_are_refused_for_the_reasons_a_person_understands():
    session, p, o, lead, member = pair()
    with pytest.raises(ValidationError, match="yourself"):
        services.request_meeting(lead, p, p, "must")
    other_project, _lead2 = team()
    same_side = participant(session, project=other_project)
    with pytest.raises(ValidationError, match="other side"):
        services.request_meeting(lead, p, same_side, "would")
    with pytest.raises(ValidationError, match="priority"):
        services.request_meeting(lead, p, o, "urgent")
    with pytest.raises(ValidationError, match="500"):
        services.request_meeting(lead, p, o, "would", "x" * 501)
    with pytest.raises(ValidationError, match="500"):
        services.request_meeting(lead, p, o, "would", "a\x00b")
    elsewhere = participant(make_session(), organisation=OrganisationFactory())
    with pytest.raises(ValidationError, match="another session"):
        services.request_meeting(lead, p, elsewhere, "would")
    # Another team, another organisation: not theirs to send.
    _org, stranger = org_member()
    with pytest.raises(PermissionDenied):
        services.request_meeting(stranger, p, o, "would")
    with pytest.raises(PermissionDenied):
        services.request_meeting(member, p, o, "would")


def test_no_request_without_mutual_interest():
    _session, p, o, lead, _member = pair(interested=False)
    with pytest.raises(ValidationError, match="both interested"):
        services.request_meeting(lead, p, o, "would")


def test_no_request_outside_the_window():
    for session in (
        make_session(opened=timedelta(days=-1)),  # opens tomorrow
        make_session(opened=timedelta(days=3), closes=timedelta(days=-1)),  # closed
    ):
        _s, p, o, lead, _member = pair(session)
        with pytest.raises(ValidationError, match="request window"):
            services.request_meeting(lead, p, o, "would")


def test_duplicates_both_ways_are_refused_and_a_cancelled_one_may_be_sent_again():
    _session, p, o, lead, member = pair()
    request = services.request_meeting(lead, p, o, "would")
    with pytest.raises(ValidationError, match="already requested"):
        services.request_meeting(lead, p, o, "must")
    with pytest.raises(ValidationError, match="answer it"):
        services.request_meeting(member, o, p, "must")
    services.cancel_request(lead, request)
    with pytest.raises(ValidationError, match="no longer"):
        services.cancel_request(lead, request)
    again = services.request_meeting(lead, p, o, "must")
    assert again.pk == request.pk and again.status == "pending" and again.priority == "must"


def test_a_withdrawn_counterpart_is_not_asked():
    _session, p, o, lead, member = pair()
    services.withdraw_participant(member, o)
    with pytest.raises(ValidationError, match="withdrawn"):
        services.request_meeting(lead, p, o, "would")


def test_no_slot_both_sides_can_attend_is_refused_at_request_and_at_acceptance():
    session, p, o, lead, member = pair()
    slots = list(session.slots.order_by("index").values_list("pk", flat=True))
    services.set_unavailable(lead, p, slots[:2])
    services.set_unavailable(member, o, slots[2:])
    with pytest.raises(ValidationError, match="no slot both sides"):
        services.request_meeting(lead, p, o, "would")
    services.set_unavailable(member, o, [])
    request = services.request_meeting(lead, p, o, "would")
    services.set_unavailable(member, o, slots[2:])
    with pytest.raises(ValidationError, match="no slot both sides"):
        services.accept_request(member, request)


def test_only_the_counterpart_answers_and_only_the_requester_cancels():
    _session, p, o, lead, member = pair()
    request = services.request_meeting(lead, p, o, "would")
    with pytest.raises(PermissionDenied):
        services.accept_request(lead, request)
    with pytest.raises(PermissionDenied):
        services.cancel_request(member, request)
    services.decline_request(member, request)
    assert MeetingRequest.objects.get().status == "declined"
    with pytest.raises(ValidationError, match="already requested"):
        services.request_meeting(lead, p, o, "would")


def test_answers_stop_when_the_session_is_being_scheduled():
    session, p, o, lead, member = pair()
    request = services.request_meeting(lead, p, o, "would")
    Session.objects.filter(pk=session.pk).update(status="scheduled")
    with pytest.raises(ValidationError, match="being scheduled"):
        services.accept_request(member, request)


def test_the_database_refuses_a_request_to_oneself():
    session, p, _o, _lead, _member = pair()
    with pytest.raises(IntegrityError), transaction.atomic():
        MeetingRequest.objects.create(session=session, requester=p, counterpart=p)


def scheduled_pair():
    """A session with one accepted request, scheduled (by the task's body)."""
    from yingcai.docking import tasks  # noqa: PLC0415 - keeps the helper beside its tests

    session, p, o, lead, member = pair()
    request = services.request_meeting(lead, p, o, "must")
    services.accept_request(member, request)
    Session.objects.filter(pk=session.pk).update(
        requests_close_at=timezone.now(), report={"state": "running"}
    )
    tasks.run_scheduling(session.pk)
    session.refresh_from_db()
    return session, p, o


def test_participants_and_requests_rows_are_one_per_side():
    session, p, _o, _lead, _member = pair()
    with pytest.raises(IntegrityError), transaction.atomic():
        Participant.objects.create(session=session, project=p.project)
    assert date.today() and datetime.now()  # imports used
