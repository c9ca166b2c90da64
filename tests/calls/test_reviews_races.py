"""Scores under simultaneous clients (PostgreSQL, 20+ parallel clients, rows counted after):
one review per assignment, a repeated key changes nothing, no score after the close."""

from collections import Counter

import pytest
from django.contrib.auth.models import Group
from django.utils import translation

from yingcai.calls.models import Assignment, Review
from yingcai.calls.services import assignment as assignment_services
from yingcai.calls.services import reviews as services
from yingcai.core.models import AuditEntry, District
from yingcai.core.rules import STAFF_EDITOR

from ..concurrency import at_once, postgresql_only, put_back_reference_rows
from .factories import AssignmentFactory
from .test_reviewers import review_world

pytestmark = postgresql_only


@pytest.fixture
def world(transactional_db):
    put_back_reference_rows()
    Group.objects.get_or_create(name=STAFF_EDITOR)
    District.objects.get_or_create(
        slug="liangjiang",
        defaults={"name_zh_hans": "两江新区", "name_en": "Liangjiang New Area", "kind": "area"},
    )
    return review_world(entries=3, reviewers=3, per_entry=2)


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


def _values(stage, score):
    return {str(c.pk): score for c in stage.criteria.all()}


def test_twenty_four_submissions_of_one_assignment_make_one_review(world):
    _call, stage, entries, pool, _manager = world
    assignment = AssignmentFactory(stage=stage, reviewer=pool[0], entry=entries[0])
    user = pool[0].user
    # Half the clients retry one submission (the same key), the others send their own.
    calls = [
        lambda i=i: services.submit_review(
            user,
            assignment,
            _values(stage, i % 10),
            f"第{i}次",
            "retried-key" if i % 2 else f"key-{i}",
        )
        for i in range(24)
    ]
    outcomes = Counter(at_once(calls))
    assert outcomes == {"ok": 24}, outcomes
    assert Review.objects.filter(assignment=assignment).count() == 1
    # Exactly one creation; every change after it recorded, none for a repeated key.
    assert AuditEntry.objects.filter(action="calls_review.submitted").count() == 1
    changes = AuditEntry.objects.filter(action="calls_review.changed").count()
    assert 12 <= changes <= 23


def test_submissions_racing_the_close_are_saved_before_it_or_refused(world):
    _call, stage, entries, pool, manager = world
    assignments = [
        AssignmentFactory(stage=stage, reviewer=pool[i % 3], entry=entries[i // 3 % 3])
        for i in range(0, 9, 4)
    ]
    calls = [lambda: services.close_scoring(manager, stage)] + [
        lambda a=a, i=i: services.submit_review(
            a.reviewer.user, a, _values(stage, 5), "", f"k-{i}-{a.pk}"
        )
        for i in range(7)
        for a in assignments
    ]
    outcomes = at_once(calls)
    assert outcomes[0] == "ok"
    assert set(outcomes[1:]) <= {
        "ok",
        "The scoring of this stage is closed: the scores can no longer change.",
    }, outcomes
    closed_at = AuditEntry.objects.get(action="calls_review.scoring_closed").created_at
    assert not Review.objects.filter(updated_at__gt=closed_at).exists()
    assert Review.objects.count() <= len(assignments)


def test_twenty_assignments_run_at_once_leave_one_complete_assignment(world):
    _call, stage, _entries, _pool, manager = world
    outcomes = Counter(at_once([lambda: assignment_services.assign(manager, stage)] * 20))
    assert outcomes == {"ok": 20}, outcomes
    made = list(Assignment.objects.filter(stage=stage).values_list("reviewer_id", "entry_id"))
    assert len(made) == len(set(made)) == 6
    assert assignment_services.check_assignment(stage)["complete"]
