"""The roadshow programme in Chromium (issue 14): an organiser creates a session of the
roadshow call and places its selected projects (the overseas one online), moves one to the
front; the public programme shows the times and where each team pitches; during the session an
investor in the audience taps a pitch on a phone and the team finds the investor in its
docking inbox.

Every variant runs at desktop or phone width, in Chinese or English. The checks are on data
(rows, times, names as the page's language shows them), never on translated sentences.
"""

import re
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import formats, timezone, translation
from playwright.sync_api import expect

from tests.factories import PASSWORD, MembershipFactory, OrganisationFactory, StaffFactory
from tests.roadshow.factories import roadshow, selected
from yingcai.core.rules import STAFF_EDITOR
from yingcai.docking.models import Interest
from yingcai.roadshow.models import Pitch, RoadshowSession, SpotInterest

PHONE = {"width": 390, "height": 844}


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


def time_shown(language, moment) -> str:
    with translation.override(language):
        return formats.time_format(timezone.localtime(moment), "TIME_FORMAT")


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


def test_the_programme_is_arranged_shown_and_marked_on_the_spot(new_context, variant):
    language = variant.language
    call, entries = roadshow(selected_count=2, slug="roadshow-2020")
    overseas = selected(
        call, origin="overseas", title="海外智能传感器", title_en="Overseas sensors"
    )
    editor = StaffFactory(roles=[STAFF_EDITOR])
    investor = OrganisationFactory(kind="investor")
    speaker = MembershipFactory(organisation=investor, role="owner").user

    # The organiser creates the session (it started five minutes ago) and places the projects.
    orga = opened(new_context, variant, editor)
    orga.goto(url(language, "orga_roadshow:call", call.pk))
    fits(orga, variant)
    orga.get_by_test_id("new-session").click()
    start = timezone.localtime(timezone.now() - timedelta(minutes=5)).replace(
        second=0, microsecond=0
    )
    orga.fill("#id_title_zh_hans", "海内外项目路演")
    orga.fill("#id_title_en", "Roadshow of projects from home and abroad")
    orga.fill("#id_starts_at", start.strftime("%Y-%m-%dT%H:%M"))
    orga.fill("#id_venue_zh_hans", "重庆国际博览中心")
    orga.fill("#id_online_url", "https://meeting.example.cn/roadshow")
    orga.locator("main form[method=post] button[type=submit]").click()
    made = RoadshowSession.objects.get()
    expect(orga).to_have_url(re.compile(rf"/orga/roadshow/sessions/{made.pk}/$"))
    for box in orga.locator("input[name=entries]").all():
        box.check()
    place = url(language, "orga_roadshow:place", made.pk)
    orga.locator(f'main form[action="{place}"] button[type=submit]').click()
    expect(orga.get_by_test_id("pitch-row")).to_have_count(3)
    fits(orga, variant)
    # The overseas team pitches online, through the session's room; move it to the front.
    moved = Pitch.objects.get(entry=overseas)
    assert moved.online and moved.online_url == "https://meeting.example.cn/roadshow"
    row = orga.get_by_test_id("pitch-row").nth(2)
    row.locator("input[name=position]").fill("1")
    row.locator(f'form[action="{url(language, "orga_roadshow:move", moved.pk)}"] button').click()
    expect(orga.get_by_test_id("pitch-row").first).to_contain_text(
        "海外智能传感器" if language == "zh-hans" else "Overseas sensors"
    )
    pitches = list(made.pitches.order_by("order"))
    assert [p.entry_id for p in pitches] == [overseas.pk, entries[0].pk, entries[1].pk]
    assert [p.starts_at - start for p in pitches] == [
        timedelta(minutes=0),
        timedelta(minutes=12),
        timedelta(minutes=24),
    ]

    # The public programme: times in the page's language, online or on site.
    public = opened(new_context, variant)
    public.goto(url(language, "roadshow:programme", call.slug))
    rows = public.get_by_test_id("pitch")
    expect(rows).to_have_count(3)
    for n, pitch in enumerate(pitches):
        expect(rows.nth(n).get_by_test_id("pitch-time")).to_contain_text(
            time_shown(language, pitch.starts_at)
        )
    expect(rows.nth(0).get_by_test_id("where")).to_have_text(
        "线上" if language == "zh-hans" else "online"
    )
    expect(rows.nth(1).get_by_test_id("where")).to_have_text(
        "现场" if language == "zh-hans" else "on site"
    )
    expect(public.get_by_test_id("mark")).to_have_count(0)
    fits(public, variant)

    # An investor in the hall taps the second pitch; a second tap is not offered.
    audience = opened(new_context, variant, speaker)
    audience.goto(url(language, "roadshow:programme", call.slug))
    expect(audience.get_by_test_id("mark")).to_have_count(3)
    second = audience.get_by_test_id("pitch").nth(1)
    second.get_by_test_id("mark").click()
    expect(second.get_by_test_id("marked")).to_be_visible()
    expect(second.get_by_test_id("mark")).to_have_count(0)
    fits(audience, variant)
    mark = SpotInterest.objects.get()
    assert (mark.pitch, mark.organisation, mark.marked_by) == (pitches[1], investor, speaker)
    interest = Interest.objects.get()
    assert (interest.project, interest.organisation) == (entries[0].project, investor)

    # The team finds the investor in its docking inbox.
    lead = entries[0].project.team.get().user
    team = opened(new_context, variant, lead)
    team.goto(url(language, "docking:interests"))
    with translation.override(language):
        name = str(investor)
    expect(team.locator("main")).to_contain_text(name)
    fits(team, variant)
