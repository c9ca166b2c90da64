"""Faults and refusals under /api/: always the API's JSON error shape, never a page meant for a
browser; the health check tells the truth about the database and Redis."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.factories import JobFactory, MembershipFactory

ROOT = Path(__file__).resolve().parents[2]
NUL = "\x00"
# Nothing listens on port 1: a real unreachable server, not a mock.
UNREACHABLE_POSTGRES = "postgres://postgres@127.0.0.1:1/yingcai"
UNREACHABLE_REDIS = "redis://127.0.0.1:1/0"


def _shape(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    body = response.json()
    assert set(body) >= {"detail", "code"} and body["code"] == code, body
    assert body["detail"]
    return body


# --- NUL ----------------------------------------------------------------------------------------
@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/api/jobs?q=a%00b",
        "/api/jobs?q=%00&since=%00&field=%00",
        "/api/news?kind=%00",
        "/api/news/a%00b",
        "/api/districts/a%00b",
        "/api/organisations?q=%00&district=%00",
        "/api/organisations/%00",
        "/api/figures?at=%00",
        "/api/figures/a%00b",
        "/api/me/organisations/1/applicants?job=%00",
        "/api/no-such-endpoint?q=%00",
    ],
)
def test_a_nul_in_an_api_address_answers_400_with_the_error_shape(client, url):
    body = _shape(client.get(url), 400, "bad_request")
    assert "NUL" in body["detail"]


@pytest.mark.django_db
def test_a_nul_in_a_json_body_answers_400(client, token_for):
    membership = MembershipFactory(role="owner")
    job = JobFactory(organisation=membership.organisation)
    headers = token_for(membership.user, scope="read-write")
    url = f"/api/me/organisations/{job.organisation_id}/applicants/1/stage"
    body = json.dumps({"stage": 1, "note": f"a{NUL}b"})
    _shape(client.post(url, body, content_type="application/json", **headers), 400, "bad_request")
    # An escaped backslash before "u0000" is text, not a NUL: the operation answers (404).
    text = json.dumps({"stage": 1, "note": "a\\u0000b"})
    response = client.post(url, text, content_type="application/json", **headers)
    _shape(response, 404, "not_found")


# --- Size limit ---------------------------------------------------------------------------------
@pytest.mark.django_db
def test_a_body_over_the_size_limit_answers_413(client, token_for, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    membership = MembershipFactory(role="owner")
    headers = token_for(membership.user, scope="read-write")
    url = f"/api/me/organisations/{membership.organisation_id}/applicants/1/stage"
    big = json.dumps({"stage": 1, "note": "x" * 2000})
    response = client.post(url, big, content_type="application/json", **headers)
    body = _shape(response, 413, "too_large")
    assert "MB" in body["detail"]


# --- Health -------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_health_checks_the_database(client):
    response = client.get("/api/health")
    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok", "redis": "not configured"}


@pytest.mark.django_db
def test_health_answers_503_when_redis_is_unreachable(client, settings):
    backend = "django.core.cache.backends.redis.RedisCache"
    # Every cache the settings name lives in the unreachable Redis, as with REDIS_URL set.
    redis = {
        alias: {"BACKEND": backend, "LOCATION": UNREACHABLE_REDIS} for alias in settings.CACHES
    }
    # Through the settings fixture only: an override_settings block around a change made by the
    # fixture would leave the fixture restoring these caches after the test.
    settings.REDIS_URL = UNREACHABLE_REDIS
    settings.CACHES = redis
    # The rate limits live in Redis too: any endpoint answers 503.
    response = client.get("/api/news")
    _shape(response, 503, "unavailable")
    assert int(response["Retry-After"]) > 0
    _shape(client.get("/api/health"), 503, "unavailable")
    # Without a rate limit in the way, the health check's own look at Redis says so.
    settings.API_RATE_PER_IP = None
    body = _shape(client.get("/api/health"), 503, "unavailable")
    assert body["checks"] == {"database": "ok", "redis": "unavailable"}


SCRIPT = """
import json, django
django.setup()
from django.test import Client
from django.test.utils import setup_test_environment
setup_test_environment()
client = Client(raise_request_exception=False)
answers = {}
for url, headers in [
    ("/api/health", {}),
    ("/api/news", {}),
    ("/api/jobs?q=x", {}),
    ("/api/me", {"HTTP_AUTHORIZATION": "Bearer yc_nothing"}),
]:
    response = client.get(url, **headers)
    answers[url] = [response.status_code, response["Content-Type"], response.content.decode()]
print("ANSWERS" + json.dumps(answers))
"""


@pytest.mark.parametrize(
    "database",
    [UNREACHABLE_POSTGRES, "sqlite:////nonexistent-yingcai-directory/yingcai.sqlite3"],
    ids=["postgres", "sqlite"],
)
def test_with_the_database_unreachable_the_api_answers_503(database, tmp_path):
    """A separate process whose database cannot be reached: the settings' own DATABASE_URL."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": database,
        "YINGCAI_VAR_DIR": str(tmp_path),
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)]),
    }
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    line = next(x for x in done.stdout.splitlines() if x.startswith("ANSWERS"))
    answers = json.loads(line.removeprefix("ANSWERS"))
    for url, (status, content_type, content) in answers.items():
        assert status == 503, (url, status, content[:200])
        assert content_type.startswith("application/json"), url
        body = json.loads(content)
        assert body["code"] == "unavailable" and body["detail"], url
    assert json.loads(answers["/api/health"][2])["checks"]["database"] == "unavailable"


def test_a_refused_host_answers_in_the_error_shape_too(client, db):
    """Django refuses an unknown Host before any view: under /api/ that is JSON as well."""
    response = client.get("/api/health", HTTP_HOST="evil.example.com")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert set(response.json()) == {"detail", "code"}
