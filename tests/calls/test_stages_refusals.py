"""The refusals of a call's stages, rubrics and advancement rules that the other tests do not
reach: a field the model refuses, a stage deleted meanwhile or of another call, too many
stages or criteria, a position or a number of places that is not a whole number, how many
advance once the results are decided."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from yingcai.calls.models import Advancement, Criterion, Stage
from yingcai.calls.services import stages as services
from yingcai.core.models import AuditEntry

from .factories import CallFactory, CriterionFactory, DivisionFactory, StageFactory


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


@pytest.fixture
def call(db):
    return CallFactory(kind="contest")


def test_a_field_the_model_refuses_is_refused_by_its_name(editor, call):
    with pytest.raises(ValidationError) as refused:
        services.save_stage(
            editor, call, Stage(name_en="Final", slug="the final!", kind="panel", accept_count=3)
        )
    assert list(refused.value.message_dict) == ["slug"]
    assert not Stage.objects.exists()
    assert not AuditEntry.objects.exists()


def test_a_stage_deleted_meanwhile_is_not_changed(editor, call):
    stage = StageFactory(call=call, status="planned", slug="final", name="决赛")
    Stage.objects.filter(pk=stage.pk).delete()
    stage.name_en = "Final"
    with pytest.raises(ValidationError, match="This stage no longer exists"):
        services.save_stage(editor, call, stage, changed=["name_en"])
    assert not Stage.objects.exists()
    assert not AuditEntry.objects.exists()


def test_a_call_has_at_most_twenty_stages(editor, call):
    for position in range(1, 21):
        StageFactory(call=call, status="planned", position=position)
    with pytest.raises(ValidationError, match="At most 20 stages per call"):
        services.save_stage(
            editor, call, Stage(name_en="Extra", slug="extra", kind="review", accept_count=3)
        )
    assert call.stages.count() == 20
    assert not call.stages.filter(slug="extra").exists()
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize("position", [0, -1, "2", True, 1.5])
def test_a_position_is_a_whole_number_from_one(editor, call, position):
    first = StageFactory(call=call, status="planned", position=1, slug="first")
    with pytest.raises(ValidationError) as refused:
        services.save_stage(
            editor,
            call,
            Stage(name_en="Second", slug="second", kind="review", accept_count=3),
            position=position,
        )
    assert refused.value.message_dict == {"position": ["The position is a whole number from 1."]}
    assert list(call.stages.values_list("pk", "position")) == [(first.pk, 1)]
    assert not AuditEntry.objects.exists()


def test_how_many_advance_stays_once_the_results_are_decided(editor, call):
    stage = StageFactory(call=call, status="decided", position=1, accept_count=3)
    stage.accept_count = 5
    with pytest.raises(ValidationError, match="How many advance can no longer change"):
        services.save_stage(editor, call, stage, changed=["accept_count"])
    assert Stage.objects.get(pk=stage.pk).accept_count == 3
    assert not AuditEntry.objects.exists()


def test_a_criterion_the_model_refuses_is_refused_by_its_name(editor, call):
    stage = StageFactory(call=call, status="planned")
    with pytest.raises(ValidationError, match="at most 80 characters"):
        services.save_rubric(editor, stage, [Criterion(name_en="I" * 81, weight=1)], [])
    assert not Criterion.objects.exists()
    assert not AuditEntry.objects.exists()


def test_a_criterion_of_another_stage_is_not_taken_over(editor, call):
    stage = StageFactory(call=call, status="planned", slug="semi")
    other = StageFactory(call=call, status="planned", slug="final")
    criterion = CriterionFactory(stage=other, name="技术", weight=1)
    criterion.weight = 3
    with pytest.raises(ValidationError, match="This stage no longer exists"):
        services.save_rubric(editor, stage, [criterion], [])
    criterion.refresh_from_db()
    assert (criterion.stage, criterion.weight) == (other, 1)
    assert not stage.criteria.exists()
    assert not AuditEntry.objects.exists()


def test_a_rubric_has_at_most_twenty_criteria(editor, call):
    stage = StageFactory(call=call, status="planned")
    for position in range(20):
        CriterionFactory(stage=stage, position=position)
    with pytest.raises(ValidationError, match="At most 20 criteria"):
        services.save_rubric(editor, stage, [Criterion(name_en="Extra", weight=1)], [])
    assert Criterion.objects.filter(stage=stage).count() == 20
    assert not Criterion.objects.filter(name_en="Extra").exists()
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize(
    ("top_n", "wildcards"), [(True, 0), ("3", 0), (-1, 0), (1000, 0), (3, "1"), (3, None)]
)
def test_each_number_of_places_is_a_whole_number(editor, call, top_n, wildcards):
    division = DivisionFactory(call=call)
    stage = StageFactory(call=call, status="planned", per_division=True, wildcards=2)
    with pytest.raises(ValidationError, match="a whole number between 0 and 999"):
        services.set_advancement(editor, stage, {division.pk: top_n}, wildcards)
    assert not Advancement.objects.exists()
    assert Stage.objects.get(pk=stage.pk).wildcards == 2
    assert not AuditEntry.objects.exists()
