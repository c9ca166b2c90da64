"""Rate limits: per token for requests with a valid one, else per address; 429 + Retry-After."""

import pytest

from yingcai.api import limits

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
def test_limits_can_be_lifted_and_the_defaults_are_generous(client, settings):
    settings.API_RATE_PER_IP = None
    for _ in range(70):
        assert client.get("/api/health").status_code == 200
    assert limits.parse_rate(limits.RATE_PER_IP) == (60, 60)
    assert limits.parse_rate("100/5m") == (100, 300)
    assert limits.parse_rate("10/hour") == (10, 3600)
    with pytest.raises(ValueError):
        limits.parse_rate("lots")
