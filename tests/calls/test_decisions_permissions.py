"""The decisions' part of the permission matrix: every rule against every actor."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from yingcai.calls.models import Appeal, Decision
from yingcai.core.rules import STAFF_ADMIN, STAFF_EDITOR, STAFF_MODERATOR, can

from ..factories import StaffFactory, UserFactory
from .factories import CallFactory, EntryFactory, ReviewerFactory, StageFactory

ACTORS = ["anonymous", "talent", "team_member", "other_team", "reviewer", "moderator"]
ACTORS += ["editor", "staff_admin"]
EDITORS = {"editor", "staff_admin"}

RULES = [
    ("calls.propose_decisions", "closed", EDITORS),
    ("calls.propose_decisions", "decided", set()),
    ("calls.change_decision", "closed", EDITORS),
    ("calls.change_decision", "decided", set()),
    ("calls.confirm_decisions", "closed", EDITORS),
    ("calls.confirm_decisions", "decided", set()),
    ("calls.release_outbox", "decided", EDITORS),
    ("calls.release_outbox", "published", EDITORS),
    ("calls.release_outbox", "closed", set()),
    ("calls.publish_results", "decided", EDITORS),
    ("calls.publish_results", "published", set()),
    ("calls.answer_appeal", "open_appeal", EDITORS),
    ("calls.answer_appeal", "answered_appeal", set()),
    ("calls.view_results", "published", set(ACTORS)),
    ("calls.view_results", "decided", set()),
    ("calls.view_results", "unpublished_call", set()),
    ("calls.view_own_result", "published_decision", {"team_member"}),
    ("calls.view_own_result", "decided_decision", set()),
    ("calls.lodge_appeal", "published_decision", {"team_member"}),
    ("calls.lodge_appeal", "late_decision", set()),
    ("calls.lodge_appeal", "decided_decision", set()),
]
WITHOUT_OBJECT = {
    "calls.manage_decisions": EDITORS,
    "calls.view_ranking": EDITORS,
}


@pytest.fixture
def world(db):
    call = CallFactory()
    entry = EntryFactory(call=call)
    now = timezone.now()

    def stage(status, **kwargs):
        return StageFactory(call=call, status=status, **kwargs)

    closed = stage("closed")
    decided = stage("decided")
    published = stage("published", published_at=now, appeal_until=now + timedelta(days=3))
    late = stage("published", published_at=now, appeal_until=now - timedelta(days=1))
    hidden = StageFactory(call=CallFactory(is_published=False), status="published")

    def decision(on):
        return Decision.objects.create(
            stage=on, entry=entry, proposed="accept", outcome="accept", confirmed_at=now
        )

    users = {
        "anonymous": AnonymousUser(),
        "talent": UserFactory(),
        "team_member": entry.project.team.get(role="lead").user,
        "other_team": EntryFactory(call=call).project.team.get().user,
        "reviewer": ReviewerFactory(call=call).user,
        "moderator": StaffFactory(roles=[STAFF_MODERATOR]),
        "editor": StaffFactory(roles=[STAFF_EDITOR]),
        "staff_admin": StaffFactory(roles=[STAFF_ADMIN]),
    }
    objects = {
        "closed": closed,
        "decided": decided,
        "published": published,
        "unpublished_call": hidden,
        "published_decision": decision(published),
        "late_decision": decision(late),
        "decided_decision": decision(decided),
        "open_appeal": Appeal.objects.create(stage=published, entry=entry, text="x"),
        "answered_appeal": Appeal(stage=late, entry=entry, text="x", status="dismissed"),
    }
    return users, objects


def test_the_decision_rules(world):
    users, objects = world
    wrong = [
        (perm, target, name)
        for perm, target, allowed in RULES
        for name, user in users.items()
        if can(user, perm, objects[target]) is not (name in allowed)
    ]
    assert not wrong, f"(rule, object, actor) that the rules answer otherwise: {wrong}"


def test_the_decision_rules_without_an_object(world):
    users, _objects = world
    wrong = [
        (perm, name)
        for perm, allowed in WITHOUT_OBJECT.items()
        for name, user in users.items()
        if can(user, perm) is not (name in allowed)
    ]
    assert not wrong
