"""The press report: drafted from the figures in both languages, written as DOCX and PDF.

The draft is a list of sentence templates, each keyed by the figures it needs, in the manner
of the 2020 release ("截至…，共有8,041个用人单位岗位需求…" / "a total of 8,041 job
requirements of employers…"). Sentences of a group are alternatives: the first whose figures
are all present is used, so a figure of a module not built yet simply leaves its sentence (or
its half of one) out. Every number comes from `registry.compute`; a share is computed from its
two figures. The text is Markdown (it becomes a news item); the documents read its paragraphs.

Both languages are written at once, whatever the editor's language, so the templates are
Chinese and English side by side (as `core.spreadsheets` writes its headings), not gettext.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import datetime
from xml.sax.saxutils import escape

from django.utils import timezone

from yingcai.core.pdf import cjk_font
from yingcai.core.registry import figures as registry

LANGUAGES = ("zh-hans", "en")
SHARE = "institution_applications_municipal_doctors_share"


@dataclass(frozen=True)
class Sentence:
    """One sentence in both languages; `{key}` placeholders are figures (formatted 8,041)."""

    group: str
    needs: tuple[str, ...]
    zh: str
    en: str


# Paragraphs in the order of the seed's release; within a group, the first that fits wins.
SENTENCES: list[Sentence] = [
    # Supply and demand: job requirements and project demands.
    Sentence(
        "demands",
        ("job_requirements", "project_demands"),
        "共有{job_requirements}个用人单位岗位需求、{project_demands}个项目需求",
        "a total of {job_requirements} job requirements of employers and {project_demands} "
        "project demands have been received",
    ),
    Sentence(
        "demands",
        ("job_requirements",),
        "共有{job_requirements}个用人单位岗位需求",
        "a total of {job_requirements} job requirements of employers have been received",
    ),
    Sentence(
        "demands",
        ("project_demands",),
        "共有{project_demands}个项目需求",
        "a total of {project_demands} project demands have been received",
    ),
    # Talents and projects registered.
    Sentence(
        "registered",
        ("talents_registered", "projects_registered"),
        "已有{talents_registered}名海内外人才、{projects_registered}个项目报名参会",
        "a total of {talents_registered} domestic and overseas talents and "
        "{projects_registered} projects have registered to participate in the conference",
    ),
    Sentence(
        "registered",
        ("talents_registered",),
        "已有{talents_registered}名海内外人才报名参会",
        "a total of {talents_registered} domestic and overseas talents have registered to "
        "participate in the conference",
    ),
    Sentence(
        "registered",
        ("projects_registered",),
        "已有{projects_registered}个项目报名参会",
        "a total of {projects_registered} projects have registered to participate in the "
        "conference",
    ),
    Sentence(
        "overseas",
        ("talents_overseas",),
        "其中海外人才{talents_overseas}名",
        "of them, {talents_overseas} are from overseas",
    ),
    # Docking negotiations and what settles in Chongqing.
    Sentence(
        "docking",
        ("docking_meetings_scheduled", "agreements_signed", "projects_settled"),
        "区县政府、投融资机构、产业园区和企业与项目安排对接洽谈{docking_meetings_scheduled}场，"
        "已签约{agreements_signed}项，{projects_settled}个项目落户重庆",
        "{docking_meetings_scheduled} docking negotiations between projects and district and "
        "county governments, investment and financing institutions, industrial parks and "
        "enterprises have been scheduled; {agreements_signed} agreements have been signed, "
        "and {projects_settled} projects will settle in Chongqing",
    ),
    Sentence(
        "docking",
        ("docking_meetings_scheduled",),
        "区县政府、投融资机构、产业园区和企业与项目安排对接洽谈{docking_meetings_scheduled}场",
        "{docking_meetings_scheduled} docking negotiations between projects and district and "
        "county governments, investment and financing institutions, industrial parks and "
        "enterprises have been scheduled",
    ),
    # Public institutions.
    Sentence(
        "municipal",
        (
            "institution_applications_municipal",
            "institution_applications_municipal_doctors",
            SHARE,
        ),
        "市属事业单位收到报名{institution_applications_municipal}人次，其中博士"
        "{institution_applications_municipal_doctors}人次，占{" + SHARE + "}%",
        "municipal public institutions have received {institution_applications_municipal} "
        "applications, including {institution_applications_municipal_doctors} doctors, "
        "accounting for {" + SHARE + "}%",
    ),
    Sentence(
        "municipal",
        ("institution_applications_municipal",),
        "市属事业单位收到报名{institution_applications_municipal}人次",
        "municipal public institutions have received {institution_applications_municipal} "
        "applications",
    ),
    Sentence(
        "district",
        ("institution_applications_district",),
        "区县事业单位收到报名{institution_applications_district}人次",
        "district and county institutions received {institution_applications_district} "
        "applications",
    ),
    # The project contest.
    Sentence(
        "contest",
        ("contest_entries", "contest_finalists"),
        "“英才杯”创新创业创意项目大赛共有{contest_entries}个项目报名参赛，"
        "{contest_finalists}个项目晋级大会决赛",
        "there are {contest_entries} projects registered for the “Talents Cup” project "
        "contest, and {contest_finalists} projects have advanced to the conference finals",
    ),
    Sentence(
        "contest",
        ("contest_entries",),
        "“英才杯”创新创业创意项目大赛共有{contest_entries}个项目报名参赛",
        "there are {contest_entries} projects registered for the “Talents Cup” project contest",
    ),
    # Roadshows.
    Sentence(
        "roadshow",
        ("roadshow_applications", "roadshow_selected"),
        "共收到海内外路演项目申报{roadshow_applications}个，经专业评审遴选，"
        "{roadshow_selected}个项目进入现场路演洽谈",
        "{roadshow_applications} applications for roadshow projects at home and abroad have "
        "been received; after professional review and selection, {roadshow_selected} projects "
        "entered the on-site roadshow negotiation",
    ),
    Sentence(
        "roadshow",
        ("roadshow_applications",),
        "共收到海内外路演项目申报{roadshow_applications}个",
        "{roadshow_applications} applications for roadshow projects at home and abroad have "
        "been received",
    ),
    # Guests and online participants.
    Sentence(
        "guests",
        ("guests_confirmed",),
        "已确认出席大会的重要嘉宾{guests_confirmed}位",
        "{guests_confirmed} important guests have confirmed that they will attend the conference",
    ),
    Sentence(
        "online",
        ("online_participants",),
        "线上注册参会人数{online_participants}人",
        "{online_participants} participants have registered online",
    ),
    Sentence(
        "onsite",
        ("offline_participants",),
        "现场参会报名{offline_participants}人",
        "{offline_participants} participants have registered to attend on site",
    ),
    # During the conference: the tickets admitted at the gates.
    Sentence(
        "checked_in",
        ("checked_in",),
        "现场已检票入场{checked_in}人次",
        "{checked_in} tickets have been checked in at the venues",
    ),
]

# The groups of one paragraph, and how its Chinese clauses are joined; in English each is
# a sentence of its own.
PARAGRAPHS: list[tuple[tuple[str, ...], str]] = [
    (("demands", "registered", "overseas"), "，"),
    (("docking",), "；"),
    (("municipal", "district"), "；"),
    (("contest",), "；"),
    (("roadshow",), "；"),
    (("guests", "online", "onsite", "checked_in"), "，"),
]

TITLE = {
    "zh-hans": "重庆英才大会最新数据（截至{date}）",
    "en": "Chongqing Talents Conference: the figures as of {date}",
}
LEAD = {"zh-hans": "截至{date}，", "en": "As of {date}, "}
NOTHING = {
    "zh-hans": "截至{date}，暂无可发布的数据。",
    "en": "As of {date}, there are no figures to report yet.",
}
FIGURES_AS_OF = {"zh-hans": "数据截至{date}", "en": "Figures as of {date}"}


@dataclass
class Draft:
    moment: datetime
    values: dict[str, int | str]
    title: dict[str, str]
    body: dict[str, str]


def share(part: int, whole: int) -> str | None:
    """A percentage with one decimal, from two counts (None when the whole is zero)."""
    if not whole:
        return None
    return f"{part * 100 / whole:.1f}"


def values_of(figures: dict[str, dict]) -> dict[str, int | str]:
    """{key: value} of the computed figures, with the shares the sentences need."""
    values: dict[str, int | str] = {key: figure["value"] for key, figure in figures.items()}
    municipal = values.get("institution_applications_municipal")
    doctors = values.get("institution_applications_municipal_doctors")
    if municipal is not None and doctors is not None:
        found = share(doctors, municipal)
        if found is not None:
            values[SHARE] = found
    return values


def format_date(moment: datetime, language: str) -> str:
    local = timezone.localtime(moment)
    if language == "zh-hans":
        return f"{local.year}年{local.month}月{local.day}日"
    return f"{local.day} {_MONTHS[local.month - 1]} {local.year}"


_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def _formatted(values: dict[str, int | str]) -> dict[str, str]:
    return {k: f"{v:,}" if isinstance(v, int) else str(v) for k, v in values.items()}


def chosen_sentences(values: dict) -> dict[str, Sentence]:
    """The first sentence of each group whose figures are all present and not zero.

    A release does not announce "0 projects": a module that has nothing yet (the docking
    before its first session) leaves its half of a sentence out, as one not built yet does.
    """
    chosen: dict[str, Sentence] = {}
    for sentence in SENTENCES:
        if sentence.group not in chosen and all(
            values.get(key) not in (None, 0, "0") for key in sentence.needs
        ):
            chosen[sentence.group] = sentence
    return chosen


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def write_body(values: dict, moment: datetime, language: str) -> str:
    chosen = chosen_sentences(values)
    formatted = _formatted(values)
    date = format_date(moment, language)
    paragraphs = []
    for groups, joiner in PARAGRAPHS:
        parts = [
            getattr(chosen[group], "zh" if language == "zh-hans" else "en").format(**formatted)
            for group in groups
            if group in chosen
        ]
        if not parts:
            continue
        if language == "zh-hans":
            text = joiner.join(parts) + "。"
        else:
            text = " ".join(_capitalised(part) + "." for part in parts)
        if not paragraphs:
            lead = LEAD[language].format(date=date)
            text = lead + (text if language == "zh-hans" else text[:1].lower() + text[1:])
        paragraphs.append(text)
    if not paragraphs:
        paragraphs.append(NOTHING[language].format(date=date))
    return "\n\n".join(paragraphs)


def draft(moment: datetime | None = None) -> Draft:
    """The press report at `moment` (now when None) from the registry's figures."""
    at = moment
    moment = moment or timezone.now()
    values = values_of(registry.compute(at=at))
    return Draft(
        moment=moment,
        values=values,
        title={lang: TITLE[lang].format(date=format_date(moment, lang)) for lang in LANGUAGES},
        body={lang: write_body(values, moment, lang) for lang in LANGUAGES},
    )


# --- Documents ---------------------------------------------------------------------------------
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"
_MARKUP = re.compile(r"(\*\*|__|\*|`)")


def paragraphs(text: str) -> list[tuple[str, str]]:
    """(kind, text) of a Markdown body: "heading" for `# …` lines, "text" otherwise.

    Line breaks inside a paragraph are joined; emphasis marks are dropped (plain documents).
    """
    found = []
    for block in re.split(r"\n\s*\n", (text or "").replace("\r\n", "\n")):
        block = block.strip()
        if not block:
            continue
        if block.startswith("#"):
            found.append(("heading", _MARKUP.sub("", block.lstrip("#").strip())))
            continue
        joiner = "" if _is_cjk(block) else " "
        lines = [line.strip() for line in block.split("\n")]
        found.append(("text", _MARKUP.sub("", joiner.join(lines))))
    return found


def _is_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def filename(report, language: str, extension: str) -> str:
    moment = timezone.localtime(report.moment)
    return f"press-report-{moment:%Y%m%d}-{language}.{extension}"


def as_docx(report, language: str) -> bytes:
    # python-docx (0.14 s of `python -X importtime`) and reportlab (0.13 s) load when a
    # report is downloaded, not in every web process that imports the statistics' views.
    from docx import Document  # noqa: PLC0415
    from docx.oxml.ns import qn  # noqa: PLC0415
    from docx.shared import Pt  # noqa: PLC0415

    document = Document()
    document.core_properties.title = report.title(language)
    document.core_properties.language = "zh-CN" if language == "zh-hans" else "en"
    style = document.styles["Normal"]
    style.font.size = Pt(12)
    if language == "zh-hans":
        # Word picks the East Asian font from w:eastAsia; 宋体 is on every Chinese system.
        style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "宋体")
    document.add_heading(report.title(language), level=1)
    date = format_date(report.moment, language)
    meta = document.add_paragraph(FIGURES_AS_OF[language].format(date=date))
    meta.runs[0].italic = True
    for kind, text in paragraphs(report.body(language)):
        if kind == "heading":
            document.add_heading(text, level=2)
        else:
            document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def as_pdf(report, language: str) -> bytes:
    # reportlab on demand: see as_docx.
    from reportlab.lib.pagesizes import A4  # noqa: PLC0415
    from reportlab.lib.styles import ParagraphStyle  # noqa: PLC0415
    from reportlab.lib.units import mm  # noqa: PLC0415
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer  # noqa: PLC0415

    chinese = language == "zh-hans"
    font = cjk_font() if chinese else "Helvetica"
    bold = font if chinese else "Helvetica-Bold"
    wrap = "CJK" if chinese else None
    body = ParagraphStyle("body", fontName=font, fontSize=11, leading=18, wordWrap=wrap)
    title = ParagraphStyle(
        "title", fontName=bold, fontSize=17, leading=24, spaceAfter=6, wordWrap=wrap
    )
    heading = ParagraphStyle(
        "heading", fontName=bold, fontSize=13, leading=19, spaceBefore=6, wordWrap=wrap
    )
    meta = ParagraphStyle("meta", parent=body, fontSize=9, leading=13, textColor="#555555")

    out = io.BytesIO()
    document = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=22 * mm,
        rightMargin=22 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
        title=report.title(language),
        author="Yingcai",
        lang="zh-CN" if chinese else "en",
    )
    date = format_date(report.moment, language)
    story = [
        Paragraph(escape(report.title(language)), title),
        Paragraph(escape(FIGURES_AS_OF[language].format(date=date)), meta),
        Spacer(1, 4 * mm),
    ]
    for kind, text in paragraphs(report.body(language)):
        story.append(Paragraph(escape(text), heading if kind == "heading" else body))
        story.append(Spacer(1, 2.5 * mm))
    document.build(story)
    return out.getvalue()


WRITERS = {
    "docx": (as_docx, DOCX),
    "pdf": (as_pdf, PDF),
}
