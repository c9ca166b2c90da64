"""The review's part of the permission matrix: every rule against every actor."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from yingcai.calls.models import Conflict
from yingcai.calls.rules import review as review_rules
from yingcai.core.rules import STAFF_ADMIN, STAFF_EDITOR, STAFF_MODERATOR, can

from ..factories import StaffFactory, UserFactory
from .factories import AssignmentFactory, EntryFactory, ReviewerFactory, StageFactory, roadshow_call

ACTORS = [
    "anonymous",
    "talent",
    "team_member",
    "reviewer",
    "other_reviewer",
    "inactive_reviewer",
    "moderator",
    "editor",
    "staff_admin",
]
MANAGERS = {"editor", "staff_admin"}
POOL = {"reviewer", "other_reviewer"}

# (rule, object, actors allowed); "nothing" is the rule asked without an object.
RULES = [
    ("calls.review_manage", "nothing", MANAGERS),
    ("calls.review_manage", "call", MANAGERS),
    ("calls.review_open_stage", "planned", MANAGERS),
    ("calls.review_open_stage", "stage", set()),
    ("calls.review_open_stage", "panel", set()),
    ("calls.review_assign", "stage", MANAGERS),
    ("calls.review_assign", "planned", MANAGERS),
    ("calls.review_assign", "closed", set()),
    ("calls.review_assign", "panel", set()),
    ("calls.review_close_scoring", "stage", MANAGERS),
    ("calls.review_close_scoring", "closed", set()),
    ("calls.review_declare_conflict", "entry", POOL),
    ("calls.review_declare_conflict", "withdrawn_entry", set()),
    ("calls.review_declare_conflict", "other_call_entry", set()),
    ("calls.review_view_assignment", "assignment", {"reviewer"}),
    ("calls.review_view_assignment", "conflicted", set()),
    ("calls.review_view_assignment", "closed_assignment", {"reviewer"}),
    ("calls.review_view_assignment", "planned_assignment", set()),
    ("calls.review_score", "assignment", {"reviewer"}),
    ("calls.review_score", "conflicted", set()),
    ("calls.review_score", "closed_assignment", set()),
    ("calls.review_score", "past_close", set()),
]


@pytest.fixture
def world(db):
    call = roadshow_call()
    stage = call.stages.get()
    planned = StageFactory(call=call, position=2, status="planned")
    closed = StageFactory(call=call, position=3, status="closed")
    panel = StageFactory(call=call, position=4, kind="panel", method="trimmed")
    past = StageFactory(
        call=call, position=5, scoring_closes_at=timezone.now() - timedelta(hours=1)
    )
    entry = EntryFactory(call=call)
    reviewer = ReviewerFactory(call=call)
    other = ReviewerFactory(call=call)
    inactive = ReviewerFactory(call=call, is_active=False)
    conflicted_entry = EntryFactory(call=call)
    Conflict.objects.create(reviewer=reviewer, entry=conflicted_entry, source="declared")

    def assignment(on, to=entry):
        return AssignmentFactory(stage=on, reviewer=reviewer, entry=to)

    users = {
        "anonymous": AnonymousUser(),
        "talent": UserFactory(),
        "team_member": entry.project.team.get().user,
        "reviewer": reviewer.user,
        "other_reviewer": other.user,
        "inactive_reviewer": inactive.user,
        "moderator": StaffFactory(roles=[STAFF_MODERATOR]),
        "editor": StaffFactory(roles=[STAFF_EDITOR]),
        "staff_admin": StaffFactory(roles=[STAFF_ADMIN]),
    }
    objects = {
        "nothing": None,
        "call": call,
        "stage": stage,
        "planned": planned,
        "closed": closed,
        "panel": panel,
        "entry": entry,
        "withdrawn_entry": EntryFactory(call=call, status="withdrawn"),
        "other_call_entry": EntryFactory(),
        "assignment": assignment(stage),
        "conflicted": assignment(stage, conflicted_entry),
        "closed_assignment": assignment(closed),
        "planned_assignment": assignment(planned),
        "past_close": assignment(past),
    }
    return users, objects


def test_the_review_rules(world):
    users, objects = world
    wrong = [
        (perm, target, name)
        for perm, target, allowed in RULES
        for name, user in users.items()
        if can(user, perm, objects[target]) is not (name in allowed)
    ]
    assert not wrong, f"(rule, object, actor) that the rules answer otherwise: {wrong}"


def test_predicates_asked_of_the_wrong_thing_refuse(world):
    users, objects = world
    user = users["reviewer"]
    assert not review_rules.is_own_assignment.test(user, objects["entry"])
    assert not review_rules.has_no_conflict.test(user, objects["stage"])
    assert not review_rules.scoring_is_open.test(user, None)
    assert not review_rules.is_reviewer_of_entry_call.test(user, objects["call"])
