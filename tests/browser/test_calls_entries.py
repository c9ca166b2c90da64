"""A team enters the roadshow call in Chromium (issue 14): the lead finds the call among the
published calls, enters the listed project, answers the entry form's questions, uploads the
business plan as a PDF, submits, and finds the entry in "My entries".

At desktop and phone width, in Chinese and in English. Fields are selected by name, forms by
their address, and the checks are on data (rows, values shown), never on translated
sentences."""

import re

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from tests.calls.entries_helpers import DOCUMENTS, QUESTIONS
from tests.calls.factories import TrackFactory, roadshow_call
from tests.factories import PASSWORD, ProjectFactory, UserFactory
from tests.talents.helpers import PDF
from yingcai.calls.models import Entry, EntryDocument

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
VARIANTS = [
    pytest.param(DESKTOP, "zh-hans", id="desktop-chinese"),
    pytest.param(PHONE, "zh-hans", id="phone-chinese"),
    pytest.param(DESKTOP, "en", id="desktop-english"),
    pytest.param(PHONE, "en", id="phone-english"),
]
HIGHLIGHTS = "碳化硅功率芯片已完成车规认证，良率百分之九十。"


def url(language, name, *args) -> str:
    with translation.override(language):
        return reverse(name, args=args)


def shown(language, value) -> str:
    with translation.override(language):
        return str(value)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def logged_in(new_context, user, viewport):
    options = {"viewport": viewport}
    if viewport == PHONE:
        options.update(device_scale_factor=3, is_mobile=True, has_touch=True)
    page = new_context(**options).new_page()
    page.goto("/en/accounts/login/")
    page.fill("#id_login", user.email)
    page.fill("#id_password", PASSWORD)
    page.locator("main").get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out", include_hidden=True)).to_be_attached()
    return page


def fits(page):
    if page.viewport_size != PHONE:
        return
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths == [PHONE["width"], PHONE["width"]], page.url


def visit(page, address):
    response = page.goto(address)
    assert response.status == 200, (address, response.status)
    fits(page)


def post(page, action: str, button: str = "button[type=submit]"):
    with page.expect_navigation():
        page.locator(f'main form[action="{action}"] {button}').click()
    fits(page)


@pytest.mark.parametrize(("viewport", "language"), VARIANTS)
def test_a_team_enters_the_roadshow_call(new_context, viewport, language, tmp_path):
    call = roadshow_call(
        title_zh_hans="2020海内外项目路演征集",
        title_en="Roadshow call 2020",
        questions=QUESTIONS,
        documents=DOCUMENTS,
    )
    track = TrackFactory(call=call, name_zh_hans="智能制造", name_en="Smart manufacturing")
    lead = UserFactory(name="张团队", email="zhang.team@example.cn", language=language)
    project = ProjectFactory(
        title_zh_hans="车规级碳化硅功率芯片", title_en="Automotive SiC power chips", lead=lead
    )
    plan = tmp_path / "商业计划书.pdf"
    plan.write_bytes(PDF)

    page = logged_in(new_context, lead, viewport)
    # The published calls; the roadshow call's page; "Enter a project".
    visit(page, url(language, "calls:list"))
    page.locator("main [data-testid=call] a", has_text=shown(language, call)).click()
    expect(page).to_have_url(re.compile(rf"/{language}/calls/{call.pk}/$"))
    fits(page)
    expect(page.get_by_test_id("eligibility")).to_be_visible()
    page.get_by_test_id("enter-call").click()
    expect(page).to_have_url(re.compile(rf"/{language}/me/calls/enter/{call.pk}/$"))
    fits(page)
    page.select_option("main select[name=project]", str(project.pk))
    post(page, url(language, "call_entries:enter", call.pk))
    entry = Entry.objects.get(call=call, project=project)
    expect(page).to_have_url(re.compile(rf"/{language}/me/calls/entries/{entry.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(shown(language, project))
    expect(page.get_by_test_id("submit-entry")).to_be_visible()

    # The answers.
    page.select_option("main select[name=track]", str(track.pk))
    page.fill("main [name='q_team-size']", "12")
    page.fill("main [name=q_highlights]", HIGHLIGHTS)
    page.select_option("main select[name=q_round]", "A轮")
    page.fill("main [name=q_video]", "https://example.cn/pitch.mp4")
    post(page, url(language, "call_entries:entry", entry.pk))
    expect(page.locator(".flash-success")).to_be_visible()
    entry.refresh_from_db()
    assert entry.answers == {
        "team-size": 12,
        "highlights": HIGHLIGHTS,
        "round": "A轮",
        "video": "https://example.cn/pitch.mp4",
    }
    assert entry.track == track
    expect(page.locator("main [name=q_highlights]")).to_have_value(HIGHLIGHTS)

    # The business plan, a real PDF.
    page.select_option("main select[name=key]", "plan")
    page.set_input_files("main input[name=file]", str(plan))
    post(page, url(language, "call_entries:upload", entry.pk))
    document = EntryDocument.objects.get(entry=entry)
    assert (document.key, document.original_name) == ("plan", "商业计划书.pdf")
    expect(page.get_by_test_id("document")).to_contain_text("商业计划书.pdf")
    expect(page.get_by_test_id("missing")).to_have_count(0)

    # Submitted.
    post(page, url(language, "call_entries:submit", entry.pk))
    entry.refresh_from_db()
    assert entry.status == "submitted" and entry.first_submitted_at is not None
    status = shown(language, Entry.Status.SUBMITTED.label)
    expect(page.get_by_test_id("entry-status")).to_have_text(status)
    expect(page.get_by_test_id("withdraw-entry")).to_be_visible()

    # "My entries".
    visit(page, url(language, "call_entries:mine"))
    row = page.get_by_test_id("my-entry")
    expect(row).to_have_count(1)
    expect(row).to_contain_text(shown(language, call))
    expect(row).to_contain_text(shown(language, project))
    expect(row.get_by_test_id("entry-status")).to_have_text(status)
