"""The report-handling screen takes down what a report names, through each module's service."""

import pytest
from django.utils import timezone

from yingcai.core.models import AuditEntry
from yingcai.jobs.models import Job
from yingcai.organisations.models import Organisation
from yingcai.portal import services
from yingcai.portal.models import Message, NewsItem, Report

from ..factories import (
    JobFactory,
    MessageFactory,
    NewsItemFactory,
    OrganisationFactory,
    ReportFactory,
)


def take_down(client, report, reason="虚假招聘信息，已核实"):
    return client.post(
        f"/en/orga/reports/{report.pk}/",
        {"action": "take_down", "down-reason": reason, "down-public_response": ""},
    )


@pytest.mark.django_db
def test_a_reported_job_is_closed_and_the_reporter_sees_the_outcome(
    client, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    job = JobFactory()
    report = ReportFactory(
        url=f"https://yingcai.example.cn/jobs/{job.pk}/", reporter_email="r@x.cn"
    )
    client.force_login(moderator)
    page = client.get(f"/en/orga/reports/{report.pk}/").content.decode()
    assert 'data-testid="take-down"' in page and job.title in page
    with django_capture_on_commit_callbacks(execute=True):
        response = take_down(client, report)
    assert response.status_code == 302
    job.refresh_from_db()
    report.refresh_from_db()
    assert job.status == Job.Status.CLOSED and "虚假招聘" in job.status_reason
    assert report.status == Report.Status.RESOLVED and report.handled_by == moderator
    assert AuditEntry.objects.filter(action="job.taken_down").count() == 1
    assert AuditEntry.objects.filter(action="report.taken_down").count() == 1
    assert client.get(f"/en/jobs/{job.pk}/").status_code in (200, 404)
    assert "r@x.cn" in [m.to[0] for m in mailoutbox]
    # The reporter's tracking page, in the report's language (Chinese).
    client.logout()
    shown = client.get("/en/report/track/", {"tracking_number": report.tracking_number})
    assert "相关内容已被删除" in shown.content.decode()


@pytest.mark.django_db
def test_a_reported_message_is_hidden(client, moderator):
    message = MessageFactory(status=Message.Status.PUBLISHED, allow_publication=True)
    report = ReportFactory(url=f"/zh-hans/messages/#message-{message.pk}")
    client.force_login(moderator)
    response = take_down(client, report)
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.status == Message.Status.REJECTED


@pytest.mark.django_db
def test_news_is_unpublished_by_an_editor_role_only(client, moderator, staff_admin):
    item = NewsItemFactory()
    report = ReportFactory(url=f"/en/news/{item.slug}/")
    client.force_login(moderator)
    page = client.get(f"/en/orga/reports/{report.pk}/").content.decode()
    assert 'data-testid="take-down"' not in page  # a moderator does not edit news
    response = take_down(client, report)
    assert response.status_code == 400 and "do not allow" in response.content.decode()
    item.refresh_from_db()
    assert item.published_at is not None
    client.force_login(staff_admin)
    assert take_down(client, report).status_code == 302
    assert NewsItem.objects.get(pk=item.pk).published_at is None


@pytest.mark.django_db
def test_an_organisation_is_suspended_by_a_verifier(client, staff_admin):
    organisation = OrganisationFactory()
    report = ReportFactory(url=f"https://example.cn/organisations/{organisation.pk}/")
    client.force_login(staff_admin)
    assert take_down(client, report).status_code == 302
    organisation.refresh_from_db()
    assert organisation.status == Organisation.Status.SUSPENDED


@pytest.mark.django_db
def test_refusals(client, moderator, talent):
    job = JobFactory()
    report = ReportFactory(url=f"/jobs/{job.pk}/")
    # No reason; another page; a closed report; someone without the role.
    client.force_login(moderator)
    assert take_down(client, report, reason="").status_code == 400
    elsewhere = ReportFactory(url="https://weibo.com/some/post")
    assert (
        'data-testid="take-down"'
        not in client.get(f"/en/orga/reports/{elsewhere.pk}/").content.decode()
    )
    response = take_down(client, elsewhere)
    assert response.status_code == 400 and "no item of this site" in response.content.decode()
    with pytest.raises(Exception, match="no item of this site"):
        services.take_down_reported(moderator, elsewhere, "x")
    closed = ReportFactory(url=f"/jobs/{job.pk}/", status=Report.Status.UNFOUNDED)
    with pytest.raises(Exception, match="already closed"):
        services.take_down_reported(moderator, closed, "x")
    client.force_login(talent)
    assert take_down(client, report).status_code == 403
    job.refresh_from_db()
    assert job.status == Job.Status.PUBLISHED
    assert job.closed_at is None or job.closed_at <= timezone.now()


@pytest.mark.django_db
def test_the_public_message_form_shows_no_moderators_help_text(client):
    page = client.get("/en/messages/").content.decode()
    assert "Whether the author agreed" not in page
    assert "my e-mail address is never shown" in page
