"""`GET /api/projects` and `GET /api/demands`: the site's searches and filters, the API's error
shape, pages and rate limits."""

import pytest

from ..factories import OrganisationFactory
from ..projects.factories import district, indexed_demand, indexed_project, industry

pytestmark = pytest.mark.django_db


def test_projects_are_the_listed_ones_searched_as_on_the_site(
    client, django_assert_max_num_queries
):
    chip = indexed_project(
        title_zh_hans="车规级功率芯片",
        title_en="Automotive power chips",
        industries=[industry("new-energy")],
        patents="ZL202010000001.1",
    )
    indexed_project(
        title_zh_hans="药物研发",
        origin="overseas",
        stage="idea",
        amount_min=50_000_000,
        amount_max=None,
    )
    indexed_project(title_zh_hans="草稿芯片", status="draft")
    with django_assert_max_num_queries(10):
        response = client.get("/api/projects", {"q": "芯片", "stage": "prototype"})
    body = response.json()
    assert response.status_code == 200
    assert body["count"] == 1
    found = body["items"][0]
    assert found["id"] == chip.pk
    assert found["titles"] == {"zh-hans": "车规级功率芯片", "en": "Automotive power chips"}
    assert found["industries"][0]["slug"] == "new-energy"
    assert found["seeks"] == ["investment"]
    assert (found["amount_min"], found["amount_max"], found["currency"]) == (
        5_000_000,
        20_000_000,
        "CNY",
    )
    assert "patents" not in found and "team" not in found
    assert client.get("/api/projects", {"q": "automotive"}).json()["count"] == 1
    assert client.get("/api/projects", {"origin": "overseas"}).json()["count"] == 1
    assert client.get("/api/projects", {"amount": 10_000_000}).json()["count"] == 1
    assert client.get("/api/projects").json()["count"] == 2
    page = client.get("/api/projects", {"limit": 1, "offset": 1}).json()
    assert page["count"] == 2 and len(page["items"]) == 1
    assert client.get(f"/api/projects/{chip.pk}").json()["id"] == chip.pk


def test_demands_are_the_public_ones_searched_as_on_the_site(client, django_assert_max_num_queries):
    demand = indexed_demand(
        title_zh_hans="电池材料投资",
        industries=[industry("new-energy")],
        contact_email="invest@example.cn",
    )
    park = OrganisationFactory(kind="industrial_park")
    indexed_demand(
        organisation=park,
        kind="industries",
        title_zh_hans="园区招商",
        offers_zh_hans="厂房",
        stages="",
        ticket_min=None,
        ticket_max=None,
        districts=[district("yubei")],
    )
    indexed_demand(title_zh_hans="草稿需求", status="draft")
    with django_assert_max_num_queries(12):
        response = client.get("/api/demands", {"q": "电池", "kind": "investor"})
    body = response.json()
    assert body["count"] == 1
    found = body["items"][0]
    assert found["id"] == demand.pk and found["kind"] == "investment"
    assert found["stages"] == ["prototype", "revenue"]
    assert found["organisation"]["kind"] == "investor"
    assert "invest@example.cn" not in response.content.decode()
    assert client.get("/api/demands", {"district": "yubei"}).json()["count"] == 1
    assert client.get("/api/demands", {"amount": 2_000_000}).json()["count"] == 1
    assert client.get("/api/demands", {"stage": "idea"}).json()["count"] == 1  # any stage
    assert client.get("/api/demands").json()["count"] == 2
    assert client.get(f"/api/demands/{demand.pk}").json()["titles"]["zh-hans"] == "电池材料投资"


@pytest.mark.parametrize(
    ("path", "params", "name"),
    [
        ("/api/projects", {"field": "alchemy"}, "field"),
        ("/api/projects", {"district": "atlantis"}, "district"),
        ("/api/projects", {"industry": "nothing"}, "industry"),
        ("/api/projects", {"stage": "seed"}, "stage"),
        ("/api/projects", {"origin": "mars"}, "origin"),
        ("/api/projects", {"amount": -1}, "amount"),
        ("/api/projects", {"amount": 10**13}, "amount"),
        ("/api/projects", {"currency": "EUR"}, "currency"),
        ("/api/projects", {"q": "x" * 201}, "q"),
        ("/api/projects", {"limit": 1000}, "limit"),
        ("/api/demands", {"kind": "pirate"}, "kind"),
        ("/api/demands", {"field": "alchemy"}, "field"),
        ("/api/demands", {"offset": -1}, "offset"),
        ("/api/demands", {"sort": "cheapest"}, "sort"),
    ],
)
def test_bad_parameters_answer_422_naming_them(client, path, params, name):
    response = client.get(path, params, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid"
    assert any(error["loc"][-1] == name for error in body["detail"])


def test_nul_bytes_and_unknown_ids_never_make_a_500(client):
    assert client.get("/api/projects", {"q": "a\x00b"}).status_code in (400, 422)
    assert client.get("/api/demands", {"q": "\x00"}).json()["code"] in ("bad_request", "invalid")
    draft = indexed_demand(status="draft")
    hidden = indexed_project(status="submitted")
    for path in (
        f"/api/demands/{draft.pk}",
        f"/api/projects/{hidden.pk}",
        "/api/demands/999999",
        f"/api/projects/{2**60}",
    ):
        response = client.get(path)
        assert response.status_code in (404, 422), path
        assert response.json()["code"] in ("not_found", "invalid")


def test_the_endpoints_are_rate_limited_like_the_others(client, settings):
    settings.API_RATE_PER_IP = "2/m"
    assert client.get("/api/projects").status_code == 200
    assert client.get("/api/demands").status_code == 200
    limited = client.get("/api/demands")
    assert limited.status_code == 429
    assert limited.json()["code"] == "rate_limited" and limited["Retry-After"]
