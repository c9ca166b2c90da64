"""The organisers' approval queue for job requirements."""

from datetime import timedelta

import pytest
from django.utils import timezone

from yingcai.core.models import AuditEntry
from yingcai.jobs.models import Job

from ..factories import JobFactory, OrganisationFactory
from .test_employer import draft_job, en


def submitted(organisation=None, days_ago=0, **fields):
    job = JobFactory(
        status="submitted",
        published_at=None,
        submitted_at=timezone.now() - timedelta(days=days_ago),
        **({"organisation": organisation} if organisation else {}),
        **fields,
    )
    return job


@pytest.mark.django_db
@pytest.mark.parametrize(
    "who", ["talent", "owner", "plain_staff", "editor", "moderator", "verifier", "staff_admin"]
)
def test_queue_and_review_by_role(client, request, who):
    job = submitted()
    client.force_login(request.getfixturevalue(who))
    allowed = who in ("verifier", "staff_admin")
    assert client.get(en("orga_jobs:queue")).status_code == (200 if allowed else 403)
    assert client.get(en("orga_jobs:review", job.pk)).status_code == (200 if allowed else 403)
    response = client.post(en("orga_jobs:review", job.pk), {"decision": "approve"})
    assert response.status_code == (302 if allowed else 403)
    job.refresh_from_db()
    assert job.status == ("published" if allowed else "submitted")


@pytest.mark.django_db
def test_queue_sends_anonymous_visitors_to_log_in(client):
    job = submitted()
    for response in (
        client.get(en("orga_jobs:queue")),
        client.post(en("orga_jobs:review", job.pk), {"decision": "approve"}),
    ):
        assert response.status_code == 302 and "/accounts/login/" in response.url
    job.refresh_from_db()
    assert job.status == "submitted"


@pytest.mark.django_db
def test_queue_lists_waiting_jobs_oldest_first_in_bounded_queries(
    client, verifier, django_assert_max_num_queries
):
    newest = submitted(title="最新的岗位")
    oldest = submitted(days_ago=3, title="最早的岗位")
    for i in range(25):
        submitted(days_ago=1, title=f"排队岗位 {i}")
    draft_job(OrganisationFactory(), title="草稿不在队列")
    JobFactory(title="已发布不在队列")
    client.force_login(verifier)
    with django_assert_max_num_queries(10):
        response = client.get(en("orga_jobs:queue"))
    page = response.content.decode()
    assert page.count('data-testid="queued-job"') == 27
    assert page.index(oldest.title) < page.index("排队岗位") < page.index(newest.title)
    assert "草稿不在队列" not in page and "已发布不在队列" not in page
    assert str(oldest.organisation) in page
    found = client.get(en("orga_jobs:queue"), {"q": "最早"}).content.decode()
    assert found.count('data-testid="queued-job"') == 1


@pytest.mark.django_db
def test_reject_needs_a_reason_and_is_recorded(
    client, verifier, mailoutbox, django_capture_on_commit_callbacks
):
    job = submitted()
    client.force_login(verifier)
    page = client.get(en("orga_jobs:review", job.pk)).content.decode()
    assert job.description[:10] in page and "Approve and publish" in page
    response = client.post(en("orga_jobs:review", job.pk), {"decision": "reject", "reason": "  "})
    assert response.status_code == 400
    assert "Give the reason" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            en("orga_jobs:review", job.pk), {"decision": "reject", "reason": "岗位描述过于简单"}
        )
    assert response.status_code == 302 and response.url == en("orga_jobs:queue")
    job.refresh_from_db()
    assert job.status == "rejected" and job.status_reason == "岗位描述过于简单"
    assert job.reviewed_by == verifier
    assert AuditEntry.objects.filter(action="job.rejected", actor=verifier).exists()


@pytest.mark.django_db
def test_a_decided_job_cannot_be_decided_again(client, verifier):
    job = JobFactory()  # already published
    client.force_login(verifier)
    page = client.get(en("orga_jobs:review", job.pk)).content.decode()
    assert "Approve and publish" not in page
    response = client.post(en("orga_jobs:review", job.pk), {"decision": "reject", "reason": "x"})
    assert "Only a job requirement awaiting approval" in response.content.decode()
    job.refresh_from_db()
    assert job.status == "published"
    assert client.post(en("orga_jobs:review", job.pk), {"decision": "explode"}).status_code == 400
    assert client.get(en("orga_jobs:review", 999999)).status_code == 404


@pytest.mark.django_db
def test_a_job_of_an_organisation_no_longer_verified_is_not_published(client, verifier):
    suspended = OrganisationFactory(status="suspended")
    job = submitted(organisation=suspended)
    client.force_login(verifier)
    response = client.post(en("orga_jobs:review", job.pk), {"decision": "approve"})
    assert "not verified" in response.content.decode()
    job.refresh_from_db()
    assert job.status == Job.Status.SUBMITTED
