"""A VIP guest in Chromium (issue 15): the protocol staff invite a guest; the guest opens the
personal link from the mail (no account), answers "on site" with a flight and an arrival time,
consents to be listed; the protocol staff see the itinerary by arrival time, and the public
guest list shows the guest's name and public title only.

Every variant runs at desktop or phone width, in Chinese or English. The checks are on data
(rows, times, names as the page's language shows them), never on translated sentences.
"""

import re
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import formats, timezone, translation
from playwright.sync_api import expect

from tests.attendance.factories import ConferenceFactory
from tests.factories import PASSWORD, StaffFactory
from tests.guests.factories import GuestFactory
from yingcai.core.rules import STAFF_PROTOCOL
from yingcai.guests.models import Guest

PHONE = {"width": 390, "height": 844}
LINK = re.compile(r"https?://[^/\s]+(/(?:zh-hans|en)/rsvp/[^/\s]+/)")


@dataclass(frozen=True)
class Variant:
    language: str
    phone: bool


VARIANTS = [
    pytest.param(Variant("zh-hans", phone=False), id="desktop-zh"),
    pytest.param(Variant("en", phone=True), id="phone-en"),
    pytest.param(Variant("zh-hans", phone=True), id="phone-zh"),
]


@pytest.fixture(params=VARIANTS)
def variant(request) -> Variant:
    return request.param


def url(language, name, *args) -> str:
    with translation.override(language):
        return reverse(name, args=args)


def opened(new_context, variant, user=None):
    phone = {"viewport": PHONE, "device_scale_factor": 3, "is_mobile": True, "has_touch": True}
    page = new_context(**(phone if variant.phone else {})).new_page()
    if user is not None:
        page.goto("/en/accounts/login/")
        page.fill("#id_login", user.email)
        page.fill("#id_password", PASSWORD)
        page.locator("main").get_by_role("button", name="Log in").click()
        expect(page.get_by_role("button", name="Log out", include_hidden=True)).to_be_attached()
    return page


def fits(page, variant):
    if not variant.phone:
        return
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths == [PHONE["width"], PHONE["width"]], page.url


def test_a_guest_answers_the_invitation_and_the_protocol_sees_the_itinerary(new_context, variant):
    language = variant.language
    conference = ConferenceFactory()
    guest = GuestFactory(
        conference=conference,
        name_zh_hans="李院士",
        name_en="Academician Li",
        public_title_zh_hans="中国科学院院士",
        public_title_en="Academician of the Chinese Academy of Sciences",
        language=language,
        email="li@example.org",
    )
    protocol = StaffFactory(roles=[STAFF_PROTOCOL])

    # The protocol staff send the invitation.
    orga = opened(new_context, variant, protocol)
    orga.goto(url(language, "orga_guests:guest", guest.pk))
    fits(orga, variant)
    mail.outbox.clear()
    orga.get_by_test_id("invite").click()
    expect(orga.locator(".flash, [role=status], .messages").first).to_be_visible()
    guest.refresh_from_db()
    assert guest.invited_at is not None
    (message,) = [m for m in mail.outbox if m.to == ["li@example.org"]]
    link = LINK.search(message.body)
    assert link, message.body
    assert link.group(1).startswith(f"/{language}/rsvp/")

    # The guest opens the link (no account), answers on site with a flight, and consents.
    visitor = opened(new_context, variant)
    visitor.goto(link.group(1))
    expect(visitor.get_by_test_id("greeting")).to_contain_text(
        "李院士" if language == "zh-hans" else "Academician Li"
    )
    fits(visitor, variant)
    arrival = timezone.localtime(conference.starts_at - timedelta(hours=18)).replace(
        second=0, microsecond=0
    )
    visitor.check("input[name=status][value=onsite]")
    visitor.select_option("#id_arrival", "flight")
    visitor.fill("#id_arrival_number", "CA1405")
    visitor.fill("#id_arrival_at", arrival.strftime("%Y-%m-%dT%H:%M"))
    visitor.fill("#id_dietary", "清真 halal")
    consent = visitor.locator("input[name=public_consent]")
    expect(consent).not_to_be_checked()
    consent.check()
    visitor.get_by_test_id("send-answer").click()
    expect(visitor.get_by_test_id("answer-recorded")).to_be_visible()
    fits(visitor, variant)
    guest.refresh_from_db()
    assert (guest.status, guest.arrival, guest.arrival_number) == ("onsite", "flight", "CA1405")
    assert guest.arrival_at == arrival
    assert guest.first_confirmed_at is not None and guest.public_consent_at is not None
    # The link opened again shows the answer; a second answer changes it, counts nothing twice.
    visitor.goto(link.group(1))
    expect(visitor.get_by_test_id("answer-recorded")).to_be_visible()
    first = guest.first_confirmed_at
    visitor.get_by_test_id("send-answer").click()
    expect(visitor.get_by_test_id("answer-recorded")).to_be_visible()
    guest.refresh_from_db()
    assert guest.first_confirmed_at == first
    assert Guest.objects.filter(first_confirmed_at__isnull=False).count() == 1

    # The protocol staff see the itinerary: who arrives when, by which flight.
    orga.goto(url(language, "orga_guests:itineraries"))
    rows = orga.get_by_test_id("itinerary-row")
    expect(rows).to_have_count(1)
    expect(rows.first.get_by_test_id("arrival-number")).to_contain_text("CA1405")
    with translation.override(language):
        shown = formats.time_format(arrival, "TIME_FORMAT")
    expect(rows.first.get_by_test_id("arrival-time")).to_have_text(shown)
    fits(orga, variant)

    # The public guest list: the name and the public title, no contact.
    public = opened(new_context, variant)
    public.goto(url(language, "guests:list"))
    expect(public.get_by_test_id("public-guest")).to_have_count(1)
    expect(public.get_by_test_id("public-guest")).to_contain_text(
        "中国科学院院士" if language == "zh-hans" else "Academician of the Chinese Academy"
    )
    expect(public.locator("main")).not_to_contain_text("li@example.org")
    fits(public, variant)
