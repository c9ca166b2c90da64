"""Live scoring under load on PostgreSQL: judges scoring at once, with retries of the same
request, save every score once — none lost, none twice — and a closing racing the scores
leaves exactly the scores it let in (parallel clients, rows counted afterwards).

The full benchmark (30 judges × 25 scores, 10 % repeated) is `benchmarks/calls_live.py`;
this is its smaller version, quick enough for the suite."""

import random
import uuid

import pytest
from django.contrib.auth.models import Group
from django.utils import translation

from yingcai.calls.models import Assignment, Review
from yingcai.calls.services import live, panels
from yingcai.core.models import AuditEntry, District
from yingcai.core.rules import STAFF_EDITOR

from ..concurrency import at_once, postgresql_only, put_back_reference_rows
from ..factories import StaffFactory
from .test_panels import final_panel

NOT_NOW = "This panel does not take scores now: the score was not saved."


@pytest.fixture
def editor(transactional_db):
    put_back_reference_rows()
    District.objects.get_or_create(
        slug="liangjiang",
        defaults={"name_zh_hans": "两江新区", "name_en": "Liangjiang New Area", "kind": "area"},
    )
    Group.objects.get_or_create(name=STAFF_EDITOR)
    with translation.override("en"):
        yield StaffFactory(roles=[STAFF_EDITOR])


def open_final(editor, entries, judges):
    stage, _rows, _judges = final_panel(entries=entries, judges=judges, seat_by=editor)
    panels.open_scoring(editor, stage)
    stage.refresh_from_db()
    criterion = stage.criteria.get()
    assignments = list(
        Assignment.objects.filter(stage=stage).select_related("reviewer__user").order_by("pk")
    )
    return stage, criterion, assignments


def scored(stage):
    return AuditEntry.objects.filter(action="calls_review.live_scored")


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_judges_scoring_at_once_with_retries_save_every_score_once(editor):
    stage, criterion, assignments = open_final(editor, entries=5, judges=6)
    draw = random.Random(14)
    submissions = [
        (a, {str(criterion.pk): draw.randrange(40, 100)}, str(uuid.uuid4())) for a in assignments
    ]
    # 10 % of the requests sent twice with the same key (a retry after a lost answer).
    submissions += draw.sample(submissions, len(submissions) // 10)
    draw.shuffle(submissions)
    outcomes = at_once(
        [
            lambda a=a, v=v, k=k: live.submit_live_score(a.reviewer.user, a, v, k)
            for a, v, k in submissions
        ]
    )
    assert outcomes == ["ok"] * len(submissions), outcomes
    assert Review.objects.filter(assignment__stage=stage).count() == len(assignments) == 30
    assert scored(stage).count() == 30
    assert not AuditEntry.objects.filter(action="calls_review.live_changed").exists()
    wanted = {a.pk: v[str(criterion.pk)] for a, v, _k in submissions}
    saved = dict(
        Review.objects.filter(assignment__stage=stage).values_list("assignment_id", "total")
    )
    assert saved == {pk: float(score) for pk, score in wanted.items()}


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_twenty_retries_of_one_score_save_it_once(editor):
    stage, criterion, assignments = open_final(editor, entries=1, judges=1)
    assignment = assignments[0]
    key = str(uuid.uuid4())
    values = {str(criterion.pk): 77}
    outcomes = at_once(
        [
            lambda: live.submit_live_score(assignment.reviewer.user, assignment, values, key)
            for _ in range(20)
        ]
    )
    assert outcomes == ["ok"] * 20, outcomes
    assert Review.objects.filter(assignment=assignment).count() == 1
    assert scored(stage).count() == 1


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_closing_racing_the_scores_keeps_exactly_those_it_let_in(editor):
    stage, criterion, assignments = open_final(editor, entries=4, judges=5)
    calls = [
        lambda a=a: live.submit_live_score(
            a.reviewer.user, a, {str(criterion.pk): 60}, str(uuid.uuid4())
        )
        for a in assignments
    ]
    calls.insert(len(calls) // 2, lambda: panels.close_scoring(editor, stage))
    outcomes = at_once(calls)
    assert set(outcomes) <= {"ok", NOT_NOW}, outcomes
    saved = Review.objects.filter(assignment__stage=stage).count()
    assert saved == outcomes.count("ok") - 1  # the closing is an "ok" too
    assert scored(stage).count() == saved
    stage.refresh_from_db()
    assert stage.status == "closed"
