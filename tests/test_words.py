"""Words that mean what they say: the glossary's terms, labels instead of internal codes, and
one format per language for dates, lists and salaries."""

import ast
import io
import re
from datetime import datetime
from pathlib import Path

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext, pgettext
from openpyxl import load_workbook

from yingcai.core import audit, humanize
from yingcai.core.models import DisciplineField, District
from yingcai.core.registry import figures as registry
from yingcai.institutions.models import ReviewDecision, Round
from yingcai.organisations import services as organisations
from yingcai.portal import services as portal
from yingcai.portal.models import Message, Page
from yingcai.stats import services as stats
from yingcai.talents.models import WorkExperience

from .factories import JobFactory, MembershipFactory, OrganisationFactory, ReportFactory
from .institutions.factories import PostFactory, RoundFactory, institution

SOURCE = Path(__file__).resolve().parent.parent / "src" / "yingcai"


def zh(name, *args):
    with translation.override("zh-hans"):
        return reverse(name, args=args)


def visible_text(html: str) -> str:
    """What a reader sees: no tags, scripts, attributes or JSON for the charts."""
    html = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", html)
    html = re.sub(r"(?s)<[^>]+>", " ", html)
    return re.sub(r"\s+", " ", html)


def main_text(html: str) -> str:
    """The visible text of the page's own content (not the navigation or the footer)."""
    return visible_text(html[html.index("<main") : html.index("</main>")])


# --- The glossary ------------------------------------------------------------------------------
def test_the_glossary_terms_where_one_english_word_has_two_meanings():
    with translation.override("zh-hans"):
        # A job position held in work experience, not an order of sorting.
        assert str(WorkExperience._meta.get_field("position").verbose_name) == "职位"
        # A round's registration opens and closes; a conference opens and closes.
        assert pgettext("registration", "opens") == "开始"
        assert pgettext("registration", "closes") == "截止"
        assert str(Round._meta.get_field("mode").verbose_name) == "报名方式"
        assert pgettext("recruitment round", "Mode") == "报名方式"
        # The title of a text, not a professional title; press reports, not reports of
        # illegal information.
        assert pgettext("of a text", "Title") == "标题"
        assert gettext("Press reports") == "新闻通稿"
        assert gettext("Professional title") == "职称"
        assert pgettext("sum of a column", "Total") == "合计"


@pytest.mark.django_db
def test_the_chinese_profile_page_asks_for_the_job_position(client, talent):
    client.force_login(talent)
    page = client.get(zh("talent:profile")).content.decode()
    assert "职位" in page and "排序" not in visible_text(page)


@pytest.mark.django_db
def test_the_press_report_list_says_title_and_press_reports(client, editor):
    client.force_login(editor)
    page = main_text(client.get(zh("press_report:list")).content.decode())
    assert "新闻通稿" in page and "标题" in page
    assert "职称" not in page


# --- Labels, never codes ---------------------------------------------------------------------
def _recorded_actions() -> set[str]:
    """Every action code the source hands to core.audit.record, with its computed variants."""

    found = set()
    for path in SOURCE.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if not (isinstance(node, ast.Call) and len(node.args) >= 2):
                continue
            name = getattr(node.func, "attr", getattr(node.func, "id", None))
            if name not in ("record", "record_many"):
                continue
            argument = node.args[1]
            options = (
                [argument.body, argument.orelse] if isinstance(argument, ast.IfExp) else [argument]
            )
            for option in options:
                if isinstance(option, ast.Constant):
                    found.add(option.value)
    found |= {f"recruitment.review_{d}" for d in ReviewDecision.Decision.values}
    found |= {"recruitment.exam", "recruitment.inspection"}
    found |= {f"message.{s}" for s in Message.Status.values}
    # Actions passed through a variable: the codes the services name.
    for path in (SOURCE / "organisations" / "services.py", SOURCE / "institutions" / "services.py"):
        found |= set(re.findall(r'"((?:organisation|round)\.[a-z_]+)"', path.read_text()))
    return found


def test_every_recorded_action_has_a_label():
    actions = _recorded_actions()
    assert {"organisation.verified", "report.submitted", "job.approved"} <= actions
    missing = sorted(a for a in actions if a not in audit.labels())
    assert not missing, (
        f"audit actions without a label (add them to the app's audit_labels.py): {missing}"
    )


@pytest.mark.django_db
def test_a_label_is_never_the_code():
    with translation.override("zh-hans"):
        assert audit.label("organisation.verified") == "单位已通过认证"
        assert audit.label("report.handled", {"status": "resolved"}).startswith("举报已处理")
        assert audit.label("no.such_action") == "其他变更"
        assert audit.label("organisations.organisation.changed_in_admin").endswith("在后台修改")
    with translation.override("en"):
        assert audit.label("report.submitted") == "report received"


@pytest.mark.django_db
def test_histories_show_labels_in_the_readers_language(client, verifier, moderator):
    organisation = OrganisationFactory(status="pending")
    organisations.verify_organisation(verifier, organisation)
    report = portal.submit_report(ReportFactory.build())
    portal.handle_report(moderator, report, "processing")
    client.force_login(verifier)
    page = visible_text(
        client.get(zh("orga_organisations:detail", organisation.pk)).content.decode()
    )
    assert "单位已通过认证" in page and "organisation.verified" not in page
    client.force_login(moderator)
    page = visible_text(client.get(zh("orga_portal:report", report.pk)).content.decode())
    assert "收到举报" in page and "举报已处理" in page
    assert "report.submitted" not in page and "processing" not in page


# Internal codes a reader must never meet: audit actions, figure keys, slugs of places and fields.
def _codes() -> re.Pattern:

    words = set(audit.labels()) | {f.key for f in registry.figures()}
    words |= set(District.objects.values_list("slug", flat=True))
    words |= {s for s in DisciplineField.objects.values_list("slug", flat=True) if "-" in s}
    return re.compile(r"(?<![\w/.-])(" + "|".join(sorted(map(re.escape, words))) + r")(?![\w/-])")


@pytest.mark.django_db
def test_no_internal_code_on_history_dashboard_and_export_pages(client, staff_admin, editor):

    organisation = OrganisationFactory(status="pending")
    organisations.verify_organisation(staff_admin, organisation)
    JobFactory.create_batch(2)
    report = portal.submit_report(ReportFactory.build())
    draft = stats.draft_report(editor, None)
    codes = _codes()
    client.force_login(staff_admin)
    pages = [
        zh("orga_organisations:detail", organisation.pk),
        zh("orga_portal:report", report.pk),
        zh("orga_stats:dashboard"),
        zh("stats_exports:index"),
        zh("press_report:edit", draft.pk),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        found = codes.findall(visible_text(response.content.decode()))
        assert not found, f"{url} shows internal codes: {sorted(set(found))}"


def _cells(content: bytes) -> set:
    workbook = load_workbook(io.BytesIO(content))
    return {
        c for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True) for c in row
    }


@pytest.mark.django_db
def test_excel_exports_hold_labels_not_codes(client, owner, organisation):
    JobFactory(organisation=organisation, title_min="senior", interview_mode="online")
    codes = (
        set(District.objects.values_list("slug", flat=True))
        | set(DisciplineField.objects.values_list("slug", flat=True))
        | {"master", "doctor", "senior", "online", "either", "written_interview", "direct"}
    )
    client.force_login(owner)
    cells = _cells(client.get(zh("employer:jobs_export", organisation.pk)).content)
    assert not cells & codes, cells & codes
    assert {"渝北区", "电子信息", "硕士", "正高级职称", "线上"} <= {str(c) for c in cells}
    with translation.override("en"):
        cells = _cells(client.get(reverse("employer:jobs_export", args=[organisation.pk])).content)
    assert "Yubei" in cells and "yubei" not in cells


@pytest.mark.django_db
def test_the_posts_export_holds_labels_not_codes(client):

    employer = institution()
    member = MembershipFactory(organisation=employer).user
    round_ = RoundFactory()
    post = PostFactory(round=round_, institution=employer, title_min="senior")
    post.fields.set(
        DisciplineField.objects.filter(slug__in=["electronic-information", "biomedicine"])
    )
    client.force_login(member)
    url = zh("recruitment_institution:posts_export", employer.pk)
    cells = {str(c) for c in _cells(client.get(f"{url}?round={round_.pk}").content)}
    assert not cells & {"electronic-information", "biomedicine", "doctor", "senior", "direct"}
    assert "博士" in cells and any("、" in c and "电子信息" in c for c in cells)


# --- Formats per language ----------------------------------------------------------------------
def test_dates_read_as_each_language_writes_them():
    moment = timezone.make_aware(datetime(2026, 12, 9, 9, 30))
    local = timezone.localtime(moment)
    with translation.override("zh-hans"):
        assert formats.date_format(local, "DATETIME_FORMAT") == "2026年12月9日 09:30"
        assert formats.date_format(local.date(), "DATE_FORMAT") == "2026年12月9日"
        assert formats.date_format(local.date(), "MONTH_DAY_FORMAT") == "12月9日"
    with translation.override("en"):
        assert formats.date_format(local, "DATETIME_FORMAT") == "9 December 2026, 09:30"
        assert formats.date_format(local.date(), "DATE_FORMAT") == "9 December 2026"


def render(source: str, **context) -> str:
    return Template("{% load yingcai %}" + source).render(Context(context))


def test_lists_are_joined_as_each_language_joins_them():
    items = ["渝北区", "江北区", "两江新区"]
    with translation.override("zh-hans"):
        assert render("{{ items|list_join }}", items=items) == "渝北区、江北区、两江新区"
        assert render("{% full_stop %}") == "。"
    with translation.override("en"):
        assert render("{{ items|list_join }}", items=["Yubei", "Jiangbei"]) == "Yubei, Jiangbei"
        assert render("{% full_stop %}") == "."


class _Job:
    def __init__(self, low, high):
        self.salary_min, self.salary_max = low, high


@pytest.mark.parametrize(
    ("low", "high", "chinese", "english"),
    [
        (8000, 12000, "8千–1.2万/月", "CNY 8,000–12,000 / month"),
        (15000, 30000, "1.5万–3万/月", "CNY 15,000–30,000 / month"),
        (8500, None, "8.5千/月起", "from CNY 8,500 / month"),
        (None, 20000, "最高2万/月", "up to CNY 20,000 / month"),
        (None, None, "面议", "negotiable"),
        (600, 600, "600/月", "CNY 600 / month"),
    ],
)
def test_one_salary_format(low, high, chinese, english):
    with translation.override("zh-hans"):
        assert render("{{ job|salary }}", job=_Job(low, high)) == chinese

        assert humanize.salary(low, high) == chinese
    with translation.override("en"):
        assert render("{{ job|salary }}", job=_Job(low, high)) == english


@pytest.mark.django_db
def test_the_job_pages_show_the_one_salary_format(client):
    job = JobFactory(salary_min=8000, salary_max=12000)
    assert "8千–1.2万/月" in client.get(zh("jobs:detail", job.pk)).content.decode()
    assert "8千–1.2万/月" in client.get(zh("jobs:search")).content.decode()
    with translation.override("en"):
        page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "CNY 8,000–12,000 / month" in page


# --- Log-in, sign-up and account mail: the site's name, sentence case, formal Chinese -----------
@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "present", "absent"),
    [
        (
            "en",
            ["Log in", "Remember me", "Talents Conference"],
            ["Sign In", "Remember Me", "Login:"],
        ),
        ("zh-hans", ["登录", "英才大会"], ["记住我:", "你的"]),
    ],
)
def test_the_log_in_page_speaks_as_the_site(client, language, present, absent):
    with translation.override(language):
        page = client.get(reverse("account_login")).content.decode()
    for words in present:
        assert words in page
    for words in absent:
        assert words not in page


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_sign_up_page_is_formal_and_names_the_site(client, language):
    with translation.override(language):
        page = main_text(client.get(reverse("account_signup")).content.decode())
    if language == "zh-hans":
        assert "英才大会" in page and "您" in page and "你" not in page.replace("您", "")
        assert "隐私声明（第 1 版）、使用条款" in page.replace(" 、 ", "、")
    else:
        assert "Sign up for Talents Conference" in page and "Sign Up" not in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "greeting", "subject"),
    [
        ("en", "Hello from Talents Conference,", "Please confirm your e-mail address for Talents"),
        ("zh-hans", "您好！这是来自英才大会的邮件。", "请确认您在英才大会的电子邮箱"),
    ],
)
def test_the_verification_mail_greets_with_the_sites_name(
    client, mailoutbox, django_capture_on_commit_callbacks, language, greeting, subject
):
    password = "a-Long-passphrase-42"
    with translation.override(language), django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("account_signup"),
            {
                "name": "韩梅梅",
                "email": "meimei@example.com",
                "phone": "",
                "password1": password,
                "password2": password,
                "accept_terms": "on",
            },
        )
    assert response.status_code == 302
    (message,) = mailoutbox
    assert greeting in message.body and message.subject.startswith(subject)
    assert "testserver" not in message.body.split("\n")[0]
    assert "127.0.0.1" not in message.body and "Hello from testserver" not in message.body


# --- The site's small files ---------------------------------------------------------------------
@pytest.mark.django_db
def test_robots_txt_keeps_crawlers_on_public_pages(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    for private in ("/admin/", "/api/", "/zh-hans/me/", "/en/me/", "/zh-hans/orga/", "/en/orga/"):
        assert f"Disallow: {private}" in lines
    assert "Disallow: /zh-hans/jobs/" not in lines and "Disallow: /" not in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines


@pytest.mark.django_db
def test_a_favicon_is_linked_and_served(client):
    page = client.get(zh("portal:home")).content.decode()
    assert re.search(r'<link rel="icon" href="[^"]*favicon[^"]*\.svg"', page)
    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml"
    assert response.content.startswith(b"<svg")
    assert (SOURCE / "static" / "yingcai" / "favicon.svg").read_text().startswith("<svg")


@pytest.mark.django_db
def test_a_page_has_one_address(client):

    Page.objects.get_or_create(slug="about", defaults={"title": "关于我们", "body": "英才大会"})
    response = client.get("/zh-hans/pages/about/")
    assert response.status_code == 301 and response["Location"] == "/zh-hans/about/"
    assert client.get("/zh-hans/about/").status_code == 200
    assert "/pages/about/" not in client.get(zh("portal:sitemap")).content.decode()
    assert "/pages/about/" not in client.get("/sitemap.xml").content.decode()
