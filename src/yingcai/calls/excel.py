"""A call's entries in Excel (.xlsx) for the organisers: labels in words, never codes; one
column per question and per required document of the call (`core.spreadsheets` writes it,
no cell a formula)."""

from django.utils import timezone

from yingcai.core.spreadsheets import Column, workbook

from .models import Call
from .services.calls import label_of

COLUMNS = [
    Column("id", "编号", "Number", width=8),
    Column("project", "项目", "Project", width=32),
    Column("field", "学科领域", "Discipline field", width=18),
    Column("stage", "项目阶段", "Project stage", width=12),
    Column("origin", "境内或海外", "Domestic or overseas", width=12),
    Column("city", "城市", "City", width=12),
    Column("track", "赛道", "Track", width=14),
    Column("division", "赛区", "Division", width=14),
    Column("status", "状态", "Status", width=10),
    Column("entered_by", "报名人", "Entered by", width=16),
    Column("first_submitted_at", "首次提交时间", "First submitted", width=18),
    Column("submitted_at", "提交时间", "Submitted", width=18),
]


def _question_column(item: dict, prefix: str) -> Column:
    zh = item.get("label_zh") or item.get("label_en") or item["key"]
    en = item.get("label_en") or item.get("label_zh") or item["key"]
    return Column(f"{prefix}{item['key']}", zh, en, width=24)


def entries_workbook(call: Call, entries) -> bytes:
    """`entries` with project, field, track, division and created_by selected, documents
    prefetched."""
    questions = list(call.questions or [])
    documents = list(call.documents or [])
    headings = [
        *COLUMNS,
        *[_question_column(q, "q_") for q in questions],
        *[_question_column(d, "d_") for d in documents],
    ]

    def rows():
        for entry in entries:
            project = entry.project
            answers = entry.answers or {}
            uploaded = {d.key: d for d in entry.documents.all()}
            yield [
                entry.pk,
                str(project),
                str(project.field),
                project.get_stage_display(),
                project.get_origin_display(),
                project.city or project.country,
                str(entry.track or ""),
                str(entry.division or ""),
                entry.get_status_display(),
                str(entry.created_by or ""),
                entry.first_submitted_at,
                entry.submitted_at,
                *[answers.get(q["key"], "") for q in questions],
                *[
                    uploaded[d["key"]].original_name if d["key"] in uploaded else ""
                    for d in documents
                ],
            ]

    title = f"{label_of({'label_zh': call.title_zh_hans, 'label_en': call.title_en})}"
    return workbook(title or str(timezone.now().date()), headings, rows())
