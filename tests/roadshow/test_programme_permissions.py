"""The roadshow's part of the permission matrix: every rule against every actor."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from yingcai.core.rules import STAFF_ADMIN, STAFF_EDITOR, STAFF_MODERATOR, can

from ..factories import MembershipFactory, OrganisationFactory, StaffFactory, UserFactory
from .factories import pitch, roadshow, session

ACTORS = [
    "anonymous",
    "talent",
    "team_member",
    "org_owner",
    "org_recruiter",
    "org_viewer",
    "pending_org_owner",
    "team_and_org_owner",
    "moderator",
    "editor",
    "staff_admin",
]
EDITORS = {"editor", "staff_admin"}
SPEAKERS = {"org_owner", "org_recruiter"}

RULES = [
    # Speaking for a verified organisation: also a team member, for the other teams' pitches.
    ("roadshow.mark_interest", "pitch_now", SPEAKERS | {"team_and_org_owner"}),
    ("roadshow.mark_interest", "pitch_soon", SPEAKERS | {"team_and_org_owner"}),
    ("roadshow.mark_interest", "pitch_next_week", set()),
    ("roadshow.mark_interest", "pitch_yesterday", set()),
    ("roadshow.mark_interest", "pitch_unlisted", set()),
    ("roadshow.mark_interest", "own_pitch", SPEAKERS),
]
WITHOUT_OBJECT = {
    "roadshow.manage_programme": EDITORS,
    "roadshow": EDITORS,
    "roadshow.view_roadshowsession": EDITORS,
    "roadshow.add_roadshowsession": set(),
    "roadshow.change_roadshowsession": set(),
    "roadshow.delete_roadshowsession": set(),
    "roadshow.view_pitch": EDITORS,
    "roadshow.add_pitch": set(),
    "roadshow.change_pitch": set(),
    "roadshow.delete_pitch": set(),
    "roadshow.view_spotinterest": EDITORS,
    "roadshow.add_spotinterest": set(),
    "roadshow.change_spotinterest": set(),
    "roadshow.delete_spotinterest": set(),
}


@pytest.fixture
def world(db):
    call, entries = roadshow(selected_count=6)
    now = timezone.now()
    today = session(call, starts_at=now - timedelta(minutes=20))
    soon = session(call, starts_at=now + timedelta(minutes=10))
    later = session(call, starts_at=now + timedelta(days=7))
    yesterday = session(call, starts_at=now - timedelta(days=1))
    unlisted = entries[4]
    unlisted.project.status = "submitted"
    unlisted.project.save()
    organisation = OrganisationFactory(kind="investor")
    team_member = entries[0].project.team.get().user
    # A member of the team of the "own" pitch who also speaks for a verified investor.
    own = entries[5]
    both = own.project.team.get().user
    MembershipFactory(organisation=OrganisationFactory(kind="park"), user=both, role="owner")
    users = {
        "anonymous": AnonymousUser(),
        "talent": UserFactory(),
        "team_member": team_member,
        "org_owner": MembershipFactory(organisation=organisation, role="owner").user,
        "org_recruiter": MembershipFactory(organisation=organisation, role="recruiter").user,
        "org_viewer": MembershipFactory(organisation=organisation, role="viewer").user,
        "pending_org_owner": MembershipFactory(
            organisation=OrganisationFactory(status="pending"), role="owner"
        ).user,
        "team_and_org_owner": both,
        "moderator": StaffFactory(roles=[STAFF_MODERATOR]),
        "editor": StaffFactory(roles=[STAFF_EDITOR]),
        "staff_admin": StaffFactory(roles=[STAFF_ADMIN]),
    }
    objects = {
        "pitch_now": pitch(today, entries[0]),
        "pitch_soon": pitch(soon, entries[1]),
        "pitch_next_week": pitch(later, entries[2]),
        "pitch_yesterday": pitch(yesterday, entries[3]),
        "pitch_unlisted": pitch(today, unlisted, order=2),
        "own_pitch": pitch(today, own, order=3),
    }
    return users, objects


def test_the_roadshow_rules(world):
    users, objects = world
    wrong = [
        (perm, target, name)
        for perm, target, allowed in RULES
        for name, user in users.items()
        if can(user, perm, objects[target]) is not (name in allowed)
    ]
    assert not wrong, f"(rule, object, actor) that the rules answer otherwise: {wrong}"


def test_the_roadshow_rules_without_an_object(world):
    users, _objects = world
    wrong = [
        (perm, name)
        for perm, allowed in WITHOUT_OBJECT.items()
        for name, user in users.items()
        if can(user, perm) is not (name in allowed)
    ]
    assert not wrong, wrong


def test_predicates_asked_of_nothing_refuse(world):
    from yingcai.roadshow.rules import programme  # noqa: PLC0415

    users, objects = world
    user = users["org_owner"]
    assert not programme.session_is_under_way.test(user, None)
    assert not programme.is_not_in_the_team.test(user, objects["pitch_now"].session)
    assert not programme.project_is_listed.test(user, None)
