"""The public endpoints: news, open jobs, verified organisations, figures."""

from datetime import timedelta

import pytest
from django.utils import timezone

from yingcai.core.registry import figures as registry
from yingcai.jobs import search
from yingcai.jobs.models import Job
from yingcai.organisations.models import Organisation

from ..factories import JobFactory, NewsItemFactory, OrganisationFactory


def indexed(job: Job) -> Job:
    """A job whose search document is filled, as the services keep it."""
    job.search_document = search.document_for(job)
    job.save(update_fields=["search_document"])
    return job


# --- News --------------------------------------------------------------------------------
@pytest.mark.django_db
def test_news_lists_published_items_in_both_languages(client, django_assert_max_num_queries):
    item = NewsItemFactory(
        title_zh_hans="人才大会开幕", title_en="The conference opens", kind="announcement"
    )
    NewsItemFactory(published_at=None)  # a draft
    NewsItemFactory(published_at=timezone.now() + timedelta(days=1))  # not yet
    with django_assert_max_num_queries(3):
        body = client.get("/api/news").json()
    assert body["count"] == 1 and body["limit"] == 20 and body["offset"] == 0
    [found] = body["items"]
    assert found["slug"] == item.slug and found["kind"] == "announcement"
    assert found["title"] == {"zh-hans": "人才大会开幕", "en": "The conference opens"}
    assert found["body"] == {"zh-hans": "正文", "en": "Body"}
    assert client.get("/api/news", {"kind": "news"}).json()["count"] == 0
    assert client.get(f"/api/news/{item.slug}").json()["title"]["en"] == "The conference opens"


@pytest.mark.django_db
def test_a_draft_is_not_found_and_bad_input_is_refused(client):
    draft = NewsItemFactory(published_at=None)
    assert client.get(f"/api/news/{draft.slug}").json() == {
        "detail": "未找到。",
        "code": "not_found",
    }
    response = client.get("/api/news", {"kind": "gossip"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 422 and response.json()["code"] == "invalid"
    assert response.json()["detail"][0]["loc"] == ["query", "kind"]
    assert client.get("/api/news/a%00b").status_code == 400  # a NUL: tests/api/test_faults.py


@pytest.mark.django_db
def test_pages_are_bounded(client):
    for _ in range(3):
        NewsItemFactory()
    body = client.get("/api/news", {"limit": 2, "offset": 2}).json()
    assert body["count"] == 3 and len(body["items"]) == 1 and body["offset"] == 2
    assert len(client.get("/api/news", {"limit": 2}).json()["items"]) == 2
    for bad in ({"limit": 0}, {"limit": 101}, {"offset": -1}, {"limit": "ten"}):
        response = client.get("/api/news", bad)
        assert response.status_code == 422, bad
        assert response.json()["code"] == "invalid"


# --- Jobs ----------------------------------------------------------------------------------
@pytest.mark.django_db
def test_jobs_are_the_open_ones_searched_as_on_the_site(client, django_assert_max_num_queries):
    chip = indexed(JobFactory(title="集成电路芯片设计工程师", salary_max=40000))
    data = indexed(
        JobFactory(
            title="大数据分析师",
            description="工业大数据。Industrial big data.",
            degree_min="bachelor",
            overseas_friendly=True,
        )
    )
    JobFactory(status="draft")
    JobFactory(deadline=timezone.localdate() - timedelta(days=1))  # past its deadline
    JobFactory(organisation=OrganisationFactory(status="pending"))
    for _ in range(5):
        JobFactory()
    with django_assert_max_num_queries(6):
        body = client.get("/api/jobs").json()
    assert body["count"] == 7
    ids = lambda params: [j["id"] for j in client.get("/api/jobs", params).json()["items"]]  # noqa: E731
    assert ids({"q": "芯片"}) == [chip.pk]
    assert ids({"q": "大数据"}) == [data.pk]
    assert ids({"overseas": "true"}) == [data.pk]
    assert data.pk in ids({"degree": "bachelor"}) and chip.pk not in ids({"degree": "bachelor"})
    assert ids({"sort": "salary", "limit": 1}) == [chip.pk]
    assert len(ids({"field": "electronic-information", "district": "yubei"})) == 7
    assert ids({"district": "wanzhou"}) == []
    assert len(ids({"since": "7"})) == 7
    found = client.get(f"/api/jobs/{chip.pk}").json()
    assert found["organisation"]["name"]["zh-hans"] == chip.organisation.name_zh_hans
    assert found["field"]["slug"] == "electronic-information"
    assert found["district"]["name"]["en"] == "Yubei"
    assert found["salary_max"] == 40000 and found["url"].endswith(f"/jobs/{chip.pk}/")


@pytest.mark.django_db
def test_job_filters_the_site_would_ignore_are_refused_here(client):
    for bad in (
        {"field": "alchemy"},
        {"since": "yesterday"},
        {"salary": "-5"},
        {"degree": "kindergarten"},
        {"q": "x" * 201},
    ):
        response = client.get("/api/jobs", bad, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 422, bad
        assert response.json()["code"] == "invalid"
    assert client.get("/api/jobs", {"field": "alchemy"}).json()["detail"][0]["loc"] == [
        "query",
        "field",
    ]


@pytest.mark.django_db
def test_a_job_not_public_is_not_found(client):
    draft = JobFactory(status="draft")
    closed = JobFactory(status="closed")
    assert client.get(f"/api/jobs/{draft.pk}").status_code == 404
    assert client.get(f"/api/jobs/{closed.pk}").json()["status"] == "closed"
    assert client.get("/api/jobs/99999999").status_code == 404
    assert client.get(f"/api/jobs/{2**70}").status_code == 422
    assert client.get("/api/jobs/abc").status_code == 422


# --- Organisations -------------------------------------------------------------------------
@pytest.mark.django_db
def test_organisations_are_the_verified_ones(client, django_assert_max_num_queries):
    university = OrganisationFactory(
        name_zh_hans="重庆大学", name_en="Chongqing University", kind="university"
    )
    OrganisationFactory(status="pending")
    OrganisationFactory(status=Organisation.Status.SUSPENDED)
    for _ in range(4):
        OrganisationFactory()
    with django_assert_max_num_queries(3):
        body = client.get("/api/organisations").json()
    assert body["count"] == 5
    assert client.get("/api/organisations", {"kind": "university"}).json()["count"] == 1
    assert client.get("/api/organisations", {"q": "chongqing univ"}).json()["count"] == 1
    assert client.get("/api/organisations", {"q": "重庆大学"}).json()["count"] == 1
    assert client.get("/api/organisations", {"district": "wanzhou"}).json()["count"] == 0
    assert client.get("/api/organisations", {"district": "yubei"}).json()["count"] == 5
    unknown = client.get("/api/organisations", {"district": "atlantis", "kind": "university"})
    assert unknown.status_code == 422
    assert [e["loc"] for e in unknown.json()["detail"]] == [["query", "district"]]
    found = client.get(f"/api/organisations/{university.pk}").json()
    assert found["name"] == {"zh-hans": "重庆大学", "en": "Chongqing University"}
    assert found["district"]["slug"] == "yubei"
    pending = Organisation.objects.get(status="pending")
    assert client.get(f"/api/organisations/{pending.pk}").status_code == 404


# --- Figures --------------------------------------------------------------------------------
@pytest.mark.django_db
def test_figures_are_those_of_the_registry_in_its_json_format(client):
    JobFactory(submitted_at=timezone.now())
    registry.invalidate()
    figures = client.get("/api/figures").json()
    assert figures == registry.current()
    assert figures["job_requirements"]["value"] == 1
    assert set(figures["job_requirements"]) == {"value", "label", "unit", "breakdowns"}
    one = client.get("/api/figures/job_requirements").json()
    assert one == figures["job_requirements"]
    assert one["label"]["zh-hans"] and one["label"]["en"]


@pytest.mark.django_db
def test_figures_at_a_moment(client):
    JobFactory(submitted_at=timezone.now() - timedelta(days=10))
    JobFactory(submitted_at=timezone.now())
    day = (timezone.localdate() - timedelta(days=5)).isoformat()
    assert client.get("/api/figures/job_requirements", {"at": day}).json()["value"] == 1
    figures = client.get("/api/figures", {"at": f"{day}T10:00"}).json()
    assert figures["job_requirements"]["value"] == 1
    assert client.get("/api/figures/job_requirements").json()["value"] == 2


@pytest.mark.django_db
def test_figures_refuse_a_bad_moment_and_an_unknown_key(client):
    for bad in ("yesterday", "2020-13-45", "0001-01-01T00:00", "9999-12-31", "2020-11-21T25:00"):
        response = client.get("/api/figures", {"at": bad}, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 422, bad
        assert response.json()["detail"][0]["loc"] == ["query", "at"]
    missing = client.get("/api/figures/contest_unicorns", HTTP_ACCEPT_LANGUAGE="en")
    assert missing.status_code == 404
    assert missing.json() == {"detail": "Not found.", "code": "not_found"}


@pytest.mark.django_db
def test_nul_characters_and_huge_numbers_never_make_a_500(client, talent, token_for):
    headers = token_for(talent)
    # NUL characters answer 400 before any operation (tests/api/test_faults.py).
    for url in (
        f"/api/organisations/{2**64}",
        f"/api/jobs?offset={2**64}&salary={2**64}",
        f"/api/me/organisations/{2**64}/applicants?job={2**64}",
    ):
        response = client.get(url, **headers)
        assert response.status_code in (404, 422), url
        assert response.json()["code"] in ("not_found", "invalid")
    response = client.get("/api/me", HTTP_AUTHORIZATION="Bearer \x00" + "x" * 5000)
    assert response.status_code == 401


def test_an_unknown_endpoint_answers_the_apis_error_body(client):
    response = client.get("/api/no-such-thing/42")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_a_wrong_method_answers_the_apis_error_body(client, db):
    response = client.delete("/api/figures")
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"
    assert "GET" in response["Allow"]
