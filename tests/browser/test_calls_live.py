"""A semi-final panel scores live while the results screen updates (issue 14), in Chromium.

A judge of the Shanghai division scores on a phone (or a desktop) while an organiser's second
browser shows the division's results screen, which shows the new score and the trimmed mean
within 2 seconds. Then the judge's network goes away: the next score is kept in the page and
shown as waiting to send — tapped twice, it is still one — and once the network is back it
is sent by itself and saved once.

The setting comes from factories and services: an open semi-final with three entries and
three judges, two of whom have already scored the first entry. Every journey runs at desktop
width and at phone width, the judge in Chinese with the screen in English and the other way
round. Fields are found by name, entries by their data attributes, and the checks are on
data (numbers shown, rows saved), never on translated sentences.
"""

import re
import uuid
from dataclasses import dataclass
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from tests.calls.factories import EntryFactory, ReviewerFactory, contest_call
from tests.factories import PASSWORD, ProjectFactory, StaffFactory, UserFactory
from yingcai.calls.models import Assignment, Review, StageEntry
from yingcai.calls.services import live, panels
from yingcai.core.models import AuditEntry
from yingcai.core.rules import STAFF_EDITOR

PHONE = {"width": 390, "height": 844}
PROJECTOR = {"width": 1920, "height": 1080}


@dataclass(frozen=True)
class Variant:
    judge: str  # the language of the judge's pages
    screen: str  # the language of the results screen
    phone: bool


VARIANTS = [
    pytest.param(Variant("zh-hans", "en", phone=False), id="desktop"),
    pytest.param(Variant("zh-hans", "en", phone=True), id="phone"),
    pytest.param(Variant("en", "zh-hans", phone=True), id="phone-languages-swapped"),
    pytest.param(Variant("en", "zh-hans", phone=False), id="desktop-languages-swapped"),
]


@pytest.fixture(params=VARIANTS)
def variant(request) -> Variant:
    return request.param


def url(language, name, *args) -> str:
    with translation.override(language):
        return reverse(name, args=args)


@pytest.fixture
def world(variant) -> SimpleNamespace:
    """An open semi-final in Shanghai: three entries in order, three judges; the two others
    have scored the first entry 90 and 60."""
    editor = StaffFactory(roles=[STAFF_EDITOR], email="orga.live@example.cn")
    call = contest_call()
    stage = call.stages.get(slug="semi-final")
    shanghai = call.divisions.get(slug="shanghai")
    titles = [
        ("车规级碳化硅功率芯片", "Automotive SiC power chips"),
        ("山地果园采摘机器人", "Orchard picking robot"),
        ("长江鱼类声学监测", "Acoustic monitoring of Yangtze fish"),
    ]
    rows = []
    for place, (zh, en) in enumerate(titles, start=1):
        entry = EntryFactory(
            call=call, division=shanghai, project=ProjectFactory(title=zh, title_en=en)
        )
        rows.append(StageEntry.objects.create(stage=stage, entry=entry, order=place))
    judge = ReviewerFactory(
        call=call,
        user=UserFactory(name="王评委", email="judge.live@example.cn", language=variant.judge),
    )
    others = [ReviewerFactory(call=call) for _ in range(2)]
    for reviewer in [judge, *others]:
        panels.seat_judge(editor, stage, reviewer, shanghai)
    panels.open_scoring(editor, stage)
    criterion = stage.criteria.get()
    for reviewer, score in zip(others, (90, 60), strict=True):
        assignment = Assignment.objects.get(stage=stage, reviewer=reviewer, entry=rows[0].entry)
        live.submit_live_score(
            reviewer.user, assignment, {str(criterion.pk): score}, str(uuid.uuid4())
        )
    return SimpleNamespace(
        editor=editor,
        stage=stage,
        division=shanghai,
        rows=rows,
        judge=judge,
        criterion=criterion,
        mine={
            row.entry_id: Assignment.objects.get(stage=stage, reviewer=judge, entry=row.entry)
            for row in rows
        },
    )


def logged_in(new_context, user, **options):
    context = new_context(**options)
    page = context.new_page()
    page.goto("/en/accounts/login/")
    page.fill("#id_login", user.email)
    page.fill("#id_password", PASSWORD)
    page.locator("main").get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out", include_hidden=True)).to_be_attached()
    return context, page


def fits(page, variant):
    if not variant.phone:
        return
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths == [PHONE["width"], PHONE["width"]], page.url


def screen_row(screen, place):
    return screen.locator('[data-testid="screen-row"]').nth(place - 1)


def test_a_semi_final_panel_scores_live_while_the_screen_updates(new_context, variant, world):
    phone = {"viewport": PHONE, "device_scale_factor": 3, "is_mobile": True, "has_touch": True}
    judge_context, sheet = logged_in(
        new_context, world.judge.user, **(phone if variant.phone else {})
    )
    _orga_context, screen = logged_in(new_context, world.editor, viewport=PROJECTOR)

    # The projector shows the division in order: the first entry has 2 of 3 scores, their mean.
    screen.goto(url(variant.screen, "live:screen", world.stage.pk, world.division.slug))
    expect(screen.locator('[data-testid="screen-row"]')).to_have_count(3)
    expect(screen_row(screen, 1).locator(".count")).to_have_text("2 / 3")
    expect(screen_row(screen, 1).locator('[data-testid="screen-score"]')).to_have_text("75.00")
    expect(screen_row(screen, 2).locator(".count")).to_have_text("0 / 3")

    # The judge's sheet: the first entry is the current one.
    response = sheet.goto(url(variant.judge, "live:sheet", world.stage.pk))
    assert response.status == 200
    fits(sheet, variant)
    first, second, third = (world.mine[row.entry_id] for row in world.rows)
    current = sheet.locator(".live-entry.current")
    expect(current).to_have_count(1)
    expect(current).to_have_id(f"entry-{first.entry_id}")
    field = f'[name="score-{world.criterion.pk}"]'

    # One tap: saved, and the screen shows 3 of 3 and the trimmed mean (90, 60, 82 → 82)
    # within 2 seconds.
    form = sheet.locator(f'form[data-live-score="{first.pk}"]')
    form.locator(field).fill("82")
    form.get_by_role("button").click()
    item = sheet.locator(f"#entry-{first.entry_id}")
    expect(item.locator("[data-saved] [data-total]")).to_have_text("82.00")
    expect(screen_row(screen, 1).locator(".count")).to_have_text("3 / 3", timeout=2000)
    expect(screen_row(screen, 1).locator('[data-testid="screen-score"]')).to_have_text(
        "82.00", timeout=2000
    )
    assert Review.objects.get(assignment=first).total == 82.0
    # The next entry is now the current one.
    expect(sheet.locator(".live-entry.current")).to_have_id(f"entry-{second.entry_id}")

    # The network goes away: the score is kept in the page, waiting; a second tap of the
    # same score is still one.
    judge_context.set_offline(True)
    form = sheet.locator(f'form[data-live-score="{second.pk}"]')
    form.locator(field).fill("67.5")
    form.get_by_role("button").click()
    form.get_by_role("button").click()
    item = sheet.locator(f"#entry-{second.entry_id}")
    expect(item.locator("[data-pending]")).to_be_visible()
    expect(sheet.locator("[data-live-queue]")).to_be_visible()
    expect(sheet.locator("[data-live-queue]")).to_contain_text(re.compile(r"\b1\b"))
    stored = sheet.evaluate(
        f"() => JSON.parse(localStorage.getItem('yingcai-live-scores:{world.stage.pk}'))"
    )
    assert list(stored) == [str(second.pk)]
    assert [f"score-{world.criterion.pk}", "67.5"] in stored[str(second.pk)]["fields"]
    sheet.wait_for_timeout(1000)
    assert not Review.objects.filter(assignment=second).exists()
    fits(sheet, variant)

    # Back online: sent by itself, saved once; the screen shows it.
    judge_context.set_offline(False)
    expect(item.locator("[data-saved] [data-total]")).to_have_text("67.50", timeout=8000)
    expect(item.locator("[data-pending]")).to_be_hidden()
    expect(sheet.locator("[data-live-queue]")).to_be_hidden()
    assert Review.objects.filter(assignment=second).count() == 1
    assert Review.objects.get(assignment=second).total == 67.5
    scored = AuditEntry.objects.filter(
        action__startswith="calls_review.live", actor=world.judge.user
    )
    assert scored.count() == 2
    assert sheet.evaluate(
        f"() => localStorage.getItem('yingcai-live-scores:{world.stage.pk}')"
    ) in (None, "{}")
    expect(screen_row(screen, 2).locator(".count")).to_have_text("1 / 3", timeout=2000)
    expect(screen_row(screen, 2).locator('[data-testid="screen-score"]')).to_have_text(
        "67.50", timeout=2000
    )
    assert third.pk not in {r.assignment_id for r in Review.objects.all()}


@pytest.mark.parametrize(
    "variant", [pytest.param(Variant("zh-hans", "en", phone=True), id="phone")], indirect=False
)
def test_a_judge_scores_without_javascript(new_context, variant, world):
    phone = {"viewport": PHONE, "device_scale_factor": 3, "is_mobile": True, "has_touch": True}
    _context, sheet = logged_in(new_context, world.judge.user, java_script_enabled=False, **phone)
    sheet.goto(url(variant.judge, "live:sheet", world.stage.pk))
    first = world.mine[world.rows[0].entry_id]
    form = sheet.locator(f'form[data-live-score="{first.pk}"]')
    form.locator(f'[name="score-{world.criterion.pk}"]').fill("88")
    with sheet.expect_navigation():
        form.get_by_role("button").click()
    expect(sheet.locator(f"#entry-{first.entry_id} [data-saved] [data-total]")).to_have_text(
        "88.00"
    )
    fits(sheet, variant)
    assert Review.objects.get(assignment=first).total == 88.0


@pytest.mark.parametrize(
    "variant", [pytest.param(Variant("en", "zh-hans", phone=True), id="phone")], indirect=False
)
def test_a_score_refused_with_an_expired_form_is_kept_and_sent_after_a_reload(
    new_context, variant, world
):
    phone = {"viewport": PHONE, "device_scale_factor": 3, "is_mobile": True, "has_touch": True}
    context, sheet = logged_in(new_context, world.judge.user, **phone)
    sheet.goto(url(variant.judge, "live:sheet", world.stage.pk))
    first = world.mine[world.rows[0].entry_id]
    # The form's protection no longer matches (its cookie gone): the server answers a page,
    # not a word about the score.
    context.clear_cookies(name="csrftoken")
    form = sheet.locator(f'form[data-live-score="{first.pk}"]')
    form.locator(f'[name="score-{world.criterion.pk}"]').fill("71")
    form.get_by_role("button").click()
    item = sheet.locator(f"#entry-{first.entry_id}")
    expect(item.locator("[data-pending]")).to_be_visible()
    sheet.wait_for_timeout(1500)
    expect(item.locator("[data-pending]")).to_be_visible()
    assert not Review.objects.filter(assignment=first).exists()
    # A reload gives a fresh form: the waiting score is sent by itself, once.
    sheet.reload()
    expect(item.locator("[data-saved] [data-total]")).to_have_text("71.00", timeout=8000)
    expect(sheet.locator("[data-live-queue]")).to_be_hidden()
    assert Review.objects.get(assignment=first).total == 71.0


@pytest.mark.parametrize(
    "variant", [pytest.param(Variant("zh-hans", "en", phone=False), id="desktop")], indirect=False
)
def test_the_screen_keeps_its_rows_when_its_session_ends(new_context, variant, world):
    context, screen = logged_in(new_context, world.editor, viewport=PROJECTOR)
    screen.goto(url(variant.screen, "live:screen", world.stage.pk, "all"))
    expect(screen_row(screen, 1).locator('[data-testid="screen-score"]')).to_have_text("75.00")
    context.clear_cookies(name="sessionid")
    with screen.expect_response(lambda r: "/accounts/login/" in r.url, timeout=5000):
        pass
    screen.wait_for_timeout(1500)
    expect(screen.locator('[data-testid="screen-row"]')).to_have_count(3)
    expect(screen_row(screen, 1).locator('[data-testid="screen-score"]')).to_have_text("75.00")
