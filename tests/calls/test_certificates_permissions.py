"""The certificates' part of the permission matrix: every rule against every actor."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from yingcai.calls.models import Certificate, StageEntry
from yingcai.calls.rules import certificates as certificate_rules
from yingcai.core.rules import STAFF_ADMIN, STAFF_EDITOR, STAFF_MODERATOR, can

from ..factories import StaffFactory, UserFactory
from .factories import EntryFactory, contest_call

ACTORS = ["anonymous", "talent", "team_member", "other_team", "moderator", "editor", "staff_admin"]
EDITORS = {"editor", "staff_admin"}

RULES = [
    ("calls.download_certificate", "certificate", {"team_member"} | EDITORS),
    ("calls.download_certificate", "revoked", set()),
    ("calls.revoke_certificate", "certificate", EDITORS),
    ("calls.revoke_certificate", "revoked", set()),
]
WITHOUT_OBJECT = {"calls.manage_certificates": EDITORS}


@pytest.fixture
def world(db):
    call = contest_call()
    final = call.stages.get(slug="final")
    entry = EntryFactory(call=call)
    other = EntryFactory(call=call)
    StageEntry.objects.create(stage=final, entry=entry)
    users = {
        "anonymous": AnonymousUser(),
        "talent": UserFactory(),
        "team_member": entry.project.team.get().user,
        "other_team": other.project.team.get().user,
        "moderator": StaffFactory(roles=[STAFF_MODERATOR]),
        "editor": StaffFactory(roles=[STAFF_EDITOR]),
        "staff_admin": StaffFactory(roles=[STAFF_ADMIN]),
    }
    objects = {
        "certificate": Certificate.objects.create(entry=entry),
        # Its team ("other_team") may not download it: it was revoked.
        "revoked": Certificate.objects.create(entry=other, revoked_at=timezone.now()),
    }
    return users, objects


def test_the_certificate_rules(world):
    users, objects = world
    wrong = [
        (perm, target, name)
        for perm, target, allowed in RULES
        for name, user in users.items()
        if can(user, perm, objects[target]) is not (name in allowed)
    ]
    assert not wrong, f"(rule, object, actor) that the rules answer otherwise: {wrong}"


def test_the_certificate_rules_without_an_object(world):
    users, _objects = world
    wrong = [
        (perm, name)
        for perm, allowed in WITHOUT_OBJECT.items()
        for name, user in users.items()
        if can(user, perm) is not (name in allowed)
    ]
    assert not wrong, wrong


def test_predicates_asked_of_nothing_refuse():
    assert not certificate_rules.certificate_is_valid.test(AnonymousUser(), None)
