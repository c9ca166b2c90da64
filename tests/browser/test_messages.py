import re

from django.core import mail
from playwright.sync_api import expect

from tests.factories import PASSWORD, MessageFactory, StaffFactory
from yingcai.portal.models import Message

HOSTILE_SUBJECT = "<b>When</b> does sign-up open?"
HOSTILE_BODY = '<script>alert("body")</script><img src=x onerror="alert(\'img\')"> Hello'


def record_dialogs(page):
    """Collect every alert/confirm the page opens; a script that runs would open one."""
    opened = []

    def on_dialog(dialog):
        opened.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    return opened


def log_in(page, user):
    page.goto("/en/accounts/login/")
    page.fill("#id_login", user.email)
    page.fill("#id_password", PASSWORD)
    page.locator("main").get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def test_leave_a_message_that_waits_for_moderation(page):
    dialogs = record_dialogs(page)
    page.goto("/en/messages/")
    page.fill("#id_name", "Han Meimei")
    page.fill("#id_email", "han.meimei@example.com")
    page.fill("#id_subject", HOSTILE_SUBJECT)
    page.fill("#id_body", HOSTILE_BODY)
    page.get_by_role("button", name="Send the message").click()

    expect(page).to_have_url(re.compile(r"/en/messages/$"))
    expect(page.get_by_role("status")).to_contain_text("Your message has been received")
    message = Message.objects.get()
    assert message.status == Message.Status.PENDING
    assert (message.subject, message.body) == (HOSTILE_SUBJECT, HOSTILE_BODY)
    assert (message.email, message.language, message.allow_publication) == (
        "han.meimei@example.com",
        "en",
        True,
    )
    # Nothing is shown before a moderator has read it.
    expect(page.locator(f"#message-{message.pk}")).to_have_count(0)

    # Once published, the markup is shown as the text it was typed as.
    Message.objects.filter(pk=message.pk).update(status=Message.Status.PUBLISHED)
    page.reload()

    shown = page.locator(f"#message-{message.pk}")
    expect(shown.locator("header strong")).to_have_text(HOSTILE_SUBJECT)
    expect(shown.locator("p").last).to_have_text(HOSTILE_BODY)
    expect(shown.locator("script, img, b")).to_have_count(0)
    assert dialogs == []


def test_moderator_publishes_a_message_with_a_reply(new_context):
    moderator = StaffFactory(roles=["moderator"], name="Moderator")
    # Not alone in the queue: the buttons of one card must act on that card only.
    other = MessageFactory(language="en")
    message = MessageFactory(
        subject="Is there parking at the venue?",
        body="I will come by car.",
        language="en",
        email="driver@example.com",
    )
    page = new_context().new_page()
    log_in(page, moderator)

    page.goto("/en/orga/messages/")
    card = page.locator(f"#message-{message.pk}")
    expect(card.locator(".badge")).to_have_text("awaiting moderation")
    card.locator("textarea[name=body]").fill("Yes: the north car park is free for visitors.")
    expect(card.get_by_label("Publish the message with this reply")).to_be_checked()
    card.get_by_role("button", name="Send the reply").click()

    # HTMX swaps the card in place: same address, the card now says it is published.
    expect(card.locator(".badge")).to_have_text("published")
    expect(card.get_by_role("status")).to_have_text("Done.")
    expect(card.locator(".reply")).to_contain_text("the north car park is free")
    expect(page).to_have_url(re.compile(r"/en/orga/messages/$"))
    message.refresh_from_db()
    assert (message.status, message.moderated_by) == (Message.Status.PUBLISHED, moderator)
    other.refresh_from_db()
    assert other.status == Message.Status.PENDING
    assert not other.replies.exists()
    assert [m.to for m in mail.outbox] == [["driver@example.com"]]
    assert "the north car park is free" in mail.outbox[0].body

    visitor = new_context().new_page()
    visitor.goto("/en/messages/")
    public = visitor.locator(f"#message-{message.pk}")
    expect(public).to_contain_text("Is there parking at the venue?")
    expect(public.locator(".reply")).to_contain_text("Answer from the organisers")
    expect(public.locator(".reply")).to_contain_text(
        "Yes: the north car park is free for visitors."
    )
    expect(public).not_to_contain_text("driver@example.com")


def test_every_reply_box_in_the_queue_is_labelled(new_context):
    moderator = StaffFactory(roles=["moderator"])
    messages = MessageFactory.create_batch(2, language="en")
    page = new_context().new_page()
    log_in(page, moderator)
    page.goto("/en/orga/messages/")

    for message in messages:
        card = page.locator(f"#message-{message.pk}")
        assert card.get_by_role("textbox", name="Reply").count() == 1
