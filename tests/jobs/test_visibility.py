"""One rule decides which jobs are public: the site, the API, the recommendations agree.

A suspended (or rejected, or pending) organisation's jobs are public nowhere; its own members
and the organisers' verifiers still read them.
"""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from yingcai.core.rules import can
from yingcai.institutions import services as institutions
from yingcai.institutions.models import Post, PostApplication
from yingcai.jobs import search
from yingcai.jobs.models import Job, Recommendation
from yingcai.jobs.queries import open_jobs, public_jobs
from yingcai.jobs.recommendations import open_jobs as recommendable_jobs
from yingcai.organisations.models import Organisation

from ..factories import JobFactory, MembershipFactory, OrganisationFactory, UserFactory
from ..institutions.factories import PostFactory, applicant, apply_to, institution

pytestmark = pytest.mark.django_db

SUSPENDED = Organisation.Status.SUSPENDED


def suspended_job() -> Job:
    organisation = OrganisationFactory(status=SUSPENDED)
    job = JobFactory(title="停权单位的芯片工程师", organisation=organisation)
    job.search_document = search.document_for(job)
    job.save(update_fields=["search_document"])
    return job


@pytest.mark.parametrize("status", ["published", "closed", "draft", "submitted", "rejected"])
@pytest.mark.parametrize("org_status", Organisation.Status.values)
def test_one_rule_for_one_job_and_for_lists(status, org_status):
    job = JobFactory(status=status, organisation=OrganisationFactory(status=org_status))
    job = Job.objects.select_related("organisation").get(pk=job.pk)
    in_list = public_jobs().filter(pk=job.pk).exists()
    assert job.is_public == in_list == can(AnonymousUser(), "jobs.view_job", job)
    assert in_list == (status in ("published", "closed") and org_status == "verified")
    assert open_jobs().filter(pk=job.pk).exists() == (in_list and status == "published")
    assert set(recommendable_jobs()) == set(open_jobs())


@pytest.mark.parametrize("who", ["anonymous", "talent"])
def test_a_suspended_organisations_job_is_not_public_on_the_site(client, who):
    job = suspended_job()
    if who == "talent":
        client.force_login(UserFactory())
    assert client.get(reverse("jobs:detail", args=[job.pk])).status_code == 404
    assert client.get(reverse("applying:apply", args=[job.pk])).status_code in (302, 404)
    listed = client.get(reverse("jobs:search")).context["page"].object_list
    assert job not in listed
    found = client.get(reverse("jobs:search"), {"q": "停权单位"}).context["page"].object_list
    assert job not in found
    assert f"/jobs/{job.pk}/" not in client.get("/sitemap.xml").content.decode()


def test_a_suspended_organisations_job_is_not_public_in_the_api(client):
    job = suspended_job()
    assert client.get(f"/api/jobs/{job.pk}").status_code == 404
    ids = [j["id"] for j in client.get("/api/jobs").json()["items"]]
    assert job.pk not in ids
    ids = [j["id"] for j in client.get("/api/jobs", {"q": "停权单位"}).json()["items"]]
    assert job.pk not in ids


def test_a_stored_recommendation_of_it_is_not_shown(client):
    job = suspended_job()
    talent = UserFactory()
    shown = JobFactory(title="可见单位的芯片工程师")
    for position, recommended in enumerate([job, shown]):
        Recommendation.objects.create(
            direction=Recommendation.Direction.FOR_TALENT,
            talent=talent,
            job=recommended,
            position=position,
            score=1.0,
        )
    client.force_login(talent)
    page = client.get(reverse("talent:recommendations")).content.decode()
    assert shown.title in page
    assert job.title not in page


def test_its_own_members_still_read_it(client):
    job = suspended_job()
    member = MembershipFactory(organisation=job.organisation, role="viewer").user
    client.force_login(member)
    assert client.get(reverse("jobs:detail", args=[job.pk])).status_code == 200


def test_a_verified_organisations_job_is_public(client):
    job = JobFactory()
    assert client.get(reverse("jobs:detail", args=[job.pk])).status_code == 200
    assert client.get(f"/api/jobs/{job.pk}").status_code == 200


# --- The same rule for public institutions' posts -------------------------------------------
def suspended_post():

    post = PostFactory(name="停权单位的研究岗", institution=institution(status=SUSPENDED))
    shown = PostFactory(name="可见单位的研究岗", round=post.round)
    return post, shown


def test_a_suspended_institutions_post_is_not_public(client):
    post, shown = suspended_post()
    round_page = client.get(reverse("recruitment:round", args=[post.round_id])).content.decode()
    assert shown.name in round_page and post.name not in round_page
    assert client.get(reverse("recruitment:post", args=[post.round_id, post.pk])).status_code == 404
    assert (
        client.get(reverse("recruitment:post", args=[post.round_id, shown.pk])).status_code == 200
    )


def test_a_suspended_institutions_post_takes_no_application_nor_transfer():

    post, shown = suspended_post()
    talent = applicant()
    institutions.give_consents(talent, [post.institution])
    with translation.override("en"), pytest.raises(ValidationError, match="not open"):
        institutions.apply(talent, post.round, [post], {})
    [first] = apply_to(talent, shown)
    Post.objects.filter(pk=shown.pk).update(status=Post.Status.CANCELLED)
    PostApplication.objects.filter(pk=first.pk).update(status=PostApplication.Status.CANCELLED)
    with translation.override("en"), pytest.raises(ValidationError, match="another open post"):
        institutions.transfer(talent, PostApplication.objects.get(pk=first.pk), post)
    assert not PostApplication.objects.filter(post=post).exists()
