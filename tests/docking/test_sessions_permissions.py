"""The docking sessions' part of the permission matrix: every rule against every actor."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from yingcai.core.rules import STAFF_ADMIN, STAFF_EDITOR, STAFF_MODERATOR, can
from yingcai.docking.models import Meeting, MeetingRequest, Seat
from yingcai.docking.rules import sessions as session_rules

from ..factories import StaffFactory, UserFactory
from .factories import make_session, mutual, org_member, participant, team

ACTORS = [
    "anonymous",
    "talent",
    "team_member",
    "other_team",
    "org_member",
    "other_org",
    "moderator",
    "editor",
    "staff_admin",
]
EDITORS = {"editor", "staff_admin"}
SIGNED_IN = set(ACTORS) - {"anonymous"}

RULES = [
    ("docking.view_session", "session", set(ACTORS)),
    ("docking.view_session", "draft", EDITORS),
    ("docking.change_session", "draft", EDITORS),
    ("docking.change_session", "session", set()),
    ("docking.open_session", "draft", EDITORS),
    ("docking.open_session", "session", set()),
    ("docking.join_session", "session", SIGNED_IN),
    ("docking.join_session", "closed", set()),
    ("docking.schedule_session", "closed", EDITORS),
    ("docking.schedule_session", "session", set()),
    ("docking.schedule_session", "scheduled", EDITORS),
    ("docking.publish_session", "scheduled", EDITORS),
    ("docking.publish_session", "session", set()),
    ("docking.reoptimise_session", "published", EDITORS),
    ("docking.reoptimise_session", "scheduled", set()),
    ("docking.mark_unavailable", "project_side", {"team_member"}),
    ("docking.mark_unavailable", "org_side", {"org_member"}),
    ("docking.mark_unavailable", "scheduled_side", set()),
    ("docking.request_meeting", "project_side", {"team_member"}),
    ("docking.request_meeting", "org_side", {"org_member"}),
    ("docking.request_meeting", "closed_side", set()),
    ("docking.withdraw_participant", "project_side", {"team_member"} | EDITORS),
    ("docking.withdraw_participant", "org_side", {"org_member"} | EDITORS),
    ("docking.view_agenda", "project_side", {"team_member"}),
    ("docking.view_agenda", "org_side", {"org_member"}),
    ("docking.reset_feed", "project_side", {"team_member"}),
    ("docking.answer_request", "request", {"org_member"}),
    ("docking.cancel_request", "request", {"team_member"}),
    ("docking.place_meeting", "request", set()),
    ("docking.place_meeting", "accepted", EDITORS),
    ("docking.cancel_meeting", "meeting", {"team_member", "org_member"} | EDITORS),
    ("docking.move_meeting", "meeting", EDITORS),
    ("docking.move_meeting", "cancelled", set()),
]
WITHOUT_OBJECT = {
    "docking.add_session": EDITORS,
    "docking.manage_sessions": EDITORS,
}


@pytest.fixture
def world(db):
    session = make_session()
    project, lead = team()
    organisation, member = org_member()
    mutual(project, organisation)
    p = participant(session, project=project)
    o = participant(session, organisation=organisation)
    request = MeetingRequest.objects.create(session=session, requester=p, counterpart=o)
    closed = make_session(opened=timedelta(days=3), closes=timedelta(days=-1))
    scheduled = make_session(
        status="scheduled", opened=timedelta(days=3), closes=timedelta(days=-1)
    )
    published = make_session(
        status="published", opened=timedelta(days=3), closes=timedelta(days=-1)
    )
    accepted = MeetingRequest.objects.create(
        session=scheduled,
        requester=participant(scheduled, project=project),
        counterpart=participant(scheduled, organisation=organisation),
        status="accepted",
    )
    meeting = Meeting.objects.create(
        session=session,
        request=request,
        slot=session.slots.first(),
        table=session.tables.first(),
        status="published",
    )
    Seat.objects.create(meeting=meeting, participant=p, slot=meeting.slot)
    cancelled = Meeting(status="cancelled", session=session, request=request)
    users = {
        "anonymous": AnonymousUser(),
        "talent": UserFactory(),
        "team_member": lead,
        "other_team": team()[1],
        "org_member": member,
        "other_org": org_member()[1],
        "moderator": StaffFactory(roles=[STAFF_MODERATOR]),
        "editor": StaffFactory(roles=[STAFF_EDITOR]),
        "staff_admin": StaffFactory(roles=[STAFF_ADMIN]),
    }
    objects = {
        "session": session,
        "draft": make_session(status="draft"),
        "closed": closed,
        "scheduled": scheduled,
        "published": published,
        "project_side": p,
        "org_side": o,
        "scheduled_side": accepted.requester,
        "closed_side": participant(closed, project=project),
        "request": request,
        "accepted": accepted,
        "meeting": meeting,
        "cancelled": cancelled,
    }
    return users, objects


def test_the_session_rules(world):
    users, objects = world
    wrong = [
        (perm, target, name)
        for perm, target, allowed in RULES
        for name, user in users.items()
        if can(user, perm, objects[target]) is not (name in allowed)
    ]
    assert not wrong, f"(rule, object, actor) that the rules answer otherwise: {wrong}"


def test_the_session_rules_without_an_object(world):
    users, _objects = world
    wrong = [
        (perm, name)
        for perm, allowed in WITHOUT_OBJECT.items()
        for name, user in users.items()
        if can(user, perm) is not (name in allowed)
    ]
    assert not wrong


def test_predicates_asked_of_nothing_refuse(world):
    users, objects = world
    user = users["team_member"]
    assert not session_rules.is_meeting_side.test(user, objects["session"])
    assert not session_rules.session_can_be_scheduled.test(user, None)
    assert session_rules.teams(AnonymousUser()) == set()
    assert timezone.now()
