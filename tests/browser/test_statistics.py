"""The statistics in Chromium: the public page and the organisers' dashboard draw their charts
(Apache ECharts, served from npm's copy), update themselves from the HTMX poll, and show the
same numbers in tables when scripts are off. A screenshot of each page is kept in
test-results/screenshots/ (statistics_public.png, statistics_dashboard.png).
"""

import json
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from tests.factories import PASSWORD, JobFactory, ProfileFactory, StaffFactory
from yingcai.core.models import DisciplineField, District
from yingcai.core.rules import STAFF_ADMIN

from .conftest import SCREENSHOTS

CHARTS = ("timeline", "fields", "districts", "degrees", "origin")
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
ECHARTS = "vendor/echarts/echarts.min.js"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _echarts_served():
    """ECharts comes from npm's copy, as htmx and Pico do (settings.STATICFILES_DIRS)."""
    assert finders.find(ECHARTS), "npm ci has not installed echarts"


@pytest.fixture
def figures():
    """A little of everything: jobs and talents over several days, fields and districts."""
    now = timezone.now()
    fields = list(DisciplineField.objects.order_by("pk")[:5])
    districts = list(District.objects.order_by("pk")[:6])
    for i in range(18):
        JobFactory(
            submitted_at=now - timedelta(days=i % 6),
            field=fields[i % len(fields)],
            district=districts[(i * i) % len(districts)],
            degree_min=("bachelor", "master", "doctor")[i % 3],
        )
    for i in range(12):
        profile = ProfileFactory(
            degree=("doctor", "master", "master", "bachelor")[i % 4],
            origin="overseas" if i % 4 == 0 else "domestic",
            country="德国" if i % 4 == 0 else "",
        )
        profile.created_at = now - timedelta(days=i % 5)
        profile.save(update_fields=["created_at"])
        profile.fields.add(fields[i % len(fields)])
        profile.desired_districts.add(districts[i % len(districts)])
    return {"jobs": 18, "talents": 12, "overseas": 3}


def watch_errors(page) -> list[str]:
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def expect_charts_drawn(page):
    for key in CHARTS:
        container = page.locator(f'[data-chart="{key}"]')
        expect(container).to_be_visible()
        expect(container.locator("svg, canvas").first).to_be_attached()
        expect(container).to_have_attribute("data-drawn", "1")  # its animation is over
        # The table is folded away once its chart is drawn, still one click away.
        expect(page.locator(f'details[data-table="{key}"]')).not_to_have_attribute("open", "")


def figure(page, key: str):
    return page.locator(f'[data-figure="{key}"] strong')


def screenshot(page, name: str):
    target = ROOT / SCREENSHOTS / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.unlink(missing_ok=True)
    page.screenshot(path=str(target), full_page=True)
    assert target.exists() and target.stat().st_size > 0


def log_in(page, user):
    page.goto("/en/accounts/login/")
    page.fill("#id_login", user.email)
    page.fill("#id_password", PASSWORD)
    page.locator("main").get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def test_the_public_page_draws_its_charts_and_updates_itself(new_context, figures, settings):
    # The page's clock is faked, the server's is not: count again at the first poll.
    settings.FIGURES_MIN_INTERVAL = 0
    page = new_context(viewport=DESKTOP).new_page()
    errors = watch_errors(page)
    page.clock.install()
    page.goto("/zh-hans/statistics/")
    expect(figure(page, "job_requirements")).to_have_text("18")
    expect(figure(page, "talents_registered")).to_have_text("12")
    expect(figure(page, "talents_overseas")).to_have_text("3")
    expect_charts_drawn(page)
    # The pie of origins names its slices in Chinese.
    expect(page.locator('[data-chart="origin"] svg')).to_contain_text("海外")
    screenshot(page, "statistics_public.png")
    # Every headline number is the one `yingcai stats --json` prints.
    out = StringIO()
    call_command("stats", "--json", stdout=out)
    for key, counted in json.loads(out.getvalue()).items():
        expect(page.locator(f'[data-figure="{key}"]')).to_have_attribute(
            "data-value", str(counted["value"])
        )

    # A new registration shows at the next poll, without a reload; the charts are redrawn.
    JobFactory(submitted_at=timezone.now())
    page.clock.run_for("00:31")
    expect(figure(page, "job_requirements")).to_have_text("19")
    expect_charts_drawn(page)
    assert errors == []


def test_the_public_page_fits_a_phone(new_context, figures):
    page = new_context(viewport=PHONE).new_page()
    page.goto("/en/statistics/")
    expect_charts_drawn(page)
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths == [PHONE["width"], PHONE["width"]]


def test_the_dashboard_draws_its_charts_and_refreshes(new_context, figures):
    staff = StaffFactory(roles=[STAFF_ADMIN], email="orga@example.com")
    page = new_context(viewport=DESKTOP).new_page()
    errors = watch_errors(page)
    log_in(page, staff)
    page.goto("/en/orga/statistics/")
    expect(page.get_by_role("heading", name="Statistics", exact=True)).to_be_visible()
    expect(figure(page, "job_requirements")).to_have_text("18")
    expect(page.get_by_text("Figures counted at")).to_be_visible()
    expect_charts_drawn(page)
    page.locator("#breakdowns-talents_registered summary").click()
    expect(page.locator("#breakdowns-talents_registered table").first).to_be_visible()
    screenshot(page, "statistics_dashboard.png")

    page.get_by_role("button", name="Refresh now").click()
    expect(page.get_by_text("The figures were counted again just now.")).to_be_visible()
    expect_charts_drawn(page)
    assert errors == []


def test_without_scripts_the_tables_show_the_numbers(new_context, figures):
    page = new_context(java_script_enabled=False).new_page()
    page.goto("/en/statistics/")
    expect(figure(page, "job_requirements")).to_have_text("18")
    for key in CHARTS:
        expect(page.locator(f'[data-chart="{key}"]')).to_be_hidden()
        expect(page.locator(f'details[data-table="{key}"] table')).to_be_visible()
    origin = page.locator('details[data-table="origin"] table')
    expect(origin.get_by_role("row", name="overseas 3", exact=True)).to_be_visible()
    expect(origin.get_by_role("row", name="domestic 9", exact=True)).to_be_visible()
    timeline = page.locator('details[data-table="timeline"] tbody tr')
    expect(timeline.last).to_contain_text("18")  # cumulative: the last day holds all
