"""The registration's part of the permission matrix: every rule against every actor."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from yingcai.core.rules import (
    STAFF_ADMIN,
    STAFF_EDITOR,
    STAFF_MODERATOR,
    STAFF_PROTOCOL,
    can,
)

from ..factories import StaffFactory, UserFactory
from .factories import RegistrationFactory, SessionFactory, attend

ACTORS = [
    "anonymous",
    "talent",
    "registrant",
    "other_registrant",
    "moderator",
    "protocol",
    "editor",
    "staff_admin",
]
EVERYONE = set(ACTORS)
EDITORS = {"editor", "staff_admin"}

RULES = [
    # Registering needs no account: a published session until its registration closes.
    ("attendance.register", "open_session", EVERYONE),
    ("attendance.register", "hidden_session", set()),
    ("attendance.register", "closed_session", set()),
    # The person (signed in with the account the registration is linked to), or organisers;
    # with the key of the person's page the service lets anyone holding it.
    ("attendance.cancel_attendance", "attendance", {"registrant"} | EDITORS),
    ("attendance.cancel_attendance", "unlinked_attendance", EDITORS),
]
WITHOUT_OBJECT = {
    "attendance.manage_registrations": EDITORS,
    "attendance": EDITORS,
    "attendance.view_session": EDITORS,
    "attendance.add_session": EDITORS,
    "attendance.change_session": EDITORS,
    "attendance.delete_session": EDITORS,
    "attendance.view_registration": EDITORS,
    "attendance.add_registration": set(),
    "attendance.change_registration": set(),
    "attendance.delete_registration": set(),
    "attendance.view_attendance": EDITORS,
    "attendance.add_attendance": set(),
    "attendance.change_attendance": set(),
    "attendance.delete_attendance": set(),
}


@pytest.fixture
def world(db):
    now = timezone.now()
    open_session = SessionFactory()
    registrant = UserFactory()
    other = UserFactory()
    mine = RegistrationFactory(conference=open_session.conference, user=registrant)
    RegistrationFactory(conference=open_session.conference, user=other)
    unlinked = RegistrationFactory(conference=open_session.conference)
    users = {
        "anonymous": AnonymousUser(),
        "talent": UserFactory(),
        "registrant": registrant,
        "other_registrant": other,
        "moderator": StaffFactory(roles=[STAFF_MODERATOR]),
        "protocol": StaffFactory(roles=[STAFF_PROTOCOL]),
        "editor": StaffFactory(roles=[STAFF_EDITOR]),
        "staff_admin": StaffFactory(roles=[STAFF_ADMIN]),
    }
    objects = {
        "open_session": open_session,
        "hidden_session": SessionFactory(conference=open_session.conference, is_published=False),
        "closed_session": SessionFactory(
            conference=open_session.conference,
            registration_closes_at=now - timedelta(minutes=1),
        ),
        "attendance": attend(mine, open_session),
        "unlinked_attendance": attend(unlinked, open_session),
    }
    return users, objects


def test_the_registration_rules(world):
    users, objects = world
    wrong = [
        (perm, target, name)
        for perm, target, allowed in RULES
        for name, user in users.items()
        if can(user, perm, objects[target]) is not (name in allowed)
    ]
    assert not wrong, f"(rule, object, actor) that the rules answer otherwise: {wrong}"


def test_the_registration_rules_without_an_object(world):
    users, _objects = world
    wrong = [
        (perm, name)
        for perm, allowed in WITHOUT_OBJECT.items()
        for name, user in users.items()
        if can(user, perm) is not (name in allowed)
    ]
    assert not wrong, wrong


def test_an_inactive_registrant_may_not_cancel(world):
    users, objects = world
    users["registrant"].is_active = False
    assert not can(users["registrant"], "attendance.cancel_attendance", objects["attendance"])
