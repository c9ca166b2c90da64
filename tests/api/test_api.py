import pytest


@pytest.mark.django_db
def test_openapi_document_and_docs(client):
    schema = client.get("/api/openapi.json").json()
    assert schema["info"]["title"] == "Yingcai API"
    assert "/api/districts" in schema["paths"]
    assert client.get("/api/docs").status_code == 200


@pytest.mark.django_db
def test_districts_are_the_38_and_the_functional_areas(client):
    districts = client.get("/api/districts").json()
    administrative = [d for d in districts if d["kind"] != "functional_area"]
    assert len(administrative) == 38
    assert {
        "slug": "yubei",
        "code": "500112",
        "name_zh": "渝北区",
        "name_en": "Yubei",
        "kind": "district",
    } in districts


@pytest.mark.django_db
def test_errors_have_one_shape_in_the_callers_language(client):
    response = client.get("/api/districts/atlantis", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found.", "code": "not_found"}
    chinese = client.get("/api/districts/atlantis", HTTP_ACCEPT_LANGUAGE="zh-CN").json()
    assert chinese == {"detail": "未找到。", "code": "not_found"}


@pytest.mark.django_db
def test_health(client):
    assert client.get("/api/health").json()["status"] == "ok"
