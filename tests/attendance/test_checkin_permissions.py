"""Check-in's part of the permission matrix: every rule against every actor.

The volunteers at the gates are staff accounts without a role ("plain_staff"): they check in
and watch the counters. Editors arrange the gates and print the participants' badges; the
guests' badges are the protocol staff's.
"""

import pytest
from django.contrib.auth.models import AnonymousUser

from yingcai.core.rules import (
    STAFF_ADMIN,
    STAFF_EDITOR,
    STAFF_MODERATOR,
    STAFF_PROTOCOL,
    STAFF_VERIFIER,
    can,
)

from ..factories import StaffFactory, UserFactory

ACTORS = [
    "anonymous",
    "talent",
    "inactive_staff",
    "plain_staff",
    "editor",
    "moderator",
    "verifier",
    "protocol",
    "staff_admin",
]
STAFF = {"plain_staff", "editor", "moderator", "verifier", "protocol", "staff_admin"}

RULES: list = []
WITHOUT_OBJECT = {
    "attendance.check_in": STAFF,
    "attendance.view_counters": STAFF,
    "attendance.manage_gates": {"editor", "staff_admin"},
    "attendance.participant_badges": {"editor", "staff_admin"},
    "attendance.guest_badges": {"protocol", "staff_admin"},
}


@pytest.fixture
def users(db):
    return {
        "anonymous": AnonymousUser(),
        "talent": UserFactory(),
        "inactive_staff": StaffFactory(roles=[STAFF_ADMIN], is_active=False),
        "plain_staff": StaffFactory(),
        "editor": StaffFactory(roles=[STAFF_EDITOR]),
        "moderator": StaffFactory(roles=[STAFF_MODERATOR]),
        "verifier": StaffFactory(roles=[STAFF_VERIFIER]),
        "protocol": StaffFactory(roles=[STAFF_PROTOCOL]),
        "staff_admin": StaffFactory(roles=[STAFF_ADMIN]),
    }


def test_the_check_in_rules(users):
    wrong = [
        (perm, name)
        for perm, allowed in WITHOUT_OBJECT.items()
        for name, user in users.items()
        if can(user, perm) is not (name in allowed)
    ]
    assert not wrong, f"(rule, actor) that the rules answer otherwise: {wrong}"
