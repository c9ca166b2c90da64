"""Background work of the core app. Arguments are plain JSON so any backend can carry them."""

from django.core.mail import EmailMultiAlternatives, get_connection
from django.dispatch import receiver
from django_tasks import task, task_backends
from django_tasks.base import TaskResultStatus
from django_tasks.signals import task_finished
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult


@task(queue_name="mail")
def send_email(
    subject: str,
    body: str,
    to: list[str],
    from_email: str,
    html: str | None = None,
    attachments: list[list[str]] | None = None,
) -> int:
    """`attachments`: [file name, text content, MIME type] triples (JSON has no bytes)."""
    message = EmailMultiAlternatives(subject, body, from_email, to, connection=get_connection())
    if html:
        message.attach_alternative(html, "text/html")
    for name, content, mimetype in attachments or ():
        message.attach(name, content, mimetype)
    return message.send()


@receiver(task_finished)
def forget_sent_mail(sender, task_result, **kwargs):
    """A message sent leaves no copy in the database queue: its arguments are a mail's body
    (password-reset links) or an SMS code. Failed ones stay for the operator to see, until
    `yingcai prune_db_task_results` (daily, docs/operations.md) removes them."""
    if task_result.task.queue_name != "mail" or task_result.status != TaskResultStatus.SUCCESSFUL:
        return
    if isinstance(task_backends[task_result.backend], DatabaseBackend):
        DBTaskResult.objects.filter(pk=task_result.id).delete()
