"""Rate limits: per token for requests with a valid one, else per address; 429 + Retry-After."""

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client

from ..concurrency import at_once, postgresql_only
from .conftest import bearer


@pytest.mark.django_db
def test_anonymous_requests_are_limited_per_address(client, settings):
    settings.API_RATE_PER_IP = "3/m"
    for _ in range(3):
        assert client.get("/api/health").status_code == 200
    response = client.get("/api/news", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 429
    assert response.json()["code"] == "rate_limited"
    assert "Too many requests" in response.json()["detail"]
    assert 1 <= int(response["Retry-After"]) <= 60
    # Another address has its own count.
    assert client.get("/api/health", REMOTE_ADDR="10.0.0.2").status_code == 200


@pytest.mark.django_db
def test_token_requests_are_limited_per_token(client, settings, talent, token_for):
    settings.API_RATE_PER_IP = "2/m"
    settings.API_RATE_PER_TOKEN = "4/m"
    headers = token_for(talent)
    other = token_for(talent, name="other")
    for _ in range(4):
        assert client.get("/api/me", **headers).status_code == 200
    limited = client.get("/api/news", **headers)
    assert limited.status_code == 429 and limited["Retry-After"]
    assert client.get("/api/me", **other).status_code == 200


@pytest.mark.django_db
def test_guessing_tokens_counts_against_the_address(client, settings):
    settings.API_RATE_PER_IP = "2/m"
    for _ in range(2):
        assert client.get("/api/me", **bearer("yc_guess")).status_code == 401
    assert client.get("/api/me", **bearer("yc_guess")).status_code == 429


@pytest.mark.django_db
def test_the_default_is_sixty_a_minute_and_none_lifts_a_limit(client, settings):
    expected = [200] * 60 + [429]
    # A window may end during the 61 requests (about a second); two runs cannot both see one.
    for _run in range(2):
        cache.clear()
        statuses = [client.get("/api/health").status_code for _ in range(61)]
        if statuses == expected:
            break
    assert statuses == expected
    settings.API_RATE_PER_IP = None
    assert client.get("/api/health").status_code == 200


@pytest.mark.django_db
def test_rates_of_several_units_count_in_windows_of_that_length(client, settings):
    settings.API_RATE_PER_IP = "2/10m"
    assert [client.get("/api/health").status_code for _ in range(3)] == [200, 200, 429]
    assert 1 <= int(client.get("/api/health")["Retry-After"]) <= 600


RACE_TABLE = "yingcai_cache_api_race_test"


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_parallel_requests_on_the_database_cache_admit_exactly_the_limit(settings):
    """Without Redis every web process counts in the database cache: twenty requests arriving
    together against 5/m get five answers and fifteen refusals, none slipping through between
    a read and a write of the counter (django-ninja's throttle admitted all twenty;
    benchmarks/race_api_limits.py)."""
    call_command("createcachetable", RACE_TABLE, verbosity=0)
    settings.CACHES = {
        "default": {"BACKEND": "yingcai.core.cache.DatabaseCache", "LOCATION": RACE_TABLE}
    }
    settings.API_RATE_PER_IP = "5/m"
    responses = []
    try:
        outcomes = at_once([lambda: responses.append(Client().get("/api/health"))] * 20)
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE {connection.ops.quote_name(RACE_TABLE)}")
    assert outcomes == ["ok"] * 20
    statuses = sorted(response.status_code for response in responses)
    assert statuses == [200] * 5 + [429] * 15
    assert all(int(r["Retry-After"]) >= 1 for r in responses if r.status_code == 429)
