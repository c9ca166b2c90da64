"""Personal tokens: made and revoked in the account settings, stored hashed, shown once."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from yingcai.api import services
from yingcai.api.models import ApiToken, hash_secret
from yingcai.core.models import AuditEntry

from ..factories import UserFactory
from .conftest import bearer


def url(name, *args, language="en"):
    with translation.override(language):
        return reverse(f"api_tokens:{name}", args=args)


# --- The services -------------------------------------------------------------------------------
@pytest.mark.django_db
def test_a_token_is_stored_hashed_and_audited(talent):
    token, secret = services.create_token(talent, " deploy script ", "read")
    assert secret.startswith("yc_") and len(secret) > 40
    assert token.key_hash == hash_secret(secret) and secret not in token.key_hash
    assert token.name == "deploy script" and token.start == secret[:8]
    assert not ApiToken.objects.filter(key_hash=secret).exists()
    assert services.authenticate(secret) == token
    assert AuditEntry.objects.filter(action="api_token.created", actor=talent).exists()


@pytest.mark.django_db
def test_a_token_is_refused_once_revoked_expired_or_its_user_gone(talent):
    token, secret = services.create_token(talent, "a", "read")
    services.revoke_token(talent, token)
    assert services.authenticate(secret) is None
    assert AuditEntry.objects.filter(action="api_token.revoked").count() == 1
    services.revoke_token(talent, token)  # twice changes nothing
    assert AuditEntry.objects.filter(action="api_token.revoked").count() == 1

    token, secret = services.create_token(talent, "b", "read", timezone.now() + timedelta(days=1))
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert services.authenticate(secret) is None

    _token, secret = services.create_token(talent, "c", "read")
    talent.is_active = False
    talent.save()
    assert services.authenticate(secret) is None


@pytest.mark.django_db
def test_only_the_owner_revokes_a_token(talent):
    token, _secret = services.create_token(talent, "a", "read")
    with pytest.raises(PermissionDenied):
        services.revoke_token(UserFactory(), token)
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None


@pytest.mark.django_db
def test_bad_tokens_are_refused(talent):
    with pytest.raises(ValidationError):
        services.create_token(talent, "  ", "read")
    with pytest.raises(ValidationError):
        services.create_token(talent, "a", "admin")
    with pytest.raises(ValidationError):
        services.create_token(talent, "a", "read", timezone.now() - timedelta(days=1))
    for n in range(services.MAX_ACTIVE_TOKENS):
        services.create_token(talent, f"t{n}", "read")
    with pytest.raises(ValidationError):
        services.create_token(talent, "one too many", "read")


@pytest.mark.django_db
def test_the_last_use_is_noted(client, talent):
    token, secret = services.create_token(talent, "a", "read")
    assert token.last_used_at is None
    client.get("/api/me", **bearer(secret))
    token.refresh_from_db()
    assert token.last_used_at is not None


# --- The pages -----------------------------------------------------------------------------------
@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(url("list"))
    assert response.status_code == 302 and "/accounts/login/" in response.url
    assert client.post(url("create"), {"name": "x"}).status_code == 302


@pytest.mark.django_db
def test_a_token_is_made_and_its_secret_shown_once(client, talent):
    client.force_login(talent)
    page = client.get(url("list")).content.decode()
    assert "You have no API token yet." in page and 'name="scope"' in page
    response = client.post(url("create"), {"name": "ATS", "scope": "read-write", "expires": "30"})
    assert response.status_code == 201
    token = ApiToken.objects.get(user=talent)
    secret = response.context["secret"]
    assert secret in response.content.decode() and token.key_hash == hash_secret(secret)
    assert token.scope == "read-write"
    assert timedelta(days=29) < token.expires_at - timezone.now() <= timedelta(days=30)
    again = client.get(url("list")).content.decode()
    assert secret not in again and token.start in again and "ATS" in again
    assert client.get("/api/me", **bearer(secret)).json()["token"]["name"] == "ATS"


@pytest.mark.django_db
def test_the_pages_speak_chinese_and_work_with_htmx(client, talent):
    client.force_login(talent)
    page = client.get(url("list", language="zh-hans")).content.decode()
    assert "API" in page and "<html" in page
    response = client.post(
        url("create", language="zh-hans"),
        {"name": "", "scope": "read", "expires": "never"},
        HTTP_HX_REQUEST="true",
    )
    # HTMX swaps only successful answers: the form with its errors comes back as 200.
    assert response.status_code == 200 and "<html" not in response.content.decode()
    assert response.context["form"].errors["name"]
    made = client.post(
        url("create"), {"name": "cron", "scope": "read", "expires": "never"}, HTTP_HX_REQUEST="true"
    )
    assert made.status_code == 201 and 'data-testid="new-secret"' in made.content.decode()
    assert ApiToken.objects.get(user=talent).expires_at is None
    revoked = client.post(url("revoke", ApiToken.objects.get().pk), HTTP_HX_REQUEST="true")
    assert revoked.status_code == 200 and "revoked" in revoked.content.decode()


@pytest.mark.django_db
def test_a_bad_form_is_answered_400_without_htmx(client, talent):
    client.force_login(talent)
    for data in ({"name": "x", "scope": "root", "expires": "30"}, {"name": "x", "expires": "7"}):
        response = client.post(url("create"), data)
        assert response.status_code == 400
    assert not ApiToken.objects.exists()


@pytest.mark.django_db
def test_a_token_is_revoked_by_its_owner_only(client, talent):
    token, secret = services.create_token(talent, "a", "read")
    stranger = UserFactory()
    client.force_login(stranger)
    assert client.post(url("revoke", token.pk)).status_code == 404
    assert client.get("/api/me", **bearer(secret)).status_code == 200
    client.force_login(talent)
    response = client.post(url("revoke", token.pk))
    assert response.status_code == 302 and response.url == url("list")
    assert client.get("/api/me", **bearer(secret)).status_code == 401
    assert client.get(url("revoke", token.pk)).status_code == 405


@pytest.mark.django_db
def test_the_dashboard_links_to_the_tokens(client, talent):
    client.force_login(talent)
    with translation.override("en"):
        dashboard = client.get(reverse("accounts:dashboard")).content.decode()
    assert url("list") in dashboard


def test_the_owner_is_told_of_every_new_token(db, mailoutbox, django_capture_on_commit_callbacks):
    owner = UserFactory(language="en")
    with django_capture_on_commit_callbacks(execute=True):
        token, secret = services.create_token(owner, "My script", "read")
    (message,) = mailoutbox
    assert message.to == [owner.email]
    assert "My script" in message.subject
    assert token.start in message.body and secret not in message.body
