"""The stages' part of the permission matrix: every rule against every actor."""

import pytest
from django.contrib.auth.models import AnonymousUser

from yingcai.core.rules import STAFF_ADMIN, STAFF_EDITOR, STAFF_MODERATOR, STAFF_VERIFIER, can

from ..factories import StaffFactory, UserFactory
from .factories import CallFactory, ReviewerFactory, StageFactory

ACTORS = [
    "anonymous",
    "talent",
    "reviewer",
    "plain_staff",
    "moderator",
    "verifier",
    "editor",
    "staff_admin",
]
EDITORS = {"editor", "staff_admin"}

RULES = [
    ("calls.manage_stages", "call", EDITORS),
    ("calls.add_stage", "call", EDITORS),
    ("calls.change_stage", "call", EDITORS),
    ("calls.change_rubric", "planned", EDITORS),
    ("calls.change_rubric", "scoring", set()),
    ("calls.delete_stage", "planned", EDITORS),
    ("calls.delete_stage", "scoring", set()),
    ("calls.change_advancement", "planned", EDITORS),
    ("calls.change_advancement", "closed", EDITORS),
    ("calls.change_advancement", "overall", set()),
    ("calls.change_advancement", "decided", set()),
]
WITHOUT_OBJECT = {
    "calls.manage_stages": EDITORS,
    "calls.add_stage": EDITORS,
    "calls.change_stage": EDITORS,
}


@pytest.fixture
def world(db):
    call = CallFactory(kind="contest")

    def stage(status, per_division=True):
        return StageFactory(call=call, status=status, per_division=per_division)

    objects = {
        "call": call,
        "planned": stage("planned"),
        "scoring": stage("scoring"),
        "closed": stage("closed"),
        "overall": stage("planned", per_division=False),
        "decided": stage("decided"),
    }
    users = {
        "anonymous": AnonymousUser(),
        "talent": UserFactory(),
        "reviewer": ReviewerFactory(call=call).user,
        "plain_staff": StaffFactory(roles=[]),
        "moderator": StaffFactory(roles=[STAFF_MODERATOR]),
        "verifier": StaffFactory(roles=[STAFF_VERIFIER]),
        "editor": StaffFactory(roles=[STAFF_EDITOR]),
        "staff_admin": StaffFactory(roles=[STAFF_ADMIN]),
    }
    return users, objects


def test_the_stage_rules(world):
    users, objects = world
    wrong = [
        (perm, target, name)
        for perm, target, allowed in RULES
        for name, user in users.items()
        if can(user, perm, objects[target]) is not (name in allowed)
    ]
    assert not wrong, f"(rule, object, actor) that the rules answer otherwise: {wrong}"


def test_the_stage_rules_without_an_object(world):
    users, _objects = world
    wrong = [
        (perm, name)
        for perm, allowed in WITHOUT_OBJECT.items()
        for name, user in users.items()
        if can(user, perm) is not (name in allowed)
    ]
    assert not wrong
