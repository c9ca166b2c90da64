import re

import pytest
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from allauth.mfa.utils import is_mfa_enabled
from django.core import mail

from yingcai.accounts.phone import normalise_mobile

from ..factories import PASSWORD, StaffFactory, UserFactory

LOGIN = "/en/accounts/login/"


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.django_db
def test_login_by_email_any_case(client):
    UserFactory(email="wang@example.com")
    response = client.post(LOGIN, {"login": "WANG@example.com", "password": PASSWORD})
    assert response.status_code == 302
    assert logged_in(client)


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["13800138000", "138 0013 8000", "+86 138-0013-8000"])
def test_login_by_mobile_number_in_any_format(client, typed):
    UserFactory(mobile="+8613800138000", mobile_verified=True)
    response = client.post(LOGIN, {"login": typed, "password": PASSWORD})
    assert response.status_code == 302
    assert logged_in(client)


@pytest.mark.django_db
def test_wrong_password_is_refused_with_a_message(client):
    UserFactory(email="wang@example.com")
    response = client.post(LOGIN, {"login": "wang@example.com", "password": "wrong"})
    assert response.status_code == 200
    assert "not correct" in response.content.decode()
    assert not logged_in(client)


@pytest.mark.django_db
def test_lock_out_after_repeated_failures(client, settings):
    UserFactory(email="wang@example.com")
    for _ in range(settings.LOGIN_FAILURES_ALLOWED):
        client.post(LOGIN, {"login": "wang@example.com", "password": "wrong"})
    # Even the right password is refused while the account is locked.
    response = client.post(LOGIN, {"login": "wang@example.com", "password": PASSWORD})
    assert response.status_code == 429
    assert 800 < int(response["Retry-After"]) <= 15 * 60
    assert "Too many failed login attempts" in response.content.decode()
    assert not logged_in(client)
    # Another account is not affected.
    UserFactory(email="li@example.com")
    assert client.post(LOGIN, {"login": "li@example.com", "password": PASSWORD}).status_code == 302


@pytest.mark.django_db
def test_lock_out_message_is_translated(client, settings):
    UserFactory(email="wang@example.com")
    for _ in range(settings.LOGIN_FAILURES_ALLOWED):
        client.post(LOGIN, {"login": "wang@example.com", "password": "wrong"})
    response = client.post(
        LOGIN.replace("/en/", "/zh-hans/"), {"login": "wang@example.com", "password": PASSWORD}
    )
    assert "登录失败次数过多" in response.content.decode()


@pytest.mark.django_db
def test_password_reset(client, django_capture_on_commit_callbacks):
    UserFactory(email="wang@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/accounts/password/reset/", {"email": "wang@example.com"})
    assert len(mail.outbox) == 1
    path = re.search(r"https?://[^/]+(/\S+/accounts/password/reset/key/\S+/)", mail.outbox[0].body)
    form_url = client.get(path.group(1)).url  # allauth moves the key into the session
    new = "another-Long-passphrase-7"
    response = client.post(form_url, {"password1": new, "password2": new})
    assert response.status_code == 302
    assert client.post(LOGIN, {"login": "wang@example.com", "password": new}).status_code == 302


@pytest.mark.django_db
def test_unknown_address_for_password_reset_gets_a_message(client):
    response = client.post("/en/accounts/password/reset/", {"email": "nobody@example.com"})
    assert response.status_code == 200
    assert "not assigned to any user account" in response.content.decode()


def test_mobile_numbers_are_normalised():
    assert normalise_mobile("13800138000") == "+8613800138000"
    assert normalise_mobile("+44 7911 123456") == "+447911123456"


@pytest.mark.django_db
def test_staff_with_two_factor_need_the_code(client):
    staff = StaffFactory(email="orga@example.com", roles=["moderator"])
    secret = generate_totp_secret()
    TOTP.activate(staff, secret)
    assert is_mfa_enabled(staff)
    response = client.post(LOGIN, {"login": "orga@example.com", "password": PASSWORD})
    assert response.url.endswith("/accounts/2fa/authenticate/")
    assert not logged_in(client)

    counter = next(iter(yield_hotp_counters_from_time()))
    code = format_hotp_value(hotp_value(secret, counter))
    response = client.post("/en/accounts/2fa/authenticate/", {"code": code})
    assert response.status_code == 302
    assert logged_in(client)


@pytest.mark.django_db
def test_admin_login_goes_through_allauth(client):
    response = client.get("/admin/login/")
    assert response.status_code == 302
    assert "/accounts/login/" in response.url


def _fail(client, login, times):
    for _ in range(times):
        client.post(LOGIN, {"login": login, "password": "wrong"})


@pytest.mark.django_db
def test_phone_lock_out_locks_that_account_only(client, settings):
    """allauth keyed the counter by the e-mail typed: empty for a mobile number, so five
    wrong passwords for one number locked every phone log-in."""
    UserFactory(mobile="+8613800138000", mobile_verified=True)
    UserFactory(mobile="+8613900139000", mobile_verified=True)
    _fail(client, "13800138000", settings.LOGIN_FAILURES_ALLOWED)
    locked = client.post(LOGIN, {"login": "13800138000", "password": PASSWORD})
    assert locked.status_code == 429
    assert not logged_in(client)
    assert "Too many failed login attempts" in locked.content.decode()
    other = client.post(LOGIN, {"login": "139 0013 9000", "password": PASSWORD})
    assert other.status_code == 302
    assert logged_in(client)


@pytest.mark.django_db
def test_email_and_phone_log_in_of_one_account_share_one_budget(client, settings):
    UserFactory(email="wang@example.com", mobile="+8613800138000", mobile_verified=True)
    half = settings.LOGIN_FAILURES_ALLOWED // 2
    _fail(client, "WANG@example.com", half)
    # Any spelling of the number counts against the same account.
    _fail(client, "+86 138-0013-8000", settings.LOGIN_FAILURES_ALLOWED - half)
    for login in ("wang@example.com", "13800138000"):
        response = client.post(LOGIN, {"login": login, "password": PASSWORD})
        assert "Too many failed login attempts" in response.content.decode()
        assert not logged_in(client)


@pytest.mark.django_db
def test_failures_for_unknown_identifiers_do_not_lock_an_account(client, settings):
    UserFactory(email="wang@example.com", mobile="+8613800138000", mobile_verified=True)
    _fail(client, "13700137000", settings.LOGIN_FAILURES_ALLOWED)
    _fail(client, "nobody@example.com", settings.LOGIN_FAILURES_ALLOWED)
    assert client.post(LOGIN, {"login": "13800138000", "password": PASSWORD}).status_code == 302


@pytest.mark.django_db
def test_allauth_limits_answer_429_with_retry_after(client, settings):
    """The sign-up's limit (per address) is allauth's own; it answers like every other limit."""
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "signup": "2/m/ip"}
    for _ in range(2):
        client.post("/en/accounts/signup/", {"email": "not-an-address"})
    response = client.post("/en/accounts/signup/", {"email": "not-an-address"})
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    assert "Too many attempts" in response.content.decode()
