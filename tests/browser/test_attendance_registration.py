"""Registering for the conference in Chromium (issue 15): a visitor opens the agenda, checks
their mobile number with the SMS code and registers for the opening online and a forum on
site, and sees the e-ticket with its QR code; the forum is then full, so the next registrant
waits in line; the first cancels the forum and the one waiting finds a ticket on their page.

Every variant runs at desktop or phone width, in Chinese or English. The checks are on data
(statuses, test ids, the ticket), never on translated sentences.
"""

import re
from dataclasses import dataclass

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from tests.attendance.factories import SessionFactory
from yingcai.accounts import sms
from yingcai.attendance.models import Attendance, Registration, Session

PHONE = {"width": 390, "height": 844}


@dataclass(frozen=True)
class Variant:
    language: str
    phone: bool


VARIANTS = [
    pytest.param(Variant("zh-hans", phone=False), id="desktop-zh"),
    pytest.param(Variant("en", phone=True), id="phone-en"),
    pytest.param(Variant("zh-hans", phone=True), id="phone-zh"),
    pytest.param(Variant("en", phone=False), id="desktop-en"),
]


@pytest.fixture(params=VARIANTS)
def variant(request) -> Variant:
    return request.param


def url(language, name, *args) -> str:
    with translation.override(language):
        return reverse(name, args=args)


def opened(new_context, variant):
    phone = {"viewport": PHONE, "device_scale_factor": 3, "is_mobile": True, "has_touch": True}
    return new_context(**(phone if variant.phone else {})).new_page()


def fits(page, variant):
    if not variant.phone:
        return
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths == [PHONE["width"], PHONE["width"]], page.url


def register(page, variant, mobile, name, choices):
    """The three steps: the mobile number, the SMS code, the form."""
    page.goto(url(variant.language, "attendance:register"))
    fits(page, variant)
    page.fill("#id_contact", mobile)
    page.locator("[data-testid=contact-form] button[type=submit]").click()
    expect(page.locator("#id_code")).to_be_visible()
    message = next(m for m in reversed(sms.outbox) if m["to"].endswith(mobile[-8:]))
    code = re.search(r"\b(\d{6})\b", message["text"]).group(1)
    page.fill("#id_code", code)
    page.locator("[data-testid=code-form] button[type=submit]").click()
    expect(page.locator("#id_name")).to_be_visible()
    fits(page, variant)
    page.fill("#id_name", name)
    page.locator("input[name=kind][value=talent]").check()
    for session, mode in choices:
        page.locator(f"input[name=session-{session.pk}][value={mode}]").check()
    page.locator("#id_privacy").check()
    page.locator("[data-testid=registration-form] button[type=submit]").click()
    expect(page.locator("[data-testid^=attendance-]").first).to_be_visible()
    fits(page, variant)


def test_register_get_a_ticket_wait_and_be_promoted(new_context, variant):
    opening = SessionFactory(
        kind=Session.Kind.OPENING,
        capacity=None,
        onsite=False,
        online=True,
        stream_url="https://live.example.cn/opening/index.m3u8",
    )
    forum = SessionFactory(conference=opening.conference, capacity=1)

    # The agenda lists both; the opening's page plays its stream through hls.js.
    page = opened(new_context, variant)
    page.goto(url(variant.language, "attendance:agenda"))
    expect(page.locator("[data-testid=session]")).to_have_count(2)
    fits(page, variant)
    page.goto(url(variant.language, "attendance:session", opening.pk))
    expect(page.locator("video[data-hls-src]")).to_have_attribute("data-player", "hls.js")

    register(page, variant, "13800138000", "王小明", [(opening, "online"), (forum, "onsite")])
    first = Registration.objects.get(mobile="+8613800138000")
    assert first.language == variant.language
    expect(page.locator(f"[data-testid=attendance-{opening.pk}]")).to_have_class(
        re.compile("attendance-confirmed")
    )
    ticket = page.locator(f"[data-testid=attendance-{forum.pk}] [data-testid=ticket]")
    expect(ticket.locator("svg")).to_be_visible()
    assert ticket.locator("svg").bounding_box()["width"] >= 150
    expect(ticket.locator("[data-testid=ticket-pdf]")).to_be_visible()
    forum_ticket = Attendance.objects.get(registration=first, session=forum)
    assert forum_ticket.status == "confirmed" and forum_ticket.ticket

    # The forum is full: the next registrant waits, first in line.
    other = opened(new_context, variant)
    register(other, variant, "13900139000", "李华", [(forum, "onsite")])
    waiting = other.locator(f"[data-testid=attendance-{forum.pk}]")
    expect(waiting).to_have_class(re.compile("attendance-waiting"))
    expect(waiting.locator("[data-testid=ticket]")).to_have_count(0)
    expect(waiting.locator("[data-testid=status]")).to_contain_text("1")

    # The first cancels the forum: the seat goes to the one waiting, with a ticket.
    page.locator(f"[data-testid=attendance-{forum.pk}] [data-testid=cancel]").click()
    expect(page.locator(f"[data-testid=attendance-{forum.pk}]")).to_have_class(
        re.compile("attendance-cancelled")
    )
    other.reload()
    expect(waiting).to_have_class(re.compile("attendance-confirmed"))
    expect(waiting.locator("[data-testid=ticket] svg")).to_be_visible()
    forum.refresh_from_db()
    assert forum.taken == 1
    # The promoted person was told by SMS, with the address of their page.
    second = Registration.objects.get(mobile="+8613900139000")
    assert any(second.key in m["text"] for m in sms.outbox if m["to"] == "+8613900139000")
