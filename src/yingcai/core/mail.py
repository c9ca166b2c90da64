"""Templated e-mail in the recipient's language, sent through the task API.

Messages are rendered now (while the data is at hand) and queued once the
current transaction commits, so a rolled-back change never sends mail.
"""

import os

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.core.mail.backends.filebased import EmailBackend as FileEmailBackend
from django.db import transaction
from django.template import Context
from django.template.loader import get_template
from django.utils import translation

from .files import open_private
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
        "attachments": [list(a) for a in message.attachments if isinstance(a[1], str)],
    }
    transaction.on_commit(lambda: send_email.enqueue(**kwargs))


def render_plain(template_name: str, context: dict) -> str:
    """A template rendered as plain text: mail is not HTML, so "R&D" stays "R&D" (not
    "R&amp;D") in a subject or a body, whatever the template says about autoescaping."""
    template = get_template(template_name).template
    return template.render(Context(context, autoescape=False))


def send_templated_mail(
    to: str | list[str],
    template: str,
    context: dict,
    language: str | None = None,
    attachments: list[tuple[str, str, str]] | None = None,
) -> None:
    """Render mail/<template>_subject.txt and _body.txt in `language` and queue the message."""
    recipients = [to] if isinstance(to, str) else list(to)
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = " ".join(render_plain(f"mail/{template}_subject.txt", context).split())
        body = render_plain(f"mail/{template}_body.txt", context)
    message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    for name, content, mimetype in attachments or ():
        message.attach(name, content, mimetype)
    queue_message(message)


def notify_user(user, template: str, context: dict, attachments=None) -> None:
    """Mail one user in the language they chose (nothing for an erased account)."""
    if not user.email or not user.is_active:
        return
    send_templated_mail(
        user.email,
        template,
        {"user": user, **context},
        language=user.language,
        attachments=attachments,
    )


class PrivateFileEmailBackend(FileEmailBackend):
    """Django's file backend, writing files only the server's user may read."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Django made the folder with the process's umask.
        os.chmod(self.file_path, 0o700)

    def open(self):
        if self.stream is None:
            self.stream = open_private(self._get_filename(), "ab")
            return True
        return False
