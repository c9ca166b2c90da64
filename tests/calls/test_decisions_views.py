"""The organisers' pages of ranking, decisions, the outbox and appeals through the real HTTP
client: bounded queries, refusals answered in words, nothing sent before the release."""

from datetime import timedelta

import pytest
from django.utils import timezone

from yingcai.calls.models import Appeal, Decision, OutboxMessage, Stage
from yingcai.calls.services import decisions, results

from .factories import roadshow_call
from .scored import closed, entries, score
from .test_decisions import roadshow

pytestmark = pytest.mark.django_db


def base(stage):
    return f"/en/orga/calls/{stage.call_id}/decisions/"


def test_the_pages_answer_in_bounded_queries(
    client, editor, django_assert_max_num_queries, mailoutbox, django_capture_on_commit_callbacks
):
    stage, made = roadshow(places=10, count=60)
    client.force_login(editor)
    with django_assert_max_num_queries(12):
        assert client.get(base(stage)).status_code == 200
    with django_assert_max_num_queries(14):
        page = client.get(f"{base(stage)}stages/{stage.pk}/ranking/")
    assert page.status_code == 200
    assert "Leniency" in page.content.decode()
    assert client.get(f"{base(stage)}stages/{stage.pk}/ranking/?by=track").status_code == 200
    assert client.post(f"{base(stage)}stages/{stage.pk}/propose/").status_code == 302
    with django_assert_max_num_queries(16):
        page = client.get(f"{base(stage)}stages/{stage.pk}/")
    assert page.status_code == 200 and 'data-testid="decision-counts"' in page.content.decode()
    for show in ("tied", "accept", "waitlist", "reject", "changed", "nonsense"):
        assert client.get(f"{base(stage)}stages/{stage.pk}/?show={show}").status_code == 200
    decision = Decision.objects.get(stage=stage, entry=made[-1])
    client.post(f"{base(stage)}decisions/{decision.pk}/", {"outcome": "accept", "show": "x"})
    assert Decision.objects.get(pk=decision.pk).outcome == "accept"
    assert client.post(f"{base(stage)}stages/{stage.pk}/confirm/").status_code == 302
    assert mailoutbox == []
    with django_assert_max_num_queries(14):
        page = client.get(f"{base(stage)}stages/{stage.pk}/outbox/")
    assert page.status_code == 200
    mail = OutboxMessage.objects.filter(stage=stage).first()
    page = client.get(f"{base(stage)}mails/{mail.pk}/")
    assert mail.subject in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{base(stage)}stages/{stage.pk}/outbox/release/", {"messages": [mail.pk]})
    assert OutboxMessage.objects.get(pk=mail.pk).status == "sent"
    assert len(mailoutbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{base(stage)}stages/{stage.pk}/outbox/release/", {"every": "1"})
    assert len(mailoutbox) == 60
    page = client.post(
        f"{base(stage)}stages/{stage.pk}/outbox/release/", {"every": "1"}, follow=True
    )
    assert "No held mail to release" in page.content.decode()
    assert len(mailoutbox) == 60


def test_bad_input_answers_words_not_errors(client, editor):
    stage, _made = roadshow(places=2, count=4)
    client.force_login(editor)
    url = f"{base(stage)}stages/{stage.pk}/"
    page = client.post(f"{url}confirm/", follow=True)
    assert "Propose the decisions before confirming" in page.content.decode()
    decisions.propose(editor, stage)
    decision = Decision.objects.filter(stage=stage).first()
    page = client.post(f"{base(stage)}decisions/{decision.pk}/", {"outcome": "maybe"}, follow=True)
    assert "Choose accept, waiting list or reject" in page.content.decode()
    page = client.post(f"{url}outbox/release/", {"messages": ["abc"]}, follow=True)
    assert page.status_code == 200
    page = client.post(f"{url}publish/", {"appeal_days": "-1"}, follow=True)
    assert page.status_code == 200
    assert (
        client.get(f"/en/orga/calls/{stage.call_id + 999}/decisions/stages/{stage.pk}/").status_code
        == 404
    )
    other = roadshow_call()
    assert (
        client.get(f"/en/orga/calls/{other.pk}/decisions/stages/{stage.pk}/ranking/").status_code
        == 404
    )
    assert (
        client.post(f"/en/orga/calls/{other.pk}/decisions/decisions/{decision.pk}/").status_code
        == 404
    )


def test_talents_and_moderators_are_kept_out(client, talent, moderator, editor):
    stage, _made = roadshow(places=2, count=4)
    for person in (talent, moderator):
        client.force_login(person)
        assert client.get(base(stage)).status_code == 403
        assert client.post(f"{base(stage)}stages/{stage.pk}/propose/").status_code == 403
    assert not Decision.objects.exists()


def test_the_appeals_page_answers_an_appeal(client, editor, mailoutbox):
    stage, made = roadshow(places=2, count=4)
    decisions.propose(editor, stage)
    decisions.confirm(editor, stage)
    stage.refresh_from_db()
    results.publish(editor, stage, 7)
    lead = made[3].project.team.get(role="lead").user
    appeal = results.lodge_appeal(lead, Decision.objects.get(stage=stage, entry=made[3]), "为什么")
    client.force_login(editor)
    page = client.get(f"{base(stage)}stages/{stage.pk}/appeals/")
    assert "为什么" in page.content.decode()
    page = client.post(
        f"{base(stage)}appeals/{appeal.pk}/answer/", {"status": "dismissed"}, follow=True
    )
    assert Appeal.objects.get().status == "open"
    client.post(
        f"{base(stage)}appeals/{appeal.pk}/answer/", {"status": "dismissed", "answer": "维持"}
    )
    assert Appeal.objects.get().status == "dismissed"


def test_the_team_page_after_the_window(client, editor):
    stage, made = roadshow(places=2, count=4)
    decisions.propose(editor, stage)
    decisions.confirm(editor, stage)
    stage.refresh_from_db()
    results.publish(editor, stage, 7)
    Stage.objects.filter(pk=stage.pk).update(appeal_until=timezone.now() - timedelta(days=1))
    lead = made[2].project.team.get(role="lead").user
    client.force_login(lead)
    url = f"/en/calls/{stage.call.slug}/results/{stage.slug}/entries/{made[2].pk}/"
    page = client.get(url)
    assert page.status_code == 200 and "Lodge the appeal" not in page.content.decode()
    page = client.post(url, {"text": "late"}, follow=True)
    assert "appeal window of this stage is closed" in page.content.decode()
    assert not Appeal.objects.exists()
    client.force_login(made[0].project.team.get(role="lead").user)
    assert client.get(url).status_code == 403
    client.logout()
    assert client.get(url).status_code == 302
    page = client.get(f"/en/calls/{stage.call.slug}/results/{stage.slug}/")
    assert page.status_code == 200


def test_an_unscored_entry_is_proposed_for_rejection(editor):
    call = roadshow_call()
    stage = call.stages.get()
    a, waiting = entries(call, 2)
    stage.stage_entries.create(entry=waiting)
    score(stage, {a: [50]})
    closed(stage)
    proposed = {d.entry: d for d in decisions.propose(editor, stage)}
    assert proposed[waiting].proposed == "reject" and proposed[waiting].rank is None
