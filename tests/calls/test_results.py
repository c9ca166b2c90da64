"""Published results: provisional during the appeal window, final after; the team's own result
and its one appeal, the organisers' answer."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from yingcai.calls.models import Appeal, Decision, Stage, StageEntry
from yingcai.calls.services import decisions, results

from ..factories import UserFactory
from .test_decisions import roadshow

pytestmark = pytest.mark.django_db


@pytest.fixture
def decided(editor):
    stage, made = roadshow(places=2, count=4)
    decisions.propose(editor, stage)
    decisions.confirm(editor, stage)
    stage.refresh_from_db()
    return stage, made


def lead_of(entry):
    return entry.project.team.get(role="lead").user


def test_publishing_opens_the_appeal_window(editor, decided):
    stage, _made = decided
    results.publish(editor, stage, 7)
    stage.refresh_from_db()
    assert stage.status == "published"
    assert stage.appeal_until - stage.published_at == timedelta(days=7)
    assert not stage.results_final()
    assert stage.results_final(now=timezone.now() + timedelta(days=8))


def test_publishing_refusals(editor, decided, english):
    stage, _made = decided
    with pytest.raises(ValidationError, match="between 0 and 60"):
        results.publish(editor, stage, 61)
    results.publish(editor, stage, 0)
    stage.refresh_from_db()
    assert stage.appeal_until is None and stage.results_final()
    with pytest.raises(ValidationError, match="not yet published"):
        results.publish(editor, stage, 3)


def test_the_public_page_lists_the_accepted_entries_without_scores(client, editor, decided):
    stage, made = decided
    url = f"/en/calls/{stage.call.slug}/results/{stage.slug}/"
    assert client.get(url).status_code == 404
    results.publish(editor, stage, 7)
    page = client.get(url)
    text = page.content.decode()
    assert page.status_code == 200
    assert str(made[0].project.title) in text and str(made[1].project.title) in text
    assert str(made[3].project.title) not in text
    assert "Provisional until" in text
    assert str(Decision.objects.get(stage=stage, entry=made[0]).score) not in text
    Stage.objects.filter(pk=stage.pk).update(appeal_until=timezone.now() - timedelta(minutes=1))
    assert "final" in client.get(url).content.decode()
    assert client.get(f"/en/calls/{stage.call.slug}/results/").status_code == 200


def test_the_team_appeals_once_inside_the_window(client, editor, decided, english):
    stage, made = decided
    results.publish(editor, stage, 7)
    lead = lead_of(made[3])
    client.force_login(lead)
    url = f"/en/calls/{stage.call.slug}/results/{stage.slug}/entries/{made[3].pk}/"
    page = client.get(url)
    assert page.status_code == 200
    assert "reject" in page.content.decode()
    assert client.post(url, {"text": ""}).status_code == 400
    assert client.post(url, {"text": "评分有误"}).status_code == 302
    assert Appeal.objects.get().text == "评分有误"
    assert client.post(url, {"text": "again"}).status_code == 302
    assert Appeal.objects.count() == 1
    decision = Decision.objects.get(stage=stage, entry=made[3])
    with pytest.raises(ValidationError, match="already appealed"):
        results.lodge_appeal(lead, decision, "again")


def test_no_appeal_after_the_window_or_by_others(editor, decided, english):
    stage, made = decided
    results.publish(editor, stage, 7)
    decision = Decision.objects.get(stage=stage, entry=made[3])
    with pytest.raises(PermissionDenied):
        results.lodge_appeal(UserFactory(), decision, "not mine")
    with pytest.raises(PermissionDenied):
        results.lodge_appeal(lead_of(made[0]), decision, "another team")
    Stage.objects.filter(pk=stage.pk).update(appeal_until=timezone.now() - timedelta(seconds=1))
    decision = Decision.objects.get(pk=decision.pk)
    with pytest.raises(ValidationError, match="appeal window of this stage is closed"):
        results.lodge_appeal(lead_of(made[3]), decision, "late")
    assert not Appeal.objects.exists()


def test_an_upheld_appeal_accepts_the_entry_and_a_dismissed_one_does_not(
    editor, english, mailoutbox, django_capture_on_commit_callbacks
):
    from .factories import contest_call  # noqa: PLC0415
    from .scored import closed, entries, score  # noqa: PLC0415

    call = contest_call()
    preliminary = call.stages.get(slug="preliminary")
    preliminary.accept_count = 1
    preliminary.method = "mean"
    preliminary.save()
    a, b, c = entries(call, 3)
    score(preliminary, {a: [90], b: [50], c: [10]})
    closed(preliminary)
    decisions.propose(editor, preliminary)
    decisions.confirm(editor, preliminary)
    preliminary.refresh_from_db()
    results.publish(editor, preliminary, 7)
    upheld = results.lodge_appeal(
        lead_of(c), Decision.objects.get(stage=preliminary, entry=c), "grounds"
    )
    dismissed = results.lodge_appeal(
        lead_of(b), Decision.objects.get(stage=preliminary, entry=b), "grounds"
    )
    with django_capture_on_commit_callbacks(execute=True):
        results.answer_appeal(editor, upheld, "upheld", "A score was entered wrongly.")
        results.answer_appeal(editor, dismissed, "dismissed", "The scores stand.")
    semi = call.stages.get(slug="semi-final")
    assert set(StageEntry.objects.filter(stage=semi).values_list("entry", flat=True)) == {
        a.pk,
        c.pk,
    }
    assert Decision.objects.get(stage=preliminary, entry=c).outcome == "accept"
    assert Decision.objects.get(stage=preliminary, entry=b).outcome == "waitlist"
    assert len(mailoutbox) == 2
    with pytest.raises(ValidationError, match="already answered"):
        results.answer_appeal(editor, upheld, "dismissed", "changed my mind")
    with pytest.raises(ValidationError):
        results.answer_appeal(editor, Appeal.objects.get(pk=upheld.pk), "maybe", "x")


def test_bad_input_on_the_public_pages_answers_words_or_404(client, editor, decided):
    stage, made = decided
    results.publish(editor, stage, 7)
    slug = stage.call.slug
    assert client.get(f"/en/calls/{slug}/results/no-such-stage/").status_code == 404
    assert client.get("/en/calls/no-such-call/results/").status_code == 404
    lead = lead_of(made[3])
    client.force_login(lead)
    url = f"/en/calls/{slug}/results/{stage.slug}/entries/{made[3].pk}/"
    page = client.post(url, {"text": "长" * 4001})
    assert page.status_code == 400
    assert client.get(f"/en/calls/{slug}/results/{stage.slug}/entries/999999/").status_code == 404
    stage.call.is_published = False
    stage.call.save(update_fields=["is_published"])
    assert client.get(f"/en/calls/{slug}/results/{stage.slug}/").status_code == 404
    assert client.get(url).status_code == 404
    assert not Appeal.objects.exists()
