"""The decisions' part of a person's data: their team's results, their appeals, the mails to
them in the export; erasure leaves no grounds, address or organiser's name behind."""

import pytest

from yingcai.calls import personal_data_decisions
from yingcai.calls.models import Appeal, Decision, OutboxMessage
from yingcai.calls.services import decisions, outbox, results
from yingcai.core.registry import personal_data as registry

from .test_decisions import roadshow

pytestmark = pytest.mark.django_db


def test_export_and_erasure(editor, django_capture_on_commit_callbacks):
    stage, made = roadshow(places=2, count=4)
    decisions.propose(editor, stage)
    decisions.confirm(editor, stage)
    stage.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        outbox.release(editor, stage)
    results.publish(editor, stage, 7)
    lead = made[3].project.team.get(role="lead").user
    results.lodge_appeal(lead, Decision.objects.get(stage=stage, entry=made[3]), "我的理由")

    data = registry.export(lead)
    assert [r["decision"] for r in data["call_results"]] == ["reject"]
    assert data["call_appeals"][0]["grounds"] == "我的理由"
    assert len(data["call_decision_mails"]) == 1

    personal_data_decisions.erase(lead)
    appeal = Appeal.objects.get()
    assert (appeal.text, appeal.created_by, appeal.status) == ("", None, "open")
    registry.erase(lead)
    # The appeal is blanked (or gone with the project, when the person was its whole team).
    assert not Appeal.objects.filter(text="我的理由").exists()
    assert not Appeal.objects.filter(created_by=lead).exists()
    assert not any(lead.email in m.recipients for m in OutboxMessage.objects.all())
    others = made[0].project.team.get(role="lead").user.email
    assert OutboxMessage.objects.get(entry=made[0]).recipients == [others]

    registry.erase(editor)
    assert not Decision.objects.filter(confirmed_by__isnull=False).exists()
    assert not OutboxMessage.objects.filter(released_by__isnull=False).exists()
