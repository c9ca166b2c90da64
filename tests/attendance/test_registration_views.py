"""The registration over HTTP: the three steps, the final POST's contract, the person's page,
bad input — in both languages."""

import re

import pytest
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone, translation

from yingcai.accounts import sms
from yingcai.attendance import ticket_pdf, tickets
from yingcai.attendance.models import Attendance, Registration
from yingcai.attendance.services import codes
from yingcai.attendance.services import registration as services

from .factories import SessionFactory

pytestmark = pytest.mark.django_db

LANGUAGES = ["zh-hans", "en"]


def url(name, language, *args):
    with translation.override(language):
        return reverse(f"attendance:{name}", args=args)


def final_post(session_modes, contact="+8613800138000", **fields):
    data = {
        "name": "王小明",
        "contact_token": codes.contact_token(contact),
        "kind": "talent",
        "privacy": "on",
    }
    data.update({f"session-{s.pk}": mode for s, mode in session_modes})
    data.update(fields)
    return data


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_three_steps(client, language):
    forum = SessionFactory(capacity=10)
    page = url("register", language)
    response = client.get(page)
    assert response.status_code == 200
    assert 'name="contact"' in response.text
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(page, {"step": "contact", "contact": "138 0013 8000"})
    assert response.status_code == 200 and 'name="code"' in response.text
    code = re.search(r"\b(\d{6})\b", sms.outbox[-1]["text"]).group(1)
    response = client.post(page, {"step": "code", "contact": "+8613800138000", "code": "99999x"})
    assert response.status_code == 400
    response = client.post(page, {"step": "code", "contact": "+8613800138000", "code": code})
    assert response.status_code == 200
    token = re.search(r'name="contact_token" value="([^"]+)"', response.text).group(1)
    assert codes.contact_from_token(token) == "+8613800138000"
    assert f'name="session-{forum.pk}"' in response.text
    response = client.post(
        page,
        {
            "name": "王小明",
            "contact_token": token,
            "kind": "media",
            "privacy": "on",
            f"session-{forum.pk}": "onsite",
        },
    )
    registration = Registration.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("me", language, registration.key)
    assert registration.language == language and registration.kind == "media"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_final_post_and_a_duplicate(client, language, settings, django_assert_max_num_queries):
    opening = SessionFactory(capacity=None, onsite=False, online=True)
    forum = SessionFactory(conference=opening.conference, capacity=10)
    page = url("register", language)
    data = final_post([(opening, "online"), (forum, "onsite")])
    with django_assert_max_num_queries(14):
        response = client.post(page, data)
    registration = Registration.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("me", language, registration.key)
    # No session was written: no session cookie.
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    again = client.post(page, data)
    assert again.status_code == 302
    assert again["Location"] == url("me", language, registration.key) + "?already=1"
    assert Registration.objects.count() == 1
    shown = client.get(again["Location"])
    assert shown.status_code == 200
    assert 'data-testid="already"' in shown.text


@pytest.mark.parametrize("language", LANGUAGES)
def test_bad_input_is_answered_in_words(client, language):
    forum = SessionFactory()
    page = url("register", language)
    cases = [
        final_post([(forum, "onsite")], name="a\x00b"),
        final_post([(forum, "onsite")], name="x" * 300),
        final_post([(forum, "onsite")], privacy=""),
        final_post([(forum, "onsite")], kind="vip"),
        final_post([(forum, "floating")]),
        final_post([], **{"session-abc": "onsite"}),
        final_post([], **{"session-999999": "onsite"}),
        final_post([]),
        final_post([(forum, "onsite")], contact_token="forged"),
        final_post([(forum, "onsite")], contact_token="x\x00"),
    ]
    for data in cases:
        response = client.post(page, data)
        assert response.status_code == 400, data
        # NUL bytes are answered by the site's middleware, the rest by the form.
        said = response.text
        assert 'role="alert"' in said or "errorlist" in said or "NUL" in said, data
    assert not Registration.objects.exists()
    for contact in ("12345", "a\x00b", "x" * 300, "a@b"):
        response = client.post(page, {"step": "contact", "contact": contact})
        assert response.status_code == 400
    response = client.post(page, {"step": "code", "contact": "\x00", "code": "1"})
    assert response.status_code == 400


def test_a_full_session_in_english_says_so(client):
    forum = SessionFactory(capacity=1)
    client.post(url("register", "en"), final_post([(forum, "onsite")]))
    response = client.post(
        url("register", "en"), final_post([(forum, "onsite")], contact="b@example.com")
    )
    page = client.get(response["Location"])
    assert "On the waiting list: number 1 in line" in page.text


def test_too_many_codes_answer_429(client):
    SessionFactory()
    page = url("register", "en")
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(page, {"step": "contact", "contact": "13800138000"})
    response = client.post(page, {"step": "contact", "contact": "13800138000"})
    assert response.status_code == 429
    assert int(response["Retry-After"]) >= 1
    assert "wait before asking again" in response.text


def test_too_many_code_tries_ask_for_a_new_one(client):
    SessionFactory()
    page = url("register", "en")
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(page, {"step": "contact", "contact": "13800138000"})
    code = re.search(r"\b(\d{6})\b", sms.outbox[-1]["text"]).group(1)
    wrong = "000000" if code != "000000" else "111111"
    for _n in range(5):
        client.post(page, {"step": "code", "contact": "13800138000", "code": wrong})
    response = client.post(page, {"step": "code", "contact": "13800138000", "code": code})
    assert response.status_code == 400
    assert "Ask for a new code" in response.text


def test_a_signed_in_person_with_a_verified_mobile_skips_the_code(client, talent):
    talent.mobile, talent.mobile_verified = "+8613800138000", True
    talent.save()
    client.force_login(talent)
    forum = SessionFactory()
    response = client.get(url("register", "en") + f"?session={forum.pk}")
    assert response.status_code == 200
    token = re.search(r'name="contact_token" value="([^"]+)"', response.text).group(1)
    assert codes.contact_from_token(token) == "+8613800138000"
    assert f'name="session-{forum.pk}" value="onsite" checked' in response.text
    response = client.post(url("register", "en"), final_post([(forum, "online")]))
    assert Registration.objects.get().user == talent
    panel = client.get(reverse("accounts:dashboard"))
    assert forum.title in panel.text


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_persons_page_tickets_cancel_and_add(client, language):
    forum = SessionFactory(capacity=5)
    other = SessionFactory(conference=forum.conference, capacity=5)
    client.post(url("register", language), final_post([(forum, "onsite")]))
    registration = Registration.objects.get()
    attendance = registration.attendances.get()
    page = client.get(url("me", language, registration.key))
    assert page.status_code == 200
    assert page["Cache-Control"] == "private, no-store"
    code = tickets.sign(attendance.ticket, forum.pk, timezone.localdate(forum.starts_at))
    assert ticket_pdf.qr_svg(code) in page.text
    assert url("ticket", language, registration.key, attendance.pk) in page.text
    response = client.post(
        url("add", language, registration.key), {f"session-{other.pk}": "onsite"}
    )
    assert response.status_code == 302
    assert registration.attendances.count() == 2
    response = client.post(url("cancel", language, registration.key, attendance.pk))
    assert response.status_code == 302
    attendance.refresh_from_db()
    assert attendance.status == Attendance.Status.CANCELLED
    # A cancelled ticket has no PDF any more.
    pdf = client.get(url("ticket", language, registration.key, attendance.pk))
    assert pdf.status_code == 404
    # Cancelled twice: said, not a 500.
    again = client.post(url("cancel", language, registration.key, attendance.pk), follow=True)
    assert again.status_code == 200
    response = client.post(url("cancel_all", language, registration.key))
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.cancelled_at is not None
    again = client.post(url("cancel_all", language, registration.key), follow=True)
    assert again.status_code == 200
    assert client.post(url("add", language, registration.key), {}).status_code == 302
    bad = client.post(url("add", language, registration.key), {"session-x1": "onsite"})
    assert bad.status_code == 302


def test_a_wrong_key_is_404_then_429(client, settings):
    settings.PUBLIC_FORM_RATE = "3/h"
    for _n in range(3):
        response = client.get(url("me", "en", "n0t-a-key"))
        assert response.status_code == 404
        assert "Registration not found" in response.text
    response = client.get(url("me", "en", "n0t-a-key"))
    assert response.status_code == 429
    assert response["Retry-After"]
    with translation.override("zh-hans"):
        other = client.get(url("me", "zh-hans", "x" * 64))
    assert other.status_code == 429


def test_another_persons_ticket_is_not_found(client):
    forum = SessionFactory(capacity=5)
    mine = services.register(
        conference=forum.conference, name="甲", contact="13800138000", kind="talent",
        language="en", choices=[(forum, "onsite")], privacy_statement=True,
    )  # fmt: skip
    theirs = services.register(
        conference=forum.conference, name="乙", contact="13800138001", kind="talent",
        language="en", choices=[(forum, "onsite")], privacy_statement=True,
    )  # fmt: skip
    attendance = theirs.attendances.get()
    assert client.get(url("ticket", "en", mine.key, attendance.pk)).status_code == 404
    assert client.post(url("cancel", "en", mine.key, attendance.pk)).status_code == 404
