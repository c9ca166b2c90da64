"""Templated e-mail in the recipient's language, sent through the task API.

Messages are rendered now (while the data is at hand) and queued once the
current transaction commits, so a rolled-back change never sends mail.
"""

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from .tasks import send_email


def queue_message(message: EmailMessage) -> None:
    html = None
    if isinstance(message, EmailMultiAlternatives):
        html = next((c for c, mime in message.alternatives if mime == "text/html"), None)
    kwargs = {
        "subject": message.subject,
        "body": message.body,
        "to": list(message.to),
        "from_email": message.from_email or settings.DEFAULT_FROM_EMAIL,
        "html": html,
    }
    transaction.on_commit(lambda: send_email.enqueue(**kwargs))


def send_templated_mail(
    to: str | list[str], template: str, context: dict, language: str | None = None
) -> None:
    """Render mail/<template>_subject.txt and _body.txt (and _body.html if present)."""
    recipients = [to] if isinstance(to, str) else list(to)
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string(f"mail/{template}_subject.txt", context).split())
        body = render_to_string(f"mail/{template}_body.txt", context)
    queue_message(EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, recipients))


def notify_user(user, template: str, context: dict) -> None:
    """Mail one user in the language they chose."""
    if not user.email:
        return
    send_templated_mail(user.email, template, {"user": user, **context}, language=user.language)
