"""The calls' and entries' part of the permission matrix: every rule against every actor."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from yingcai.calls.models import Conflict, EntryDocument
from yingcai.core.rules import STAFF_ADMIN, STAFF_EDITOR, STAFF_VERIFIER, can
from yingcai.projects.models import TeamMember

from ..factories import StaffFactory, UserFactory
from .entries_helpers import open_call, team_project
from .factories import AssignmentFactory, EntryFactory, ReviewerFactory, StageFactory

ACTORS = [
    "anonymous",
    "talent",
    "team_member",
    "other_team",
    "reviewer",
    "conflicted_reviewer",
    "verifier",
    "editor",
    "staff_admin",
]
MANAGERS = {"editor", "staff_admin"}
SIGNED_IN = set(ACTORS) - {"anonymous"}
STAFF = {"verifier", "editor", "staff_admin"}

RULES = [
    ("calls.view_call", "call", set(ACTORS)),
    ("calls.view_call", "draft_call", MANAGERS),
    ("calls.change_call", "call", MANAGERS),
    ("calls.publish_call", "draft_call", MANAGERS),
    ("calls.publish_call", "call", set()),
    ("calls.view_entries", "call", MANAGERS),
    ("calls.enter_call", "call", SIGNED_IN),
    ("calls.enter_call", "draft_call", set()),
    ("calls.enter_call", "closed_call", set()),
    ("calls.enter_with_project", "project", {"team_member"}),
    ("calls.enter_with_project", "withdrawn_project", set()),
    ("calls.edit_entry", "draft", {"team_member"}),
    ("calls.edit_entry", "submitted", {"team_member"}),
    ("calls.edit_entry", "closed_entry", set()),
    ("calls.submit_entry", "draft", {"team_member"}),
    ("calls.submit_entry", "submitted", set()),
    ("calls.submit_entry", "closed_entry", set()),
    ("calls.withdraw_entry", "submitted", {"team_member"}),
    ("calls.withdraw_entry", "draft", set()),
    ("calls.view_entry", "submitted", {"team_member", "reviewer"} | MANAGERS),
    ("calls.view_entry", "draft", {"team_member"} | MANAGERS),
    ("calls.download_document", "document", {"team_member", "reviewer"} | MANAGERS),
]
WITHOUT_OBJECT = {
    "calls.manage_calls": MANAGERS,
    "calls.add_call": MANAGERS,
    "calls.change_call": MANAGERS,
    "calls.view_entries": MANAGERS,
    "calls.view_call": MANAGERS,
    "calls.view_entry": MANAGERS,
    "calls": STAFF,
    "calls.browse_back_office": MANAGERS,
}


@pytest.fixture
def world(db):
    call = open_call()
    project, lead = team_project()
    member = UserFactory()
    TeamMember.objects.create(project=project, user=member)
    submitted = EntryFactory(call=call, project=project)
    other_call = open_call()
    draft = EntryFactory(call=other_call, project=project, status="draft", first_submitted_at=None)
    closed_call = open_call(
        opens_at=timezone.now() - timedelta(days=9), closes_at=timezone.now() - timedelta(days=1)
    )
    closed_entry = EntryFactory(call=closed_call, project=project, status="draft")
    stage = StageFactory(call=call)
    reviewer = ReviewerFactory(call=call)
    AssignmentFactory(stage=stage, reviewer=reviewer, entry=submitted)
    conflicted = ReviewerFactory(call=call)
    AssignmentFactory(stage=stage, reviewer=conflicted, entry=submitted)
    Conflict.objects.create(reviewer=conflicted, entry=submitted, source="declared")
    document = EntryDocument.objects.create(
        entry=submitted,
        key="plan",
        original_name="plan.pdf",
        content_type="application/pdf",
        size=1,
    )
    users = {
        "anonymous": AnonymousUser(),
        "talent": UserFactory(),
        "team_member": member,
        "other_team": team_project()[1],
        "reviewer": reviewer.user,
        "conflicted_reviewer": conflicted.user,
        "verifier": StaffFactory(roles=[STAFF_VERIFIER]),
        "editor": StaffFactory(roles=[STAFF_EDITOR]),
        "staff_admin": StaffFactory(roles=[STAFF_ADMIN]),
    }
    objects = {
        "call": call,
        "draft_call": open_call(is_published=False),
        "closed_call": closed_call,
        "project": project,
        "withdrawn_project": team_project(lead=member, status="withdrawn")[0],
        "draft": draft,
        "submitted": submitted,
        "closed_entry": closed_entry,
        "document": document,
    }
    assert lead
    return users, objects


def test_the_entry_rules(world):
    users, objects = world
    wrong = [
        (perm, target, name)
        for perm, target, allowed in RULES
        for name, user in users.items()
        if can(user, perm, objects[target]) is not (name in allowed)
    ]
    assert not wrong, f"(rule, object, actor) that the rules answer otherwise: {wrong}"


def test_the_call_rules_without_an_object(world):
    users, _objects = world
    wrong = [
        (perm, name)
        for perm, allowed in WITHOUT_OBJECT.items()
        for name, user in users.items()
        if can(user, perm) is not (name in allowed)
    ]
    assert not wrong, f"(rule, actor) that the rules answer otherwise: {wrong}"
