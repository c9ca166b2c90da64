"""The public statistics page, its live fragment, and the organisers' dashboard."""

import json
import re
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse
from django.utils import formats, timezone, translation

from yingcai.core.models import DisciplineField, District
from yingcai.core.registry import figures as registry

from ..factories import PASSWORD, JobFactory, ProfileFactory


def url(name: str, language: str = "en") -> str:
    with translation.override(language):
        return reverse(name)


def chart_data(response) -> dict:
    found = re.search(
        r'<script id="stats-data" type="application/json">(.*?)</script>',
        response.content.decode(),
        re.S,
    )
    assert found, "the charts' data is missing"
    return json.loads(found.group(1))


def counted_stale() -> None:
    """Cached figures that a refresh would replace: a refused refresh leaves them."""
    stale = registry.current()
    stale["job_requirements"]["value"] = 999
    registry.cache.set(registry.CACHE_KEY, {"figures": stale, "at": timezone.now()}, 60)


def still_stale() -> bool:
    return registry.current()["job_requirements"]["value"] == 999


def headline(response) -> dict[str, int]:
    """The headline numbers shown: figure key -> value."""
    page = response.content.decode()
    return {k: int(v) for k, v in re.findall(r'data-figure="([^"]+)" data-value="(\d+)"', page)}


@pytest.fixture
def data(db):
    now = timezone.now()
    finance = DisciplineField.objects.get(slug="finance")
    jiangbei = District.objects.get(slug="jiangbei")
    for days_ago in (3, 3, 1):
        JobFactory(submitted_at=now - timedelta(days=days_ago))
    JobFactory(submitted_at=now, field=finance, district=jiangbei, degree_min="doctor")
    JobFactory(status="draft", published_at=None, submitted_at=None)  # not counted
    for origin in ("domestic", "domestic", "overseas"):
        profile = ProfileFactory(origin=origin, country="日本" if origin == "overseas" else "")
        profile.fields.add(finance)
        profile.desired_districts.add(jiangbei)
    ProfileFactory(degree="master", origin="domestic")
    return now


# --- The public page ---------------------------------------------------------------------------
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_public_page_shows_every_figure_with_its_charts(client, data, language):
    response = client.get(url("stats:figures", language))
    assert response.status_code == 200
    page = response.content.decode()
    numbers = headline(response)
    assert numbers["job_requirements"] == 4
    assert numbers["talents_registered"] == 4
    assert numbers["talents_overseas"] == 1
    # Every registered figure is there, and no other.
    assert set(numbers) == {figure.key for figure in registry.figures()}
    with translation.override(language):
        assert str(registry.get("job_requirements").label) in page
        assert str(registry.get("talents_registered").label) in page
        assert str(District.objects.get(slug="jiangbei")) in page
    charts = {c["key"]: c for c in chart_data(response)["charts"]}
    assert set(charts) == {"timeline", "fields", "districts", "degrees", "origin"}
    assert chart_data(response)["language"] == language
    assert 'src="/static/vendor/echarts/echarts.min.js"' in page
    assert 'hx-trigger="every 30s"' in page


def test_the_charts_hold_the_numbers_of_the_tables(client, data):
    response = client.get(url("stats:figures"))
    charts = {c["key"]: c for c in chart_data(response)["charts"]}

    timeline = charts["timeline"]
    assert timeline["kind"] == "line" and timeline["cumulative"]
    jobs = next(s for s in timeline["series"] if s["key"] == "job_requirements")
    assert jobs["data"][-1] == 4  # cumulative: ends at the figure
    assert jobs["data"] == sorted(jobs["data"])
    assert timeline["categories"] == sorted(timeline["categories"])

    districts = charts["districts"]
    assert districts["kind"] == "hbar" and len(districts["series"]) == 1
    assert districts["categories"][:2] == ["Yubei", "Jiangbei"]  # ranked, largest first
    assert districts["series"][0]["data"][:2] == [3, 1]

    origin = charts["origin"]
    origin = dict(zip(origin["categories"], origin["series"][0]["data"], strict=True))
    assert origin == {"domestic": 3, "overseas": 1}
    degrees = charts["degrees"]
    # Degrees in their own order, not by size.
    assert degrees["categories"] == ["master", "doctor (PhD)"]
    assert degrees["series"][0]["data"] == [1, 3]

    page = response.content.decode()
    table = page[page.index('data-table="districts"') :]
    table = table[: table.index("</details>")]
    assert re.search(r"Yubei</th><td class=\"n\">3</td>", table)
    assert re.search(r"Jiangbei</th><td class=\"n\">1</td>", table)


def test_large_numbers_are_grouped(client, data):
    figures = registry.current()
    figures["job_requirements"]["value"] = 8041
    registry.cache.set(registry.CACHE_KEY, {"figures": figures, "at": timezone.now()}, 60)
    page = client.get(url("stats:figures")).content.decode()
    assert "8,041" in page


def test_a_figure_absent_leaves_out_its_charts(client, data):
    figures = {k: v for k, v in registry.current().items() if not k.startswith("talents_")}
    registry.cache.set(registry.CACHE_KEY, {"figures": figures, "at": timezone.now()}, 60)
    response = client.get(url("stats:figures"))
    assert response.status_code == 200
    assert "talents_registered" not in headline(response)
    charts = {c["key"] for c in chart_data(response)["charts"]}
    assert charts == {"timeline", "fields", "districts"}
    assert 'data-chart="degrees"' not in response.content.decode()


def test_no_figures_at_all_still_gives_a_page(client, db):
    registry.cache.set(registry.CACHE_KEY, {"figures": {}, "at": timezone.now()}, 60)
    response = client.get(url("stats:figures"))
    assert response.status_code == 200
    assert chart_data(response)["charts"] == []


def test_the_page_is_counted_once_then_read_from_the_cache(
    client, data, django_assert_max_num_queries
):
    client.get(url("stats:figures"))  # counts and caches
    # Warm: only the names of fields and districts are read, plus the site's settings.
    with django_assert_max_num_queries(4):
        response = client.get(url("stats:figures"))
    assert headline(response)["job_requirements"] == 4


def test_the_figures_follow_a_change_within_the_interval(
    client, data, settings, django_capture_on_commit_callbacks
):
    assert headline(client.get(url("stats:figures")))["job_requirements"] == 4
    with django_capture_on_commit_callbacks(execute=True):
        JobFactory(submitted_at=timezone.now())
    # The cache is not dropped: the last figures until the interval has passed ...
    assert headline(client.get(url("stats:figures")))["job_requirements"] == 4
    settings.FIGURES_MIN_INTERVAL = 0
    # ... then the first reader counts again.
    assert headline(client.get(url("stats:figures")))["job_requirements"] == 5


def test_the_live_fragment_has_the_numbers_and_the_data_only(client, data):
    response = client.get(url("stats:live"))
    assert response.status_code == 200
    page = response.content.decode()
    assert page.lstrip().startswith("<section") and "<html" not in page
    assert headline(response)["talents_registered"] == 4
    assert {c["key"] for c in chart_data(response)["charts"]} >= {"timeline", "origin"}
    assert 'hx-get="/en/statistics/live/"' in page
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_the_page_asked_by_htmx_answers_the_fragment(client, data):
    response = client.get(url("stats:figures"), headers={"HX-Request": "true"})
    assert "<html" not in response.content.decode()
    assert "HX-Request" in response["Vary"]


@pytest.mark.parametrize(
    "query",
    ["?page=x", "?lang=xx&%ff=1", "?at=yesterday", "?" + "a=1&" * 200, "?[]=[]"],
)
def test_odd_query_strings_change_nothing(client, data, query):
    for name in ("stats:figures", "stats:live"):
        response = client.get(url(name) + query)
        assert response.status_code == 200
        assert headline(response)["job_requirements"] == 4


def test_the_public_page_only_reads(client, data):
    assert client.post(url("stats:figures")).status_code == 405
    assert client.post(url("stats:live")).status_code == 405


# --- The dashboard -----------------------------------------------------------------------------
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_dashboard_shows_every_breakdown_and_when_it_was_counted(
    client, data, staff_admin, language
):
    client.force_login(staff_admin)
    response = client.get(url("orga_stats:dashboard", language))
    assert response.status_code == 200
    page = response.content.decode()
    assert headline(response)["job_requirements"] == 4
    assert {c["key"] for c in chart_data(response)["charts"]} == {
        "timeline",
        "fields",
        "districts",
        "degrees",
        "origin",
    }
    # Every figure has its details with a table for each of its breakdowns.
    for figure in registry.figures():
        assert f'id="breakdowns-{figure.key}"' in page
    section = page[page.index('id="breakdowns-talents_registered"') :]
    section = section[: section.index("</details>")]
    assert section.count("<table") == len(registry.get("talents_registered").breakdowns)
    # Shares of the figure: 1 of 4 talents is from overseas.
    assert re.search(r'</th><td class="n">1</td><td class="n">25(\.|,)0 %</td>', section)
    # The moment in the reader's own format (2026年12月9日 09:30 in Chinese).
    with translation.override(language):
        moment = formats.date_format(timezone.localtime(registry.computed_at()), "DATETIME_FORMAT")
    assert moment in page
    assert url("orga_stats:refresh", language) in page
    assert url("stats:figures", language) in page


def test_the_dashboard_takes_a_handful_of_queries_when_warm(
    client, data, plain_staff, django_assert_max_num_queries
):
    client.force_login(plain_staff)
    client.get(url("orga_stats:dashboard"))
    # Session, user, staff roles, the site's settings, fields and districts.
    with django_assert_max_num_queries(8):
        response = client.get(url("orga_stats:dashboard"))
    assert response.status_code == 200


def test_the_dashboard_fragment(client, data, plain_staff):
    client.force_login(plain_staff)
    response = client.get(url("orga_stats:live"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "<html" not in page and 'id="breakdowns-job_requirements"' in page
    assert headline(response)["talents_overseas"] == 1


@pytest.mark.parametrize("who", ["talent", "owner", "outsider"])
def test_the_dashboard_refuses_who_is_not_organiser_staff(client, data, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(url("orga_stats:dashboard")).status_code == 403
    assert client.get(url("orga_stats:live")).status_code == 403
    counted_stale()
    assert client.post(url("orga_stats:refresh")).status_code == 403
    assert still_stale()


def sent_to_log_in(response) -> str:
    """The page a visitor sent to the log-in page comes back to."""
    assert response.status_code == 302, response.status_code
    target = urlsplit(response.url)
    assert target.path == url("account_login")
    [back] = parse_qs(target.query)["next"]
    return back


def test_the_dashboard_sends_anonymous_visitors_to_log_in_and_back(client, data):
    for name, send in (
        ("orga_stats:dashboard", client.get),
        ("orga_stats:live", client.get),
        ("orga_stats:refresh", client.post),
    ):
        counted_stale()
        assert sent_to_log_in(send(url(name))) == url(name)
        assert still_stale()


@pytest.mark.parametrize("who", [None, "talent"])
def test_a_poll_without_the_right_stops_polling(client, data, request, who):
    if who:
        client.force_login(request.getfixturevalue(who))
    response = client.get(url("orga_stats:live"), headers={"HX-Request": "true"})
    assert response.status_code == 286 and response.content == b""


def test_an_inactive_staff_member_is_a_visitor_again(client, data, staff_admin):
    client.force_login(staff_admin)
    staff_admin.is_active = False
    staff_admin.save()
    # The session no longer finds its user: Django treats the request as anonymous.
    response = client.get(url("orga_stats:dashboard"))
    assert sent_to_log_in(response) == url("orga_stats:dashboard")


@pytest.mark.parametrize(
    ("who", "drafts_the_press_report"),
    [
        ("plain_staff", False),
        ("editor", True),
        ("moderator", False),
        ("verifier", False),
        ("staff_admin", True),
    ],
)
def test_every_organiser_staff_member_sees_the_dashboard_with_the_figures(
    client, data, request, who, drafts_the_press_report
):
    client.force_login(request.getfixturevalue(who))
    response = client.get(url("orga_stats:dashboard"))
    assert response.status_code == 200
    numbers = headline(response)
    assert numbers["job_requirements"] == 4  # the draft is not counted
    assert numbers["talents_registered"] == 4
    assert numbers["talents_overseas"] == 1
    page = response.content.decode()
    assert 'id="breakdowns-talents_overseas"' in page
    # Every staff member downloads the figures and follows their own exports; only
    # editors (and administrators) draft the press report.
    assert f'href="{url("stats_exports:index")}"' in page
    assert f'href="{url("stats_exports:mine")}"' in page
    assert (f'href="{url("press_report:list")}"' in page) is drafts_the_press_report
    fragment = client.get(url("orga_stats:live"))
    assert fragment.status_code == 200 and headline(fragment) == numbers


def test_refresh_now_counts_again(client, data, staff_admin):
    client.force_login(staff_admin)
    client.get(url("orga_stats:dashboard"))
    counted_stale()
    assert headline(client.get(url("orga_stats:dashboard")))["job_requirements"] == 999
    response = client.post(url("orga_stats:refresh"), follow=True)
    assert response.redirect_chain[-1][0] == url("orga_stats:dashboard")
    assert headline(response)["job_requirements"] == 4
    assert "counted again" in response.content.decode()


def test_refresh_is_a_post_with_its_csrf_token(data, staff_admin):
    client = Client(enforce_csrf_checks=True)
    assert client.login(email=staff_admin.email, password=PASSWORD)
    assert client.get(url("orga_stats:refresh")).status_code == 405
    assert client.post(url("orga_stats:refresh")).status_code == 403
    page = client.get(url("orga_stats:dashboard")).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = client.post(url("orga_stats:refresh"), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302


@pytest.mark.parametrize("query", ["?page=-1", "?%ff=%fe", "?refresh=1&refresh=2"])
def test_the_dashboard_ignores_odd_query_strings(client, data, staff_admin, query):
    client.force_login(staff_admin)
    response = client.get(url("orga_stats:dashboard") + query)
    assert response.status_code == 200
    assert headline(response)["job_requirements"] == 4


def test_the_links_to_the_pages(client, data, staff_admin):
    page = client.get(url("portal:home")).content.decode()
    assert f'href="{url("stats:figures")}"' in page
    client.force_login(staff_admin)
    page = client.get(url("orga:home")).content.decode()
    assert f'href="{url("orga_stats:dashboard")}"' in page


def test_echarts_is_served_from_npm_beside_htmx_and_pico():
    # settings.STATICFILES_DIRS must list ("vendor/echarts", NODE_MODULES / "echarts" / "dist"):
    # with the manifest storage of production, a missing file is an error on both pages.
    assert finders.find("vendor/echarts/echarts.min.js"), "ECharts is not in STATICFILES_DIRS"
