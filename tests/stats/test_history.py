"""`--at` is history: the figures at a past moment do not change with what happens later.

Rows count from moments that never change: a job requirement from its first submission
(kept when it is rejected and submitted again), an application to a public institution from
its first application (kept when it is transferred, 改报), a talent from the moment they
saved a profile (opening the page creates none).
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from yingcai.core.registry import figures as registry
from yingcai.core.rules import STAFF_ADMIN, STAFF_VERIFIER
from yingcai.institutions import services as institutions
from yingcai.institutions.models import Post, PostApplication
from yingcai.jobs import services as jobs
from yingcai.jobs.models import Job

from ..factories import JobFactory, MembershipFactory, StaffFactory, UserFactory
from ..institutions.factories import PostFactory, applicant, apply_to

pytestmark = pytest.mark.django_db


def at(days_ago: float):
    return timezone.now() - timedelta(days=days_ago)


def value(key, moment=None) -> int:
    return registry.compute(at=moment, keys=[key])[key]["value"]


def test_a_rejected_and_resubmitted_job_keeps_its_first_moment():
    job = JobFactory(status="draft", submitted_at=None, published_at=None)
    recruiter = MembershipFactory(organisation=job.organisation, role="recruiter").user
    verifier = StaffFactory(roles=[STAFF_VERIFIER])
    jobs.submit_job(recruiter, job)
    first = Job.objects.get(pk=job.pk).first_submitted_at
    assert first is not None
    # As if submitted three days ago.
    Job.objects.filter(pk=job.pk).update(first_submitted_at=at(3), submitted_at=at(3))
    job.refresh_from_db()
    assert value("job_requirements", at(2)) == 1
    jobs.reject_job(verifier, job, "薪资范围不清楚")
    job.refresh_from_db()
    jobs.submit_job(recruiter, job)
    job.refresh_from_db()
    assert job.submitted_at > at(0.01)  # the latest submission moves
    assert abs(job.first_submitted_at - at(3)) < timedelta(minutes=1)  # the first does not
    assert value("job_requirements", at(2)) == 1
    assert value("job_requirements") == 1
    day = timezone.localtime(job.first_submitted_at).date().isoformat()
    assert registry.compute(keys=["job_requirements"])["job_requirements"]["breakdowns"]["day"] == {
        day: 1
    }


def test_rows_written_without_a_first_moment_count_from_their_submission():
    JobFactory(submitted_at=at(3))  # as the demo writes them
    assert value("job_requirements", at(2)) == 1
    assert value("job_requirements", at(4)) == 0


def test_a_transferred_application_counts_before_its_transfer():
    cancelled = PostFactory()
    other = PostFactory(round=cancelled.round)
    talent = applicant()
    [first] = apply_to(talent, cancelled)
    PostApplication.objects.filter(pk=first.pk).update(submitted_at=at(3))
    before = {
        k: value(k, at(2))
        for k in ("institution_applications", "institution_applications_municipal")
    }
    assert before == {"institution_applications": 1, "institution_applications_municipal": 1}
    Post.objects.filter(pk=cancelled.pk).update(status=Post.Status.CANCELLED)
    PostApplication.objects.filter(pk=first.pk).update(status=PostApplication.Status.CANCELLED)
    institutions.give_consents(talent, [other.institution])
    moved = institutions.transfer(talent, PostApplication.objects.get(pk=first.pk), other)
    assert moved.first_submitted_at == PostApplication.objects.get(pk=first.pk).submitted_at
    # Counted once, now and at the earlier moment alike.
    assert value("institution_applications") == 1
    assert value("institution_applications", at(2)) == 1
    assert value("institution_applications", at(4)) == 0


def test_a_second_transfer_keeps_the_first_moment_too():
    a, b, c = PostFactory(), None, None
    b = PostFactory(round=a.round)
    c = PostFactory(round=a.round)
    talent = applicant()
    [first] = apply_to(talent, a)
    PostApplication.objects.filter(pk=first.pk).update(submitted_at=at(3))
    institutions.give_consents(talent, [b.institution, c.institution])
    Post.objects.filter(pk=a.pk).update(status=Post.Status.CANCELLED)
    second = institutions.transfer(talent, PostApplication.objects.get(pk=first.pk), b)
    Post.objects.filter(pk=b.pk).update(status=Post.Status.CANCELLED)
    third = institutions.transfer(talent, second, c)
    assert third.first_submitted_at == second.first_submitted_at
    assert value("institution_applications", at(2)) == 1


@pytest.mark.parametrize("who", ["staff", "employer", "talent"])
def test_opening_the_profile_page_does_not_count_as_a_talent(client, who):
    user = {
        "staff": lambda: StaffFactory(roles=[STAFF_ADMIN]),
        "employer": lambda: MembershipFactory(role="owner").user,
        "talent": UserFactory,
    }[who]()
    before = value("talents_registered")
    client.force_login(user)
    assert client.get(reverse("talent:profile")).status_code == 200
    assert client.get(reverse("talent:cvs")).status_code == 200
    assert value("talents_registered") == before
