"""Verification codes and the signed contact token (services/codes.py)."""

import re

import pytest
from django.core import mail, signing
from django.core.cache import cache
from django.test import TestCase
from django.utils import translation
from freezegun import freeze_time

from yingcai.accounts import sms
from yingcai.attendance.services import codes

from ..factories import UserFactory


def send(*args, **kwargs):
    """A code sent, its SMS or mail leaving on commit: here at once."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return codes.send_code(*args, **kwargs)


def sent_code() -> str:
    return re.search(r"\b(\d{6})\b", sms.outbox[-1]["text"]).group(1)


def test_a_code_by_sms_is_checked_once_and_stored_hashed(db):
    contact = send("138 0013 8000", ip="10.0.0.1")
    assert contact == "+8613800138000"
    assert sms.outbox[-1]["to"] == contact
    code = sent_code()
    stored = cache.get(codes._keys(contact)[0])
    assert code not in stored
    assert codes.check_code(contact, "12345") is False
    assert codes.check_code(contact, code) is True
    # Used up.
    assert codes.check_code(contact, code) is False


def test_a_code_by_mail_in_the_asked_language(db):
    contact = send("Li@Example.com", ip="10.0.0.1", language="en")
    assert contact == "li@example.com"
    (message,) = mail.outbox
    assert message.to == ["li@example.com"]
    code = re.search(r"\b(\d{6})\b", message.body).group(1)
    assert "valid for 10 minutes" in message.body
    assert codes.check_code(contact, code)


def test_the_sms_speaks_chinese_by_default(db):
    with translation.override("zh-hans"):
        send("13800138000", ip=None)
    assert "验证码" in sms.outbox[-1]["text"] or "代码" in sms.outbox[-1]["text"]


def test_five_wrong_tries_void_even_the_right_code(db):
    contact = send("13800138000", ip="10.0.0.1")
    code = sent_code()
    wrong = "000000" if code != "000000" else "111111"
    for _n in range(5):
        assert codes.check_code(contact, wrong) is False
    with pytest.raises(codes.CodeVoided):
        codes.check_code(contact, code)
    assert codes.check_code(contact, code) is False


def test_sending_again_after_a_minute_five_an_hour(db):
    with freeze_time("2026-06-01 08:00:00") as clock:
        for _n in range(5):
            send("13800138000", ip="10.0.0.1")
            clock.tick(61)
        with pytest.raises(codes.TooManyCodes) as caught:
            send("13800138000", ip="10.0.0.1")
    assert caught.value.retry_after > 60


def test_the_contact_token():
    token = codes.contact_token("+8613800138000")
    assert codes.contact_from_token(token) == "+8613800138000"
    assert codes.contact_from_token(token + "x") is None
    assert codes.contact_from_token("") is None
    assert codes.contact_from_token("a\x00b") is None
    assert codes.contact_from_token(None) is None
    assert codes.contact_from_token(signing.dumps(["x"], salt=codes.TOKEN_SALT)) is None
    other_salt = signing.dumps("+8613800138000", salt="something.else")
    assert codes.contact_from_token(other_salt) is None
    with freeze_time("2026-06-01 08:00:00") as clock:
        token = codes.contact_token("+8613800138000")
        clock.tick(31 * 60)
        assert codes.contact_from_token(token) is None


def test_verified_contacts_of_an_account(db):
    user = UserFactory(mobile="+8613800138000", mobile_verified=True, email="li@example.com")
    from allauth.account.models import EmailAddress  # noqa: PLC0415

    EmailAddress.objects.filter(user=user).delete()
    EmailAddress.objects.create(user=user, email="Li@Example.com", verified=True, primary=True)
    assert codes.verified_contacts(user) == {"+8613800138000", "li@example.com"}
    unverified = UserFactory(mobile="+8613800138001", mobile_verified=False)
    EmailAddress.objects.filter(user=unverified).update(verified=False)
    assert codes.verified_contacts(unverified) == set()
    assert codes.verified_contacts(None) == set()
