"""The refusals of the live panels' services no other test reaches: rows deleted before the
call, a division of another call, a panel without a rubric or without entries. Each refusal
in words, nothing saved."""

import uuid

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from yingcai.calls.models import Assignment, PanelMember, Review, Stage, StageEntry
from yingcai.calls.rules.live import is_panel_judge
from yingcai.calls.services import live, panels
from yingcai.core.models import AuditEntry

from .factories import ReviewerFactory, contest_call
from .test_panels import final_panel, semi_final

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def audited():
    return AuditEntry.objects.filter(action__startswith="calls_panel.").count()


def test_seating_a_judge_on_a_deleted_panel_is_refused(editor):
    stage, _rows, judges = final_panel(entries=1, judges=1)
    Stage.objects.filter(pk=stage.pk).delete()
    with pytest.raises(ValidationError, match="This panel no longer exists"):
        panels.seat_judge(editor, stage, judges[0])
    assert not PanelMember.objects.exists() and audited() == 0


def test_a_judge_is_not_seated_in_another_calls_division(editor):
    stage, _divisions, _rows, judges = semi_final(divisions=1, entries=1, judges=1)
    elsewhere = contest_call().divisions.first()
    reviewer = next(iter(judges.values()))[0]
    with pytest.raises(ValidationError, match="This division is not one of this call's"):
        panels.seat_judge(editor, stage, reviewer, elsewhere)
    assert not PanelMember.objects.exists() and audited() == 0


def test_a_panel_without_its_rubric_is_not_opened(editor):
    stage, _rows, _judges = final_panel(entries=2, judges=2, seat_by=editor)
    stage.criteria.all().delete()
    before = audited()
    with pytest.raises(ValidationError, match="Give this stage its rubric first"):
        panels.open_scoring(editor, stage)
    stage.refresh_from_db()
    assert stage.status == "planned"
    assert not Assignment.objects.exists() and audited() == before


def test_a_panel_without_entries_is_not_opened(editor):
    stage, _rows, _judges = final_panel(entries=0, judges=2, seat_by=editor)
    before = audited()
    with pytest.raises(ValidationError, match="No entry takes part in this stage yet"):
        panels.open_scoring(editor, stage)
    stage.refresh_from_db()
    assert stage.status == "planned"
    assert not Assignment.objects.exists() and audited() == before


def test_a_score_for_an_assignment_deleted_meanwhile_is_refused(editor):
    stage, rows, judges = final_panel(entries=1, judges=1, seat_by=editor)
    panels.open_scoring(editor, stage)
    assignment = Assignment.objects.get(stage=stage, reviewer=judges[0], entry=rows[0].entry)
    Assignment.objects.filter(pk=assignment.pk).delete()
    criterion = stage.criteria.get()
    with pytest.raises(ValidationError, match="This entry is no longer on your panel"):
        live.submit_live_score(
            judges[0].user, assignment, {str(criterion.pk): 80}, str(uuid.uuid4())
        )
    assert not Review.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="calls_review.live").exists()


def test_a_panel_judge_is_about_stages_and_assignments_only(editor):
    stage, rows, judges = final_panel(entries=1, judges=1, seat_by=editor)
    user = judges[0].user
    assert is_panel_judge.test(user, stage)
    assert not is_panel_judge.test(user, rows[0].entry)
    assert not is_panel_judge.test(user, None)
    assert not is_panel_judge.test(ReviewerFactory(call=stage.call).user, stage)
    assert StageEntry.objects.filter(stage=stage).count() == 1
