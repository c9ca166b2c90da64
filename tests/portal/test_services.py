"""The portal's services refuse on their own what their forms also check: an empty or overlong
reply, an unknown status, a take-down without reason or of an item already down."""

import pytest
from django.core.exceptions import ValidationError

from yingcai.portal import services
from yingcai.portal.models import Message, MessageReply, Report

from ..factories import MessageFactory, NewsItemFactory, ReportFactory


def refused(call, *args) -> str:
    with pytest.raises(ValidationError) as refusal:
        call(*args)
    return " ".join(refusal.value.messages)


@pytest.mark.django_db
def test_a_reply_is_written_and_bounded(moderator, english):
    message = MessageFactory()
    assert refused(services.reply_to_message, moderator, message, "  ") == "Write the reply."
    assert (
        refused(services.reply_to_message, moderator, message, "长" * 4001)
        == "The reply is too long (at most 4000 characters)."
    )
    assert not MessageReply.objects.exists()
    message.refresh_from_db()
    assert message.status == Message.Status.PENDING


@pytest.mark.django_db
def test_a_report_is_set_to_a_known_status_only(moderator, english):
    report = ReportFactory()
    assert refused(services.handle_report, moderator, report, "vanished", "Done.") == (
        "Choose a status."
    )
    report.refresh_from_db()
    assert report.status == Report.Status.RECEIVED


@pytest.mark.django_db
def test_a_take_down_needs_a_reason_and_an_item_still_up(moderator, staff_admin, english):
    hidden = MessageFactory(status=Message.Status.REJECTED)
    report = ReportFactory(url=f"/zh-hans/messages/#message-{hidden.pk}")
    assert refused(services.take_down_reported, moderator, report, " ") == (
        "Give the reason for taking it down."
    )
    assert refused(services.take_down_reported, moderator, report, "违规") == (
        "This message is already hidden."
    )
    draft = NewsItemFactory(published_at=None)
    news_report = ReportFactory(url=f"/en/news/{draft.slug}/")
    assert refused(services.take_down_reported, staff_admin, news_report, "违规") == (
        "This news item is not published."
    )
    statuses = set(Report.objects.values_list("status", flat=True))
    assert statuses == {Report.Status.RECEIVED}
