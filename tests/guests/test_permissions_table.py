"""The guests' part of the permission matrix (imported into tests/test_permissions.py): the
protocol staff and the organiser administrators manage guests and honours; nobody else,
whatever their other roles."""

import pytest
from django.contrib.auth.models import AnonymousUser

from yingcai.core.rules import can

from .factories import GuestFactory, HonourFactory

# The actors of tests/test_permissions.py (which imports this table: not imported back).
ACTORS = [
    "anonymous",
    "talent",
    "outsider",
    "viewer",
    "recruiter",
    "owner",
    "plain_staff",
    "editor",
    "moderator",
    "verifier",
    "protocol",
    "staff_admin",
]

PROTOCOL = {"protocol", "staff_admin"}

# (rule, object, actors allowed): the guests' rules ask no object's state.
RULES = [
    ("guests.manage_guests", "guest", PROTOCOL),
    ("guests.manage_honours", "honour", PROTOCOL),
]
WITHOUT_OBJECT = {
    "guests.manage_guests": PROTOCOL,
    "guests.manage_honours": PROTOCOL,
    "guests": PROTOCOL,
    "guests.view_guest": PROTOCOL,
    "guests.add_guest": set(),
    "guests.change_guest": set(),
    "guests.delete_guest": set(),
    "guests.view_honour": PROTOCOL,
    "guests.add_honour": set(),
    "guests.change_honour": set(),
    "guests.delete_honour": set(),
}


@pytest.mark.django_db
def test_the_guests_rules(request, organisation):
    objects = {"guest": GuestFactory(), "honour": HonourFactory()}
    actors = {
        name: AnonymousUser() if name == "anonymous" else request.getfixturevalue(name)
        for name in ACTORS
    }
    wrong = [
        (perm, target, name)
        for perm, target, allowed in RULES
        for name, user in actors.items()
        if can(user, perm, objects[target]) is not (name in allowed)
    ]
    wrong += [
        (perm, None, name)
        for perm, allowed in WITHOUT_OBJECT.items()
        for name, user in actors.items()
        if can(user, perm) is not (name in allowed)
    ]
    assert not wrong, f"(rule, object, actor) that the rules answer otherwise: {wrong}"
