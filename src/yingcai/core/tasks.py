"""Background work of the core app. Arguments are plain JSON so any backend can carry them."""

from django.core.mail import EmailMultiAlternatives, get_connection
from django_tasks import task


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
