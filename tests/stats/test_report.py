"""The press report: drafted from the registry's figures, edited, published as news, downloaded."""

import base64
import io
import re
import zlib
from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone
from docx import Document

from yingcai.core.models import AuditEntry
from yingcai.core.rules import STAFF_ADMIN
from yingcai.institutions.models import PostApplication
from yingcai.portal.models import NewsItem
from yingcai.stats import report, services
from yingcai.stats.models import PressReport

from ..factories import JobFactory, ProfileFactory, StaffFactory, UserFactory
from ..institutions.factories import PostFactory, RoundFactory, institution

SEED = {
    "job_requirements": 8041,
    "talents_registered": 12199,
    "institution_applications_municipal": 1259,
    "institution_applications_municipal_doctors": 1063,
    "institution_applications_district": 4662,
}
MOMENT = timezone.make_aware(datetime(2020, 11, 19, 10, 0))


def application(post, degree, **fields):
    return PostApplication.objects.create(
        round=post.round,
        post=post,
        talent=UserFactory(),
        degree=degree,
        birth_date=date(1988, 3, 1),
        status=PostApplication.Status.SUBMITTED,
        **fields,
    )


@pytest.fixture
def figures(db):
    """3 job requirements, 2 talents (1 overseas), municipal 4 (3 doctors), district 2."""
    JobFactory.create_batch(3, submitted_at=timezone.now() - timedelta(days=1))
    ProfileFactory()
    ProfileFactory(origin="overseas")
    municipal = PostFactory(round=RoundFactory(), institution=institution())
    district = PostFactory(round=municipal.round, institution=institution(level="district"))
    for degree in ("doctor", "doctor", "doctor", "master"):
        application(municipal, degree)
    application(district, "doctor")
    application(district, "master")


# --- Drafting ------------------------------------------------------------------------------------
def test_the_seed_figures_read_as_the_release():
    values = report.values_of({key: {"value": value} for key, value in SEED.items()})
    assert values[report.SHARE] == "84.4"
    chinese = report.write_body(values, MOMENT, "zh-hans")
    english = report.write_body(values, MOMENT, "en")
    assert chinese.startswith("截至2020年11月19日，共有8,041个用人单位岗位需求")
    assert "12,199名海内外人才" in chinese
    assert (
        "市属事业单位收到报名1,259人次，其中博士1,063人次，占84.4%；"
        "区县事业单位收到报名4,662人次。" in chinese
    )
    assert english.startswith(
        "As of 19 November 2020, a total of 8,041 job requirements of employers"
    )
    assert "12,199 domestic and overseas talents" in english
    assert "1,063 doctors, accounting for 84.4%" in english
    assert "District and county institutions received 4,662 applications." in english


def test_absent_figures_leave_their_sentences_out():
    values = report.values_of({key: {"value": value} for key, value in SEED.items()})
    for language in report.LANGUAGES:
        body = report.write_body(values, MOMENT, language)
        assert "项目" not in body if language == "zh-hans" else "project" not in body
        assert "嘉宾" not in body and "guests" not in body
    with_projects = report.write_body({**values, "project_demands": 288}, MOMENT, "en")
    assert "8,041 job requirements of employers and 288 project demands" in with_projects
    nothing = report.write_body({}, MOMENT, "zh-hans")
    assert nothing == "截至2020年11月19日，暂无可发布的数据。"


def test_no_share_without_municipal_applications():
    values = report.values_of(
        {
            "institution_applications_municipal": {"value": 0},
            "institution_applications_municipal_doctors": {"value": 0},
        }
    )
    assert report.SHARE not in values
    assert "%" not in report.write_body(values, MOMENT, "en")


@pytest.mark.django_db
def test_the_draft_has_the_exact_figures_of_the_factories(client, editor, figures):
    client.force_login(editor)
    response = client.post("/en/orga/press-report/", {"moment": ""})
    assert response.status_code == 302
    drafted = PressReport.objects.get()
    assert drafted.figures["job_requirements"] == 3
    assert drafted.figures["talents_registered"] == 2
    assert drafted.figures[report.SHARE] == "75.0"
    assert "共有3个用人单位岗位需求" in drafted.body_zh
    assert "已有2名海内外人才报名参会，其中海外人才1名" in drafted.body_zh
    assert "市属事业单位收到报名4人次，其中博士3人次，占75.0%；区县事业单位收到报名2人次" in (
        drafted.body_zh
    )
    assert "a total of 3 job requirements of employers" in drafted.body_en
    assert "including 3 doctors, accounting for 75.0%" in drafted.body_en
    assert AuditEntry.objects.filter(action="press_report.drafted", actor=editor).exists()
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "accounting for 75.0%" in page.content.decode()


@pytest.mark.django_db
def test_a_moment_gives_the_figures_as_they_stood(client, editor, figures):
    JobFactory(submitted_at=timezone.make_aware(datetime(2020, 11, 18, 9, 0)))
    client.force_login(editor)
    response = client.post("/zh-hans/orga/press-report/", {"moment": "2020-11-19"})
    assert response.status_code == 302
    drafted = PressReport.objects.get()
    assert drafted.figures["job_requirements"] == 1
    assert drafted.figures["talents_registered"] == 0
    assert drafted.body_zh.startswith("截至2020年11月19日，共有1个用人单位岗位需求")
    assert timezone.localtime(drafted.moment).date() == date(2020, 11, 19)


@pytest.mark.django_db
@pytest.mark.parametrize("moment", ["yesterday", "2020-13-45", "2999-01-01", "1899-01-01"])
def test_a_bad_moment_is_refused_with_a_message(client, editor, moment):
    client.force_login(editor)
    response = client.post("/en/orga/press-report/", {"moment": moment})
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    assert not PressReport.objects.exists()


# --- Permissions -------------------------------------------------------------------------------
@pytest.mark.django_db
def test_only_editors_and_organiser_admins_draft(client, talent, owner, moderator, plain_staff):
    response = client.get("/en/orga/press-report/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    for user in (talent, owner, moderator, plain_staff):
        client.force_login(user)
        assert client.get("/en/orga/press-report/").status_code == 403
        assert client.post("/en/orga/press-report/", {"moment": ""}).status_code == 403
    assert not PressReport.objects.exists()

    client.force_login(StaffFactory(roles=[STAFF_ADMIN]))
    assert client.get("/en/orga/press-report/").status_code == 200


@pytest.fixture
def draft(editor, figures):

    return services.draft_report(editor, None)


@pytest.mark.django_db
def test_wrong_roles_cannot_edit_publish_or_download(client, draft, talent, owner, moderator):
    for user in (talent, owner, moderator):
        client.force_login(user)
        assert client.get(f"/en/orga/press-report/{draft.pk}/").status_code == 403
        assert client.post(f"/en/orga/press-report/{draft.pk}/publish/").status_code == 403
        url = f"/en/orga/press-report/{draft.pk}/download/en.pdf"
        assert client.get(url).status_code == 403
    draft.refresh_from_db()
    assert draft.is_draft and draft.news_item is None


# --- Editing and publishing -----------------------------------------------------------------
@pytest.mark.django_db
def test_edit_then_publish_shows_the_news_in_both_languages(
    client, editor, draft, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    url = f"/en/orga/press-report/{draft.pk}/"
    response = client.post(
        url,
        {
            "title_zh": "2020重庆英才大会第二场新闻发布会",
            "title_en": "Second press conference of the 2020 Chongqing Talents Conference",
            "body_zh": draft.body_zh + "\n\n大会将于11月21日如期开幕。",
            "body_en": draft.body_en + "\n\nThe conference opens on 21 November.",
        },
    )
    assert response.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"{url}publish/").status_code == 302
    draft.refresh_from_db()
    assert draft.status == PressReport.Status.PUBLISHED
    item = draft.news_item
    assert item.kind == NewsItem.Kind.PRESS_RELEASE and item.is_published
    assert {"press_report.saved", "press_report.published", "news.published"} <= set(
        AuditEntry.objects.values_list("action", flat=True)
    )
    client.logout()
    english = client.get(f"/en/news/{item.slug}/").content.decode()
    chinese = client.get(f"/zh-hans/news/{item.slug}/").content.decode()
    assert "Second press conference of the 2020 Chongqing Talents Conference" in english
    assert "including 3 doctors, accounting for 75.0%" in english
    assert "The conference opens on 21 November." in english
    assert "2020重庆英才大会第二场新闻发布会" in chinese
    assert "其中博士3人次，占75.0%" in chinese
    # Published once: a second publication and later edits are refused with a message.
    client.force_login(editor)
    response = client.post(f"{url}publish/", follow=True)
    assert "already published" in response.content.decode()
    assert NewsItem.objects.count() == 1
    response = client.post(
        url, {"title_zh": "改", "title_en": "Changed", "body_zh": "改", "body_en": "Changed"}
    )
    draft.refresh_from_db()
    assert draft.title_en.startswith("Second press conference")


@pytest.mark.django_db
def test_empty_text_is_refused(client, editor, draft):
    client.force_login(editor)
    response = client.post(
        f"/en/orga/press-report/{draft.pk}/",
        {"title_zh": "", "title_en": "x", "body_zh": "  ", "body_en": "x"},
    )
    assert response.status_code == 400
    draft.refresh_from_db()
    assert draft.body_zh.startswith("截至")


@pytest.mark.django_db
def test_report_list_has_bounded_queries(client, editor, figures, django_assert_max_num_queries):

    for _ in range(5):
        services.draft_report(editor, None)
    client.force_login(editor)
    with django_assert_max_num_queries(12):
        response = client.get("/en/orga/press-report/")
    assert response.content.decode().count('data-testid="press-report"') == 5


# --- Downloads ---------------------------------------------------------------------------------
def _unescape(raw: bytes) -> bytes:
    """A PDF literal string's bytes (octal and backslash escapes undone)."""
    out, i = bytearray(), 0
    escapes = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}
    while i < len(raw):
        ch = raw[i : i + 1]
        if ch != b"\\":
            out += ch
            i += 1
            continue
        nxt = raw[i + 1 : i + 2]
        octal = re.match(rb"[0-7]{1,3}", raw[i + 1 : i + 4])
        if octal:
            out.append(int(octal.group(), 8) & 0xFF)
            i += 1 + len(octal.group())
        else:
            out += escapes.get(nxt, nxt)
            i += 2
    return bytes(out)


def pdf_text(data: bytes, encoding: str) -> str:
    """The text shown by a ReportLab PDF: its page streams inflated, its strings decoded."""
    text = []
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", data, re.S):
        stream = match.group(1).strip()
        try:
            stream = zlib.decompress(base64.a85decode(stream, adobe=True))
        except ValueError:
            try:
                stream = zlib.decompress(stream)
            except zlib.error:
                continue
        for string in re.finditer(rb"\(((?:\\.|[^\\)])*)\)\s*Tj", stream, re.S):
            text.append(_unescape(string.group(1)).decode(encoding, "replace"))
    return "".join(text)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_four_downloads_open_and_hold_the_figures(client, editor, draft, language):

    client.force_login(editor)
    base = f"/en/orga/press-report/{draft.pk}/download/{language}"
    response = client.get(f"{base}.docx")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert draft.title(language) in text
    if language == "zh-hans":
        assert "共有3个用人单位岗位需求" in text and "占75.0%" in text
    else:
        assert "3 job requirements" in text and "accounting for 75.0%" in text

    response = client.get(f"{base}.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    shown = pdf_text(response.content, "utf-16-be" if language == "zh-hans" else "latin-1")
    if language == "zh-hans":
        assert "共有3个用人单位岗位需求" in shown and "75.0%" in shown
    else:
        assert "3 job requirements" in shown and "75.0%" in shown


@pytest.mark.django_db
@pytest.mark.parametrize("tail", ["fr.pdf", "en.doc", "zh-hans.exe", "en.PDF"])
def test_unknown_downloads_are_a_clear_404(client, editor, draft, tail):
    client.force_login(editor)
    response = client.get(f"/en/orga/press-report/{draft.pk}/download/{tail}")
    assert response.status_code == 404
    assert "choose zh-hans or en, and docx or pdf" in response.content.decode()
    assert client.get("/en/orga/press-report/999999/download/en.pdf").status_code == 404
