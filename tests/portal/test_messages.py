import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from yingcai.core.models import AuditEntry
from yingcai.portal import services
from yingcai.portal.models import Message

from ..factories import MessageFactory

URL = "/en/messages/"


def data(**overrides):
    values = {
        "name": "Tom",
        "email": "tom@example.com",
        "subject": "Registration",
        "body": "When does registration open?",
        "allow_publication": "on",
    }
    values.update(overrides)
    return values


@pytest.mark.django_db
def test_leaving_a_message_queues_it_for_moderation(client):
    response = client.post(URL, data())
    assert response.status_code == 302
    message = Message.objects.get()
    assert message.status == "pending"
    assert message.language == "en"
    assert "When does registration open?" not in client.get(URL).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "text"),
    [
        ({"email": "tom"}, "Enter a valid email address"),
        ({"body": ""}, "This field is required"),
        ({"subject": "x" * 121}, "at most 120 characters"),
        ({"body": "x" * 2001}, "at most 2000 characters"),
    ],
)
def test_bad_messages_are_refused_with_reasons(client, overrides, text):
    response = client.post(URL, data(**overrides))
    assert response.status_code == 400
    assert text in response.content.decode()
    assert not Message.objects.exists()


@pytest.mark.django_db
def test_published_thread_escapes_markup(client, moderator):
    message = MessageFactory(body="<script>alert('x')</script><b>hi</b>")
    services.publish_message(moderator, message)
    services.reply_to_message(moderator, message, "<img src=x onerror=alert(1)>")
    page = client.get(URL).content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;" in page
    assert "<img src=x" not in page


@pytest.mark.django_db
def test_reply_is_mailed_in_the_writers_language_and_published(
    moderator, mailoutbox, django_capture_on_commit_callbacks
):
    message = MessageFactory(language="zh-hans")
    with django_capture_on_commit_callbacks(execute=True):
        services.reply_to_message(moderator, message, "报名将于11月1日开始。")
    message.refresh_from_db()
    assert message.status == "published"
    assert "报名将于11月1日开始。" in mailoutbox[0].body
    assert mailoutbox[0].subject == "留言答复：请问报名时间"
    assert AuditEntry.objects.filter(action="message.replied", actor=moderator).exists()


@pytest.mark.django_db
def test_private_messages_are_answered_but_never_published(moderator):
    message = MessageFactory(allow_publication=False)
    services.reply_to_message(moderator, message, "Answer")
    message.refresh_from_db()
    assert message.status == "private"

    with pytest.raises(ValidationError):
        services.publish_message(moderator, message)


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["talent", "owner", "editor", "verifier"])
def test_only_moderators_moderate(request, who):

    message = MessageFactory()
    with pytest.raises(PermissionDenied):
        services.publish_message(request.getfixturevalue(who), message)
    message.refresh_from_db()
    assert message.status == "pending"


@pytest.mark.django_db
def test_one_address_cannot_flood_the_queue(client, settings):
    settings.PUBLIC_FORM_RATE = "3/h"
    for _ in range(3):
        assert client.post(URL, data()).status_code == 302
    response = client.post(URL, data())
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 3600
    assert "Too many messages" in response.content.decode()
    assert Message.objects.count() == 3
    other = client.post(URL, data(), REMOTE_ADDR="198.51.100.7")
    assert other.status_code == 302
