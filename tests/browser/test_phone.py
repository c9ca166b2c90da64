"""Every journey at phone widths (360, 390 and 414 px) and at a desktop width, in both languages.

Each test signs one kind of person in (a visitor, a talent, an employer, a public institution's
recruiter, an organiser) and opens the pages of their journeys in four browser contexts, one per
width, reused from page to page. On every page it checks what a phone user meets first:

- nothing is wider than the screen (no sideways scrolling),
- the menu is folded behind one button on a phone and spread out on a desktop,
- list tables become cards on a phone, every cell labelled with its column,
- the job filters are folded on a phone, so that the first screen shows results,
- tab rows (pipeline steps) scroll inside themselves instead of widening the page,
- the statistics charts' labels do not overlap.

A screenshot of the main pages at 390 px, in English, goes to test-results/screenshots/phone/.
"""

from datetime import timedelta
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from tests.factories import (
    JobFactory,
    MembershipFactory,
    MessageFactory,
    NewsItemFactory,
    OrganisationFactory,
    ProfileFactory,
    ReportFactory,
    StaffFactory,
    UserFactory,
)
from tests.institutions.factories import PostFactory, RoundFactory, applicant, apply_to, institution
from tests.talents.helpers import PDF
from yingcai.core.models import DisciplineField, District
from yingcai.core.rules import STAFF_ROLES
from yingcai.institutions import services as recruitment
from yingcai.institutions.models import Certificate
from yingcai.jobs import search
from yingcai.jobs import services as jobs
from yingcai.jobs.models import Stage
from yingcai.talents import services as talents

from .conftest import SCREENSHOTS

PHONES = (360, 390, 414)
DESKTOP = 1280
LANGUAGES = ("zh-hans", "en")
SHOTS = SCREENSHOTS / "phone"

# What the page looks like, measured in the browser in one round trip.
MEASURE = """() => {
  const doc = document.documentElement;
  const width = doc.clientWidth;
  const visible = (el) => {
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && el.checkVisibility({visibilityProperty: true});
  };
  // Elements sticking out of the screen although nothing lets them scroll there.
  const outside = [];
  if (doc.scrollWidth > width) for (const el of document.body.querySelectorAll("*")) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.right <= width + 1 || box.left >= width) continue;
    let clipped = false;
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
      const overflow = getComputedStyle(up).overflowX;
      if (overflow !== "visible") { clipped = true; break; }
    }
    const name = typeof el.className === "string" && el.className
      ? "." + el.className.split(" ").join(".") : "";
    if (!clipped) outside.push(el.tagName.toLowerCase() + name + " " + Math.round(box.right));
  }
  const menu = document.querySelector("details.site-menu");
  const menuLinks = menu ? [...menu.querySelectorAll(".site-nav a, .site-nav button")] : [];
  const tables = [...document.querySelectorAll("main table")].map((table) => {
    const row = table.querySelector("tbody tr");
    const cells = row ? [...row.querySelectorAll("td")] : [];
    return {
      cards: table.classList.contains("cards-on-phone"),
      numbers: table.classList.contains("numbers"),
      scrolls: [table, table.parentElement].some((el) => getComputedStyle(el).overflowX === "auto"),
      headerShown: table.tHead ? visible(table.tHead) : false,
      rowDisplay: row ? getComputedStyle(row).display : null,
      unlabelled: cells.filter((td) => !td.hasAttribute("data-label") && td.colSpan < 2).length,
      columns: table.tHead ? table.tHead.querySelectorAll("th").length : 0,
    };
  });
  const filters = document.querySelector("details.filters-panel");
  const firstResult = document.querySelector(
    "#job-results article, #talent-results article, #directory-results article");
  const tabs = [...document.querySelectorAll("nav.tabs ul")].map((ul) => ({
    scroll: getComputedStyle(ul).overflowX, wraps: getComputedStyle(ul).flexWrap,
  }));
  return {
    scrollWidth: doc.scrollWidth, width, height: window.innerHeight,
    outside: outside.slice(0, 5),
    menu: menu ? {
      open: menu.open, linksShown: menuLinks.filter(visible).length, links: menuLinks.length,
      summaryShown: visible(menu.querySelector("summary")),
    } : null,
    tables, tabs,
    filters: filters ? {open: filters.open} : null,
    firstResultTop: firstResult ? firstResult.getBoundingClientRect().top : null,
  };
}"""

# For each chart: the boxes of its text labels that overlap another of its labels.
OVERLAPS = """() => [...document.querySelectorAll("[data-chart]")].map((chart) => {
  const boxes = [...chart.querySelectorAll("svg text")]
    .map((t) => ({text: t.textContent, box: t.getBoundingClientRect()}))
    .filter((t) => t.text.trim() && t.box.width > 0);
  const clashes = [];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i].box, b = boxes[j].box;
      const x = Math.min(a.right, b.right) - Math.max(a.left, b.left);
      const y = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
      if (x > 2 && y > 2) clashes.push(boxes[i].text + " / " + boxes[j].text);
    }
  }
  return {key: chart.dataset.chart, layout: chart.dataset.layout || null, labels: boxes.length,
          clashes: clashes.slice(0, 3)};
})"""


# Every chart drawn for the page's present width, at that width.
CHARTS_FOLLOW = """() => [...document.querySelectorAll("[data-chart]")].every((c) => {
  const svg = c.querySelector("svg");
  return svg && (c.dataset.layout === "narrow") === (c.clientWidth < 560)
    && Math.abs(svg.getBoundingClientRect().width - c.clientWidth) < 2;
})"""


def url(name, language, *args, query=""):
    with translation.override(language):
        return reverse(name, args=args) + query


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


class Screens:
    """One browser context per width (phones emulated as phones), reused across pages."""

    def __init__(self, new_context, live_server, user=None):
        cookies = []
        if user is not None:
            client = Client()
            client.force_login(user)
            session = client.cookies["sessionid"].value
            cookies = [{"name": "sessionid", "value": session, "url": live_server.url}]
        # One phone (turned from 360 to 390 and 414 px wide without reloading) and one desktop.
        self.pages = {}
        for phone in (True, False):
            context = new_context(
                viewport={
                    "width": PHONES[0] if phone else DESKTOP,
                    "height": 800 if phone else 900,
                },
                is_mobile=phone,
                has_touch=phone,
                device_scale_factor=1,
            )
            if cookies:
                context.add_cookies(cookies)
            page = context.new_page()
            page.errors = []
            page.on("pageerror", lambda error, page=page: page.errors.append(str(error)))
            self.pages[phone] = page
        self.problems = []

    def widths(self):
        """Each width in turn, with the page that shows it."""
        for phone, page in self.pages.items():
            for width in PHONES if phone else (DESKTOP,):
                yield width, page

    def check(self, path, *, charts=False, filters=False, results=None, tabs=False, shot=None):
        """Open `path` at every width and note what is wrong."""
        for width, page in self.widths():
            phone = width != DESKTOP
            where = f"{path} at {width}px"
            if width in (PHONES[0], DESKTOP):
                if width == PHONES[0]:
                    page.set_viewport_size({"width": width, "height": 800})
                response = page.goto(path)
                if response is None or response.status != 200:
                    self.problems.append(f"{where}: status {response and response.status}")
                    break
            else:
                page.set_viewport_size({"width": width, "height": 800})
            if charts:
                page.wait_for_selector("[data-chart][data-drawn='1']", timeout=10_000)
                # The charts follow the new width after a short pause (site's resize handler).
                page.wait_for_function(CHARTS_FOLLOW, timeout=5_000)
            m = page.evaluate(MEASURE)
            self.note(where, m, phone, filters=filters, results=results, tabs=tabs)
            if charts:
                for chart in page.evaluate(OVERLAPS):
                    if chart["clashes"]:
                        self.problems.append(f"{where}: chart {chart['key']} {chart['clashes']}")
                    if phone and chart["layout"] != "narrow":
                        self.problems.append(f"{where}: chart {chart['key']} not laid out narrow")
            if page.errors:
                self.problems.append(f"{where}: script errors {page.errors}")
                page.errors.clear()
            # English only: this machine's Chromium may lack Chinese fonts (boxes instead).
            if width == 390 and shot and shot.endswith("-en"):
                SHOTS.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(SHOTS / f"{shot}.png"), full_page=True)

    def note(self, where, m, phone, *, filters, results, tabs):
        add = self.problems.append
        if m["scrollWidth"] > m["width"]:
            add(f"{where}: {m['scrollWidth']}px wide, {m['outside']}")
        menu = m["menu"]
        if menu is None:
            add(f"{where}: no menu")
        elif phone and (menu["open"] or menu["linksShown"] or not menu["summaryShown"]):
            add(f"{where}: the menu is not folded on a phone: {menu}")
        elif not phone and (menu["linksShown"] != menu["links"] or menu["summaryShown"]):
            add(f"{where}: the menu is folded on a desktop: {menu}")
        for table in m["tables"]:
            if table["numbers"]:
                # Tables of numbers (a chart's figures) stay tables, scrolling in their box.
                if not table["scrolls"]:
                    add(f"{where}: a table of numbers that does not scroll in its box")
                continue
            if table["columns"] < 3:
                continue  # two columns (a name and a number) fit a phone as they are
            if not table["cards"]:
                add(f"{where}: a table of {table['columns']} columns without cards on phones")
            elif phone and (table["headerShown"] or table["rowDisplay"] in ("table-row", None)):
                if table["rowDisplay"] is not None:
                    add(f"{where}: the table stays a table on a phone: {table}")
            elif phone and table["unlabelled"]:
                add(f"{where}: {table['unlabelled']} card fields without a label")
            elif not phone and table["rowDisplay"] not in ("table-row", None):
                add(f"{where}: the table is cards on a desktop: {table}")
        if filters:
            if m["filters"] is None:
                add(f"{where}: no folded filters")
            elif m["filters"]["open"] == phone:
                add(f"{where}: filters open={m['filters']['open']}")
        # A search page (results=True unless told otherwise) shows a result on the first screen.
        if (filters if results is None else results) and (
            m["firstResultTop"] is None or m["firstResultTop"] > m["height"] - 40
        ):
            add(f"{where}: the first result is not on the first screen ({m['firstResultTop']})")
        scrolling = all(t["scroll"] in ("auto", "scroll") for t in m["tabs"])
        if tabs and phone and not (m["tabs"] and scrolling):
            add(f"{where}: tabs that do not scroll: {m['tabs']}")

    def menu_opens(self, language):
        """On a phone, the menu button unfolds the menu (without any script of ours)."""
        page = self.pages[True]
        page.set_viewport_size({"width": 390, "height": 800})
        page.goto(url("portal:home", language))
        menu = page.locator("details.site-menu")
        if menu.locator("summary").count() != 1:
            self.problems.append(f"{language}: no menu button on a phone")
            return
        menu.locator("summary").click()
        link = menu.locator(".site-nav a").first
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"menu-open-{language}.png"))
        if not link.is_visible():
            self.problems.append(f"{language}: the menu does not open on a phone")
        box = link.bounding_box()
        if box and box["x"] + box["width"] > 390:
            self.problems.append(f"{language}: the open menu is wider than the phone")

    def assert_good(self):
        assert self.problems == [], "\n".join(self.problems)


def indexed_job(**fields):
    job = JobFactory(**fields)
    job.search_document = search.document_for(job)
    job.save(update_fields=["search_document"])
    return job


@pytest.fixture
def employer():
    """An organisation with jobs, and applicants spread over its pipeline steps."""
    organisation = OrganisationFactory(
        name_zh_hans="重庆芯测微电子有限公司", name_en="Chongqing Xince Microelectronics Co."
    )
    owner = MembershipFactory(organisation=organisation, role="owner", user__language="en").user
    MembershipFactory(organisation=organisation, role="recruiter")
    job = indexed_job(
        organisation=organisation,
        created_by=owner,
        title="集成电路芯片设计工程师（数字前端方向，需熟悉Verilog与SystemVerilog验证方法学）",
    )
    for n in range(8):
        indexed_job(organisation=organisation, created_by=owner, title=f"软件开发工程师 {n}")
    applications = []
    for n in range(6):
        talent = UserFactory(name=f"申请人{n}号")
        ProfileFactory(user=talent, university="重庆大学", skills="芯片设计, Verilog")
        talents.upload_cv(talent, SimpleUploadedFile("简历.pdf", PDF, "application/pdf"))
        jobs.give_consent(talent, organisation)
        applications.append(jobs.apply(talent, job, "我对芯片设计很有兴趣。"))
    for application, key in zip(
        applications, (Stage.Key.INTERVIEW, Stage.Key.OFFER, Stage.Key.REJECTED), strict=False
    ):
        jobs.move(owner, [application], jobs.stage_for(organisation, key), "")
    return organisation, owner, job, applications


@pytest.fixture
def round_and_post():
    hospital = institution(
        name_zh_hans="重庆医科大学附属第一医院",
        name_en="The First Affiliated Hospital of Chongqing Medical University",
    )
    recruiter = MembershipFactory(organisation=hospital, role="recruiter").user
    round_ = RoundFactory(title="2025年重庆英才大会事业单位面向海内外招聘高层次人才")
    posts = [PostFactory(round=round_, institution=hospital) for _ in range(3)]
    doctor = applicant(university="重庆医科大学", user__name="张心远")
    recruitment.upload_certificate(
        doctor,
        round_,
        Certificate.Kind.DEGREE,
        SimpleUploadedFile("博士学位证书.pdf", PDF, "application/pdf"),
    )
    [application] = apply_to(doctor, posts[0])
    return hospital, recruiter, round_, posts, doctor, application


@pytest.fixture
def figures():
    now = timezone.now()
    fields = list(DisciplineField.objects.order_by("pk")[:8])
    districts = list(District.objects.order_by("pk")[:12])
    for i in range(30):
        JobFactory(
            submitted_at=now - timedelta(days=i % 9),
            field=fields[i % len(fields)],
            district=districts[(i * i) % len(districts)],
            degree_min=("bachelor", "master", "doctor")[i % 3],
        )
    for i in range(16):
        profile = ProfileFactory(
            degree=("doctor", "master", "master", "bachelor")[i % 4],
            origin="overseas" if i % 4 == 0 else "domestic",
            country="德国" if i % 4 == 0 else "",
        )
        profile.created_at = now - timedelta(days=i % 7)
        profile.save(update_fields=["created_at"])
        profile.fields.add(fields[i % len(fields)])
        profile.desired_districts.add(districts[i % len(districts)])


def test_a_visitor_searches_jobs_reads_news_and_statistics(
    new_context, live_server, employer, round_and_post, figures
):
    organisation, _owner, job, _applications = employer
    _hospital, _recruiter, round_, posts, _doctor, _application = round_and_post
    news = NewsItemFactory(title_zh_hans="重庆英才大会开幕", title_en="The conference opens")
    screens = Screens(new_context, live_server)
    for language in LANGUAGES:
        screens.menu_opens(language)
        screens.check(url("portal:home", language), shot=f"home-{language}")
        screens.check(url("jobs:search", language), filters=True, shot=f"jobs-search-{language}")
        screens.check(url("jobs:search", language, query=f"?q={quote('芯片')}"), filters=True)
        screens.check(url("jobs:detail", language, job.pk), shot=f"job-{language}")
        screens.check(url("recruitment:rounds", language))
        # The round's announcement comes first; its post filters are folded all the same.
        screens.check(
            url("recruitment:round", language, round_.pk),
            filters=True,
            results=False,
            shot=f"round-{language}",
        )
        screens.check(url("recruitment:post", language, round_.pk, posts[0].pk))
        screens.check(url("portal:news", language))
        screens.check(url("portal:news_detail", language, news.slug))
        screens.check(url("stats:figures", language), charts=True, shot=f"statistics-{language}")
        screens.check(url("organisations:directory", language), filters=True)
        screens.check(url("organisations:detail", language, organisation.pk))
        screens.check(url("portal:messages", language))
        screens.check(url("portal:report", language))
        screens.check(url("portal:report_lookup", language))
        screens.check(url("portal:about", language))
        screens.check(url("privacy:document", language, "privacy"))
        screens.check(url("portal:sitemap", language))
        screens.check(url("account_login", language), shot=f"login-{language}")
        screens.check(url("account_signup", language))
    screens.assert_good()


def test_a_talent_applies_and_follows_the_applications(new_context, live_server, employer):
    _organisation, _owner, _job, applications = employer
    talent = applications[0].talent
    other = indexed_job(title="数据分析师")
    screens = Screens(new_context, live_server, talent)
    for language in LANGUAGES:
        screens.check(url("accounts:dashboard", language), shot=f"talent-dashboard-{language}")
        screens.check(url("talent:profile", language), shot=f"talent-profile-{language}")
        screens.check(url("talent:cvs", language))
        screens.check(url("talent:applications", language), shot=f"talent-applications-{language}")
        screens.check(url("talent:application", language, applications[0].pk))
        screens.check(url("talent:recommendations", language))
        screens.check(url("applying:apply", language, other.pk))
        screens.check(url("talent:data", language))
        screens.check(url("privacy:consents", language), shot=f"consents-{language}")
        screens.check(url("api_tokens:list", language))
        screens.check(url("accounts:settings", language))
    screens.assert_good()


def test_an_employer_manages_jobs_and_the_applicants(new_context, live_server, employer):
    organisation, owner, job, applications = employer
    screens = Screens(new_context, live_server, owner)
    org = organisation.pk
    for language in LANGUAGES:
        screens.check(url("employer:jobs", language, org), shot=f"employer-jobs-{language}")
        screens.check(url("employer:job_detail", language, org, job.pk))
        screens.check(
            url("employer:applicants", language, org, job.pk),
            tabs=True,
            shot=f"applicants-{language}",
        )
        screens.check(
            url("employer:application", language, org, applications[0].pk),
            shot=f"employer-application-{language}",
        )
        screens.check(url("employer:stages", language, org))
        screens.check(url("employer:job_create", language, org))
        screens.check(url("talent_search:search", language, org), filters=True)
        screens.check(url("organisations:mine", language))
        screens.check(url("organisations:manage", language, org), shot=f"members-{language}")
    screens.assert_good()


def test_a_public_institution_reviews_its_applicants(new_context, live_server, round_and_post):
    hospital, recruiter, round_, _posts, doctor, application = round_and_post
    screens = Screens(new_context, live_server, recruiter)
    for language in LANGUAGES:
        screens.check(url("recruitment_institution:posts", language, hospital.pk))
        screens.check(
            url("recruitment_institution:applications", language, hospital.pk),
            shot=f"institution-applications-{language}",
        )
        screens.check(
            url("recruitment_institution:application", language, hospital.pk, application.pk)
        )
    doctors = Screens(new_context, live_server, doctor)
    for language in LANGUAGES:
        doctors.check(url("recruitment:my_applications", language), shot=f"my-posts-{language}")
        doctors.check(url("recruitment:my_application", language, application.pk))
        doctors.check(url("recruitment:apply", language, round_.pk))
        doctors.check(url("recruitment:certificates", language, round_.pk))
    screens.problems += doctors.problems
    screens.assert_good()


def test_an_organiser_works_through_the_queues(
    new_context, live_server, employer, round_and_post, figures
):
    organisation, _owner, job, _applications = employer
    _hospital, _recruiter, round_, _posts, _doctor, _application = round_and_post
    organiser = StaffFactory(roles=list(STAFF_ROLES), language="en")
    MessageFactory()
    ReportFactory()
    OrganisationFactory(status="pending", name_zh_hans="重庆待审核科技有限公司")
    screens = Screens(new_context, live_server, organiser)
    for language in LANGUAGES:
        screens.check(url("orga:home", language), shot=f"orga-home-{language}")
        screens.check(
            url("orga_organisations:queue", language), shot=f"orga-organisations-{language}"
        )
        screens.check(url("orga_organisations:detail", language, organisation.pk))
        screens.check(url("orga_portal:messages", language))
        screens.check(url("orga_portal:reports", language))
        screens.check(url("orga_jobs:queue", language), shot=f"orga-jobs-{language}")
        screens.check(url("orga_jobs:review", language, job.pk))
        screens.check(url("orga_recruitment:rounds", language))
        screens.check(
            url("orga_recruitment:round", language, round_.pk), shot=f"orga-round-{language}"
        )
        screens.check(url("orga_recruitment:statistics", language))
        screens.check(
            url("orga_stats:dashboard", language), charts=True, shot=f"dashboard-{language}"
        )
        screens.check(url("stats_exports:index", language))
        screens.check(url("press_report:list", language))
    screens.assert_good()


def test_without_scripts_the_menu_and_the_filters_still_work(new_context, employer):
    """The menu and the filters are <details>: a phone opens them by a tap without any
    script; a desktop shows them spread out through CSS alone (::details-content)."""
    phone = new_context(
        viewport={"width": 360, "height": 800}, is_mobile=True, java_script_enabled=False
    ).new_page()
    phone.goto(url("jobs:search", "en"))
    m = phone.evaluate(MEASURE)
    assert m["scrollWidth"] <= m["width"]
    assert m["menu"]["linksShown"] == 0 and m["menu"]["summaryShown"]
    assert m["filters"] == {"open": False}
    assert m["firstResultTop"] < m["height"]
    phone.locator("details.site-menu > summary").click()
    assert phone.locator(".site-nav a", has_text="News").is_visible()
    phone.locator("details.site-menu > summary").click()  # folded again
    phone.locator("details.filters-panel > summary").click()
    assert phone.locator("#id_district").is_visible()

    desktop = new_context(
        viewport={"width": DESKTOP, "height": 900}, java_script_enabled=False
    ).new_page()
    desktop.goto(url("jobs:search", "zh-hans"))
    m = desktop.evaluate(MEASURE)
    assert m["menu"]["linksShown"] == m["menu"]["links"] > 0 and not m["menu"]["summaryShown"]
    assert desktop.locator("#id_district").is_visible()
    assert not desktop.locator("details.filters-panel > summary").is_visible()
