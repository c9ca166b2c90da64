"""Background work of the core app. Arguments are plain JSON so any backend can carry them."""

from django.core.mail import EmailMultiAlternatives, get_connection
from django_tasks import task


@task(queue_name="mail")
def send_email(
    subject: str, body: str, to: list[str], from_email: str, html: str | None = None
) -> int:
    message = EmailMultiAlternatives(subject, body, from_email, to, connection=get_connection())
    if html:
        message.attach_alternative(html, "text/html")
    return message.send()
