"""An organiser sets a call's stages and a stage's rubric (issue 14), in Chromium.

From the call's page the organiser opens "Stages and rubrics", adds an online review ranked
per division, gives it a rubric of two weighted criteria and the places of each division,
at desktop width in English and at phone width in Chinese. Fields are found by name and the
checks are on data (rows saved, links), never on translated sentences.
"""

from dataclasses import dataclass

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from tests.calls.factories import CallFactory, DivisionFactory
from tests.factories import PASSWORD, StaffFactory
from yingcai.calls.models import Advancement, Stage
from yingcai.core.rules import STAFF_EDITOR

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


@dataclass(frozen=True)
class Variant:
    language: str
    phone: bool


@pytest.fixture(
    params=[
        pytest.param(Variant("en", phone=False), id="desktop-en"),
        pytest.param(Variant("zh-hans", phone=True), id="phone-zh"),
    ]
)
def variant(request) -> Variant:
    return request.param


def url(language, name, *args) -> str:
    with translation.override(language):
        return reverse(name, args=args)


def fits(page, variant):
    if variant.phone:
        widths = page.evaluate(
            "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert widths[0] <= widths[1], page.url


def test_an_organiser_sets_a_stage_and_its_rubric(new_context, variant):
    editor = StaffFactory(roles=[STAFF_EDITOR], email="orga.stages@example.cn")
    call = CallFactory(kind="contest")
    north = DivisionFactory(call=call, position=1)
    south = DivisionFactory(call=call, position=2)
    context = new_context(**(PHONE if variant.phone else {}))
    page = context.new_page()
    page.goto("/en/accounts/login/")
    page.fill("#id_login", editor.email)
    page.fill("#id_password", PASSWORD)
    page.locator("main").get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out", include_hidden=True)).to_be_attached()

    page.goto(url(variant.language, "orga_calls:call", call.pk))
    page.locator('[data-testid="stages-link"]').click()
    expect(page).to_have_url(url(variant.language, "orga_stages:stages", call.pk))
    fits(page, variant)
    page.locator('[data-testid="add-stage"]').click()
    fits(page, variant)
    page.fill('[name="name_zh_hans"]', "初赛")
    page.fill('[name="name_en"]', "Preliminary round")
    page.fill('[name="slug"]', "preliminary")
    page.select_option('[name="kind"]', "review")
    page.check('[name="per_division"]')
    page.locator("main form button[type=submit]").click()
    expect(page.locator('[data-testid="stage"]')).to_have_count(1)
    stage = Stage.objects.get(call=call)
    assert (stage.method, stage.per_division, stage.position) == ("zscore", True, 1)

    page.locator('[data-testid="rubric-link"]').click()
    fits(page, variant)
    for index, (name, weight) in enumerate((("创新性", "2"), ("市场前景", "1"))):
        page.fill(f'[name="criteria-{index}-name_zh_hans"]', name)
        page.fill(f'[name="criteria-{index}-weight"]', weight)
        page.fill(f'[name="criteria-{index}-position"]', str(index + 1))
    page.locator("main form button[type=submit]").click()
    expect(page.locator('[data-testid="stage"]')).to_have_count(1)
    assert list(stage.criteria.values_list("name_zh_hans", flat=True)) == ["创新性", "市场前景"]

    page.locator('[data-testid="advancement-link"]').click()
    page.fill(f'[name="division_{north.pk}"]', "8")
    page.fill(f'[name="division_{south.pk}"]', "6")
    page.fill('[name="wildcards"]', "2")
    page.locator("main form button[type=submit]").click()
    expect(page.locator('[data-testid="stage"]')).to_have_count(1)
    fits(page, variant)
    assert dict(Advancement.objects.values_list("division_id", "top_n")) == {
        north.pk: 8,
        south.pk: 6,
    }
