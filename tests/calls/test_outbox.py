"""The outbox: held decision mails released by an organiser and sent once, discarded ones never."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from yingcai.calls import tasks
from yingcai.calls.models import OutboxMessage
from yingcai.calls.services import decisions, outbox

from .test_decisions import roadshow

pytestmark = pytest.mark.django_db


@pytest.fixture
def decided(editor):
    stage, made = roadshow(places=2, count=4)
    decisions.propose(editor, stage)
    decisions.confirm(editor, stage)
    stage.refresh_from_db()
    return stage, made


def test_releasing_sends_each_chosen_mail_once(
    editor, decided, mailoutbox, django_capture_on_commit_callbacks
):
    stage, _made = decided
    first, second = OutboxMessage.objects.filter(stage=stage).order_by("pk")[:2]
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox.release(editor, stage, [first.pk]) == 1
    assert len(mailoutbox) == 1
    assert mailoutbox[0].subject == first.subject and mailoutbox[0].body == first.body
    assert mailoutbox[0].to == first.recipients
    first.refresh_from_db()
    assert first.status == "sent" and first.sent_at and first.released_by == editor
    # Running the task again (a retry, a second worker) sends nothing more.
    assert tasks.run_send_released([first.pk, second.pk]) == 0
    assert len(mailoutbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox.release(editor, stage) == 3
    assert len(mailoutbox) == 4
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {"sent"}


def test_releasing_twice_is_refused(editor, decided, english, mailoutbox):
    stage, _made = decided
    outbox.release(editor, stage)
    with pytest.raises(ValidationError, match="No held mail to release"):
        outbox.release(editor, stage)


def test_discarded_mails_are_never_sent(
    editor, decided, english, mailoutbox, django_capture_on_commit_callbacks
):
    stage, _made = decided
    chosen = list(OutboxMessage.objects.filter(stage=stage).values_list("pk", flat=True))
    assert outbox.discard(editor, stage, chosen[:3]) == 3
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox.release(editor, stage) == 1
    assert len(mailoutbox) == 1
    with pytest.raises(ValidationError, match="No held mail to discard"):
        outbox.discard(editor, stage, chosen[:1])


def test_nothing_is_released_before_the_decisions_are_confirmed(editor, talent, english):
    stage, _made = roadshow()
    with pytest.raises(ValidationError, match="once the decisions are confirmed"):
        outbox.release(editor, stage)
    with pytest.raises(PermissionDenied):
        outbox.release(talent, stage)
