"""Ranking, decisions, the outbox and advancement in Chromium (issue 14): the organiser ranks
the roadshow call's scored reviews, settles the tie at the cut by hand, confirms, reads a held
mail in its team's language and releases the mails, then publishes the results; in the
Talents Cup, the organiser proposes and confirms the semi-final's advancement per division
with a wildcard, and the finalists appear in the final stage; a team reads its published
result and appeals, and the organiser upholds the appeal.

The reviews are made by factories (the scoring is another journey). Every test runs at
desktop width in Chinese, and at phone width in English and in Chinese. Forms are reached by
their test ids, options by their values, and the checks are on data (rows, counts, titles).
"""

import re
from dataclasses import dataclass

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from tests.calls.factories import contest_call, roadshow_call
from tests.calls.scored import closed, entries, reviewers, score
from tests.factories import PASSWORD, StaffFactory
from yingcai.calls.models import (
    Advancement,
    Appeal,
    Decision,
    OutboxMessage,
    Stage,
    StageEntry,
)
from yingcai.calls.services import decisions, results
from yingcai.core.rules import STAFF_EDITOR

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


def logged_in(new_context, variant, user):
    phone = {"viewport": PHONE, "device_scale_factor": 3, "is_mobile": True, "has_touch": True}
    page = new_context(**(phone if variant.phone else {})).new_page()
    page.goto("/en/accounts/login/")
    page.fill("#id_login", user.email)
    page.fill("#id_password", PASSWORD)
    page.locator("main").get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out", include_hidden=True)).to_be_attached()
    return page


def visit(page, variant, address):
    response = page.goto(address)
    assert response.status == 200, (address, response.status)
    fits(page, variant)


def fits(page, variant):
    if not variant.phone:
        return
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths == [PHONE["width"], PHONE["width"]], page.url


def click(page, test_id):
    with page.expect_navigation():
        page.get_by_test_id(test_id).click()


def title(language, entry) -> str:
    with translation.override(language):
        return str(entry.project.title)


def test_organiser_ranks_settles_the_tie_confirms_and_releases_the_mails(new_context, variant):
    language = variant.language
    editor = StaffFactory(roles=[STAFF_EDITOR], language=language)
    call = roadshow_call()
    stage = call.stages.get()
    stage.accept_count = 2
    stage.save(update_fields=["accept_count"])
    a, b, c, d, e, f = made = entries(call, 6)
    english_lead = a.project.team.get(role="lead").user
    english_lead.language = "en"
    english_lead.save(update_fields=["language"])
    # Two reviewers of different leniency who agree on the order: B and C tie at the cut.
    pool = reviewers(call, 2)
    score(stage, {x: [t] for x, t in zip(made, [90, 80, 80, 60, 50, 40], strict=True)}, pool[:1])
    score(stage, {x: [t] for x, t in zip(made, [70, 60, 60, 40, 30, 20], strict=True)}, pool[1:])
    closed(stage)
    mail.outbox.clear()

    organiser = logged_in(new_context, variant, editor)
    visit(organiser, variant, url(language, "orga_decisions:ranking", call.pk, stage.pk))
    expect(organiser.get_by_test_id("tie-banner")).to_be_visible()
    expect(organiser.locator("tr.tie-at-cut")).to_have_count(2)
    expect(organiser.get_by_test_id(f"rank-{b.pk}")).to_have_class("tie-at-cut")
    expect(organiser.get_by_test_id(f"rank-{a.pk}")).to_contain_text(title(language, a))

    # Proposed from the ranking: the tied pair must be decided by hand before confirming.
    visit(organiser, variant, url(language, "orga_decisions:stage", call.pk, stage.pk))
    click(organiser, "propose")
    expect(organiser.get_by_test_id("tie-banner")).to_be_visible()
    click(organiser, "confirm")
    expect(organiser.locator(".flash-error")).to_be_visible()
    assert Stage.objects.get(pk=stage.pk).status == "closed"
    assert not OutboxMessage.objects.exists()
    for entry, outcome in ((b, "accept"), (c, "waitlist")):
        organiser.get_by_test_id(f"outcome-{entry.pk}").select_option(outcome)
        click(organiser, f"save-{entry.pk}")
        fits(organiser, variant)
    expect(organiser.get_by_test_id("tie-banner")).to_have_count(0)
    click(organiser, "confirm")

    # Confirmed: the held mails, nothing sent.
    expect(organiser).to_have_url(re.compile(rf"/decisions/stages/{stage.pk}/outbox/$"))
    fits(organiser, variant)
    assert mail.outbox == []
    assert dict(Decision.objects.filter(stage=stage).values_list("entry", "outcome")) == {
        a.pk: "accept",
        b.pk: "accept",
        c.pk: "waitlist",
        d.pk: "reject",
        e.pk: "reject",
        f.pk: "reject",
    }
    expect(organiser.get_by_test_id("count-held")).to_contain_text("6")
    held = OutboxMessage.objects.get(entry=a)
    assert held.language == "en"
    organiser.get_by_test_id(f"mail-{a.pk}").get_by_role("link").click()
    expect(organiser.get_by_test_id("mail")).to_contain_text(held.subject)
    expect(organiser.get_by_test_id("mail").locator("pre")).to_contain_text(title("en", a))
    fits(organiser, variant)

    # One chosen mail released, then every other one; each sent once.
    visit(organiser, variant, url(language, "orga_decisions:outbox", call.pk, stage.pk))
    organiser.get_by_test_id(f"choose-{a.pk}").check()
    click(organiser, "release-chosen")
    assert [m.to for m in mail.outbox] == [held.recipients]
    assert mail.outbox[0].subject == held.subject
    click(organiser, "release-all")
    assert len(mail.outbox) == 6
    assert OutboxMessage.objects.filter(status="sent").count() == 6
    expect(organiser.get_by_test_id("count-sent")).to_contain_text("6")

    # Published with a week for appeals: the accepted entries, provisional.
    visit(organiser, variant, url(language, "orga_decisions:stage", call.pk, stage.pk))
    organiser.fill("input[name=appeal_days]", "7")
    click(organiser, "publish")
    expect(organiser.get_by_test_id("published")).to_be_visible()
    visit(organiser, variant, url(language, "call_results:stage", call.slug, stage.slug))
    expect(organiser.locator("[data-testid^=result-]")).to_have_count(2)
    expect(organiser.get_by_test_id(f"result-{b.pk}")).to_contain_text(title(language, b))
    expect(organiser.get_by_test_id("results-status")).to_have_class(re.compile("flash-warning"))


def test_the_semi_final_advances_per_division_and_the_finalists_appear_in_the_final(
    new_context, variant
):
    language = variant.language
    editor = StaffFactory(roles=[STAFF_EDITOR], language=language)
    call = contest_call()
    semi = call.stages.get(slug="semi-final")
    final = call.stages.get(slug="final")
    shanghai, chengdu = call.divisions.order_by("position")[:2]
    Advancement.objects.create(stage=semi, division=shanghai, top_n=1)
    Advancement.objects.create(stage=semi, division=chengdu, top_n=1)
    s1, s2, s3 = entries(call, 3, division=shanghai)
    c1, c2, c3 = entries(call, 3, division=chengdu)
    for entry in (s1, s2, s3, c1, c2, c3):
        semi.stage_entries.create(entry=entry)
    # A panel of three per division, trimmed means: Shanghai's runner-up stands out more.
    score(
        semi,
        {
            s1: [95, 90, 85],
            s2: [75, 70, 65],
            s3: [15, 10, 5],
            c1: [65, 60, 55],
            c2: [55, 50, 45],
            c3: [45, 40, 35],
        },
    )
    closed(semi)

    organiser = logged_in(new_context, variant, editor)
    visit(organiser, variant, url(language, "orga_decisions:ranking", call.pk, semi.pk))
    expect(organiser.locator("[data-testid^=rank-]")).to_have_count(6)
    expect(organiser.get_by_test_id("tie-banner")).to_have_count(0)

    visit(organiser, variant, url(language, "orga_decisions:stage", call.pk, semi.pk))
    click(organiser, "propose")
    expect(organiser.get_by_test_id(f"decision-{s2.pk}").locator(".badge")).to_be_visible()
    click(organiser, "confirm")
    expect(organiser).to_have_url(re.compile(rf"/decisions/stages/{semi.pk}/outbox/$"))

    finalists = {s1.pk: False, c1.pk: False, s2.pk: True}
    assert dict(StageEntry.objects.filter(stage=final).values_list("entry", "wildcard")) == (
        finalists
    )
    visit(organiser, variant, url(language, "orga_decisions:index", call.pk))
    expect(organiser.get_by_test_id("entries-final")).to_have_text("3")
    visit(organiser, variant, url(language, "orga_decisions:ranking", call.pk, final.pk))
    expect(organiser.locator("[data-testid^=unscored-]")).to_have_count(3)
    for entry in (s1, c1, s2):
        expect(organiser.get_by_test_id(f"unscored-{entry.pk}")).to_contain_text(
            title(language, entry)
        )

    # Published at once (no appeal window): final, by division, the wildcard marked.
    visit(organiser, variant, url(language, "orga_decisions:stage", call.pk, semi.pk))
    organiser.fill("input[name=appeal_days]", "0")
    click(organiser, "publish")
    visit(organiser, variant, url(language, "call_results:stage", call.slug, semi.slug))
    expect(organiser.get_by_test_id("results-group")).to_have_count(2)
    expect(organiser.get_by_test_id(f"result-{s2.pk}").locator(".badge")).to_be_visible()
    expect(organiser.get_by_test_id("results-status").locator(".badge")).to_be_visible()


def test_a_team_reads_its_result_and_appeals_and_the_organiser_answers(new_context, variant):
    language = variant.language
    editor = StaffFactory(roles=[STAFF_EDITOR], language=language)
    call = roadshow_call()
    stage = call.stages.get()
    stage.accept_count = 1
    stage.save(update_fields=["accept_count"])
    _a, _b, c = made = entries(call, 3)
    score(stage, {x: [t, t - 5] for x, t in zip(made, [90, 70, 50], strict=True)})
    closed(stage)
    decisions.propose(editor, stage)
    decisions.confirm(editor, stage)
    results.publish(editor, Stage.objects.get(pk=stage.pk), 7)
    lead = c.project.team.get(role="lead").user

    team = logged_in(new_context, variant, lead)
    visit(team, variant, url(language, "call_results:stage", call.slug, stage.slug))
    expect(team.locator("[data-testid^=result-]")).to_have_count(1)
    team.get_by_test_id("mine").get_by_role("link").click()
    expect(team).to_have_url(re.compile(rf"/entries/{c.pk}/$"))
    fits(team, variant)
    team.fill("textarea[name=text]", "第二位评审的评分与评语不符。")
    click(team, "lodge-appeal")
    expect(team.get_by_test_id("appeal")).to_contain_text("第二位评审的评分与评语不符。")
    fits(team, variant)
    appeal = Appeal.objects.get()
    assert (appeal.entry, appeal.created_by) == (c, lead)

    mail.outbox.clear()
    organiser = logged_in(new_context, variant, editor)
    visit(organiser, variant, url(language, "orga_decisions:appeals", call.pk, stage.pk))
    organiser.get_by_test_id(f"appeal-{c.pk}").locator("input[value=upheld]").check()
    organiser.get_by_test_id(f"appeal-{c.pk}").locator("textarea[name=answer]").fill("已复核。")
    click(organiser, f"answer-{c.pk}")
    fits(organiser, variant)
    appeal.refresh_from_db()
    assert appeal.status == "upheld"
    assert Decision.objects.get(stage=stage, entry=c).outcome == "accept"
    assert [m.to for m in mail.outbox] == [[lead.email]]
    visit(team, variant, url(language, "call_results:entry", call.slug, stage.slug, c.pk))
    expect(team.get_by_test_id("appeal")).to_contain_text("已复核。")
