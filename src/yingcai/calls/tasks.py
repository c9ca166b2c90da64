"""Background work of the calls machinery, through the task API. Arguments are plain JSON.

`send_released(message_ids)`: the decision mails an organiser released (services.outbox).
Each message is locked and sent only while it is still released, then marked sent, in one
transaction: a second run (a release queued twice, a retried task, two workers) finds it sent
and sends nothing. A message whose sending fails stays released, for the next run.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from .models import OutboxMessage

logger = logging.getLogger(__name__)


@task(queue_name="mail")
def send_released(message_ids: list[int]) -> int:
    return run_send_released(message_ids)


def run_send_released(message_ids: list[int]) -> int:
    """Send the released messages of `message_ids` not yet sent; returns how many were sent."""
    sent = 0
    for pk in sorted(set(message_ids)):
        try:
            sent += _send_one(pk)
        except Exception:  # the others still go; this one stays released for a retry
            logger.exception("Decision mail %s could not be sent", pk)
    return sent


@transaction.atomic
def _send_one(pk: int) -> int:
    message = (
        OutboxMessage.objects.select_for_update()
        .filter(pk=pk, status=OutboxMessage.Status.RELEASED)
        .order_by()
        .first()
    )
    if message is None:
        return 0
    if message.recipients:
        EmailMessage(
            message.subject, message.body, settings.DEFAULT_FROM_EMAIL, list(message.recipients)
        ).send()
    message.status = OutboxMessage.Status.SENT
    message.sent_at = timezone.now()
    message.save(update_fields=["status", "sent_at"])
    return 1
