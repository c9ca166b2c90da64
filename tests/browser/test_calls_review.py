"""The online review in Chromium (issue 14): a reviewer opens their assignments on a phone (and
on a desktop), in Chinese and in English, scores one entry and finds the next one; declares a
conflict of interest, after which a conflicted entry's address is refused; the organiser runs
the assignment from the stage page and adjusts one entry by hand.

Each test sets up what comes before it through factories and services. Fields are selected by
name, forms by their address; the checks are on rows and on values shown, not on sentences.
"""

from dataclasses import dataclass
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from tests.calls.factories import EntryFactory, ReviewerFactory, roadshow_call
from tests.factories import PASSWORD, ProjectFactory, StaffFactory, UserFactory
from yingcai.calls.models import Assignment, Conflict, Review
from yingcai.calls.services import assignment as assignment_services
from yingcai.core.rules import STAFF_EDITOR

PHONE = {"width": 390, "height": 844}


@dataclass(frozen=True)
class Variant:
    language: str
    phone: bool


VARIANTS = [
    pytest.param(Variant("zh-hans", phone=True), id="phone-zh"),
    pytest.param(Variant("en", phone=True), id="phone-en"),
    pytest.param(Variant("zh-hans", phone=False), id="desktop-zh"),
    pytest.param(Variant("en", phone=False), id="desktop-en"),
]


@pytest.fixture(params=VARIANTS)
def variant(request) -> Variant:
    return request.param


def shown(language, project) -> str:
    """How a page in `language` names a project."""
    with translation.override(language):
        return str(project.title)


def url(language, name, **kwargs) -> str:
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


@pytest.fixture
def world(variant) -> SimpleNamespace:
    """A roadshow call (one online review stage open for scoring, two criteria), six entries,
    three reviewers (two per entry), an editor."""
    call = roadshow_call(reviewers_per_entry=2)
    stage = call.stages.get()
    titles = [
        "车规级碳化硅功率芯片",
        "工业视觉检测",
        "氢燃料电池膜电极",
        "智慧农业传感器",
        "医用机器人",
        "储能电池回收",
    ]
    entries = [
        EntryFactory(call=call, project=ProjectFactory(title=title, title_en=f"Project {i}"))
        for i, title in enumerate(titles)
    ]
    expert = UserFactory(name="王评审", email="wang.reviewer@example.cn", language=variant.language)
    reviewer = ReviewerFactory(call=call, user=expert)
    others = [ReviewerFactory(call=call) for _ in range(2)]
    editor = StaffFactory(roles=[STAFF_EDITOR], name="刘组织", email="liu.editor@example.cn")
    return SimpleNamespace(
        call=call,
        stage=stage,
        entries=entries,
        reviewer=reviewer,
        others=others,
        editor=editor,
        criteria=list(stage.criteria.order_by("position")),
    )


def logged_in(new_context, variant, user):
    phone = {"viewport": PHONE, "device_scale_factor": 3, "is_mobile": True, "has_touch": True}
    page = new_context(**(phone if variant.phone else {})).new_page()
    page.goto("/en/accounts/login/")
    page.fill("#id_login", user.email)
    page.fill("#id_password", PASSWORD)
    page.locator("main").get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out", include_hidden=True)).to_be_attached()
    return page


def visit(page, variant, address, status=200):
    response = page.goto(address)
    assert response.status == status, (address, response.status)
    fits(page, variant)


def fits(page, variant):
    if not variant.phone:
        return
    # The layout viewport (clientWidth), not window.innerWidth: see test_layout.py.
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths == [PHONE["width"], PHONE["width"]], page.url


def test_a_reviewer_scores_an_entry_and_a_conflicted_one_stays_closed(new_context, variant, world):
    w = world
    assignment_services.assign(w.editor, w.stage)
    mine = list(
        Assignment.objects.filter(reviewer=w.reviewer)
        .order_by("entry_id")
        .select_related("entry__project")
    )
    assert len(mine) == 4  # 6 entries × 2 / 3 reviewers
    page = logged_in(new_context, variant, w.reviewer.user)
    language = variant.language

    # The list of assignments: the four entries, none scored.
    visit(page, variant, url(language, "review:assignments"))
    listing = page.get_by_test_id("assignments")
    for assignment in mine:
        expect(listing).to_contain_text(shown(language, assignment.entry.project))

    # The first entry: one per page, each criterion with its range; score it.
    first = mine[0]
    page.locator(f'a[href="{url(language, "review:score", pk=first.pk)}"]').click()
    expect(page.get_by_test_id("entry-title")).to_have_text(shown(language, first.entry.project))
    fits(page, variant)
    high, low = w.criteria
    field = page.locator(f'input[name="criterion_{high.pk}"]')
    expect(field).to_have_attribute("max", "10")
    field.fill("8")
    page.locator(f'input[name="criterion_{low.pk}"]').fill("6.5")
    page.locator('textarea[name="comment"]').fill("技术路线清晰，市场验证不足。")
    with page.expect_navigation():
        page.get_by_test_id("score-form").locator("button[type=submit]").click()
    # Saved once, and the next entry to score opens.
    review = Review.objects.get(assignment=first)
    assert review.values == {str(high.pk): 8.0, str(low.pk): 6.5}
    assert review.comment == "技术路线清晰，市场验证不足。"
    expect(page.get_by_test_id("entry-title")).to_have_text(shown(language, mine[1].entry.project))
    fits(page, variant)

    # Back on the first: the scores are there to change until the scoring closes.
    visit(page, variant, url(language, "review:score", pk=first.pk))
    expect(page.locator(f'input[name="criterion_{high.pk}"]')).to_have_value("8")
    page.locator(f'input[name="criterion_{high.pk}"]').fill("9")
    with page.expect_navigation():
        page.get_by_test_id("score-form").locator("button[type=submit]").click()
    review.refresh_from_db()
    assert review.values[str(high.pk)] == 9.0 and Review.objects.count() == 1

    # A conflict of interest declared on the second entry: its page is refused, in words.
    second = mine[1]
    visit(page, variant, url(language, "review:conflicts", call_pk=w.call.pk))
    action = url(language, "review:declare", call_pk=w.call.pk, entry_pk=second.entry_id)
    form = page.locator(f'main form[action="{action}"]')
    form.locator('input[name="reason"]').fill("曾任该团队顾问")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    assert Conflict.objects.filter(reviewer=w.reviewer, entry=second.entry).exists()
    fits(page, variant)
    # The assignment went with the declaration; a conflicted one kept by another way is
    # refused with the reason.
    kept = Assignment.objects.create(
        stage=w.stage, reviewer=w.reviewer, entry=second.entry, source="hand"
    )
    visit(page, variant, url(language, "review:score", pk=kept.pk), status=403)
    expect(page.get_by_test_id("refusal")).to_be_visible()
    assert shown(language, second.entry.project) not in page.content()
    visit(page, variant, url(language, "review:assignments"))
    expect(page.get_by_test_id("assignments")).not_to_contain_text(
        shown(language, second.entry.project)
    )


def test_the_organiser_runs_the_assignment_and_adjusts_one_entry(new_context, variant, world):
    w = world
    page = logged_in(new_context, variant, w.editor)
    language = variant.language
    stage_page = url(language, "orga_review:stage", call_pk=w.call.pk, stage_pk=w.stage.pk)
    visit(page, variant, url(language, "orga_review:index", call_pk=w.call.pk))
    page.locator(f'a[href="{stage_page}"]').click()
    fits(page, variant)
    with page.expect_navigation():
        page.get_by_test_id("run-assignment").click()
    made = list(Assignment.objects.filter(stage=w.stage).values_list("reviewer_id", "entry_id"))
    assert len(made) == 12 and len(set(made)) == 12
    check = page.get_by_test_id("assignment-check")
    expect(check).to_contain_text("12")
    fits(page, variant)

    # One entry adjusted by hand: a reviewer removed, another added.
    entry = w.entries[0]
    visit(
        page,
        variant,
        url(
            language,
            "orga_review:entry",
            call_pk=w.call.pk,
            stage_pk=w.stage.pk,
            entry_pk=entry.pk,
        ),
    )
    first = Assignment.objects.filter(stage=w.stage, entry=entry).order_by("pk").first()
    remove = url(language, "orga_review:remove", call_pk=w.call.pk, pk=first.pk)
    with page.expect_navigation():
        page.locator(f'main form[action="{remove}"] button').click()
    assert not Assignment.objects.filter(pk=first.pk).exists()
    page.locator('select[name="reviewer"]').select_option(str(first.reviewer_id))
    with page.expect_navigation():
        page.locator("main form:not([action]) button[type=submit]").click()
    assert Assignment.objects.filter(
        stage=w.stage, entry=entry, reviewer_id=first.reviewer_id, source="hand"
    ).exists()
    fits(page, variant)
