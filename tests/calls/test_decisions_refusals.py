"""The refusals of decisions, results and the outbox that only a stale page meets: the stage,
the decision, the result or the appeal deleted before the call; and the texts of an appeal
and of its answer (nothing saved)."""

import pytest
from django.core.exceptions import ValidationError

from yingcai.calls.models import Appeal, Decision, OutboxMessage, Stage
from yingcai.calls.services import decisions, outbox, results
from yingcai.core.models import AuditEntry

from .test_decisions import roadshow

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(editor, english):
    """A roadshow stage decided and published, appeals open for a week."""
    stage, made = roadshow(places=2, count=4)
    decisions.propose(editor, stage)
    decisions.confirm(editor, stage)
    stage.refresh_from_db()
    results.publish(editor, stage, 7)
    stage.refresh_from_db()
    return stage, made


def lead_of(entry):
    return entry.project.team.get(role="lead").user


def gone(row):
    type(row).objects.filter(pk=row.pk).delete()


def test_proposing_for_a_deleted_stage_is_refused(editor, english):
    stage, _made = roadshow()
    gone(stage)
    with pytest.raises(ValidationError, match="This stage no longer exists"):
        decisions.propose(editor, stage)
    assert not Decision.objects.exists()
    assert not AuditEntry.objects.filter(action="calls_stage.decisions_proposed").exists()


def test_changing_a_decision_proposed_again_meanwhile_is_refused(editor, english):
    stage, _made = roadshow()
    stale = decisions.propose(editor, stage)[-1]
    decisions.propose(editor, stage)  # the decisions are written anew: the old row is gone
    assert not Decision.objects.filter(pk=stale.pk).exists()
    with pytest.raises(ValidationError, match="This decision no longer exists"):
        decisions.change(editor, stale, "accept")
    assert not Decision.objects.filter(stage=stage).exclude(outcome="").exists()
    assert not AuditEntry.objects.filter(action="calls_decision.changed").exists()


def test_releasing_the_mails_of_a_deleted_stage_is_refused(editor, english):
    stage, _made = roadshow(places=2, count=4)
    decisions.propose(editor, stage)
    decisions.confirm(editor, stage)
    stage.refresh_from_db()
    assert OutboxMessage.objects.filter(stage=stage).count() == 4
    gone(stage)
    with pytest.raises(ValidationError, match="This stage no longer exists"):
        outbox.release(editor, stage)
    assert not OutboxMessage.objects.exclude(status="held").exists()


def test_publishing_a_deleted_stage_is_refused(editor, english):
    stage, _made = roadshow(places=2, count=4)
    decisions.propose(editor, stage)
    decisions.confirm(editor, stage)
    stage.refresh_from_db()
    gone(stage)
    with pytest.raises(ValidationError, match="This stage no longer exists"):
        results.publish(editor, stage, 7)
    assert not Stage.objects.filter(status="published").exists()
    assert not AuditEntry.objects.filter(action="calls_stage.results_published").exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [("", "Say why."), (" \x00 ", "Say why."), ("x" * 4001, "Keep it under 4000 characters.")],
)
def test_an_appeal_without_a_reason_or_too_long_is_refused(published, text, message):
    stage, made = published
    decision = Decision.objects.get(stage=stage, entry=made[3])
    with pytest.raises(ValidationError) as refused:
        results.lodge_appeal(lead_of(made[3]), decision, text)
    assert refused.value.message_dict == {"text": [message]}
    assert not Appeal.objects.exists()


def test_appealing_against_a_deleted_result_is_refused(published):
    stage, made = published
    decision = Decision.objects.get(stage=stage, entry=made[3])
    gone(decision)
    with pytest.raises(ValidationError, match="This result no longer exists"):
        results.lodge_appeal(lead_of(made[3]), decision, "评分有误")
    assert not Appeal.objects.exists()
    assert not AuditEntry.objects.filter(action="calls_appeal.lodged").exists()


def test_an_answer_without_a_text_is_refused(published, editor):
    stage, made = published
    decision = Decision.objects.get(stage=stage, entry=made[3])
    appeal = results.lodge_appeal(lead_of(made[3]), decision, "评分有误")
    with pytest.raises(ValidationError) as refused:
        results.answer_appeal(editor, appeal, "upheld", "   ")
    assert refused.value.message_dict == {"answer": ["Say why."]}
    appeal.refresh_from_db()
    assert appeal.status == "open" and appeal.answer == ""
    assert Decision.objects.get(pk=decision.pk).outcome == "reject"


def test_answering_a_deleted_appeal_is_refused(published, editor):
    stage, made = published
    decision = Decision.objects.get(stage=stage, entry=made[3])
    appeal = results.lodge_appeal(lead_of(made[3]), decision, "评分有误")
    gone(appeal)
    with pytest.raises(ValidationError, match="This appeal no longer exists"):
        results.answer_appeal(editor, appeal, "upheld", "复核后予以接受")
    assert Decision.objects.get(pk=decision.pk).outcome == "reject"
    assert not AuditEntry.objects.filter(action="calls_appeal.answered").exists()
