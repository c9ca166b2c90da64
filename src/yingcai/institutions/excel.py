"""Posts of public-institution recruitment in Excel (.xlsx): the template, the import, the export.

The columns and the recruitment's rules; reading, writing and their safety are
`yingcai.core.spreadsheets`, as for the job fair's workbooks. Every row is checked by the web
form (`ImportedPostForm`) and then by `services.save_post`; all rows are saved or none.
"""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from yingcai.core.choices import Degree, ProfessionalTitle
from yingcai.core.humanize import join_list
from yingcai.core.models import DisciplineField
from yingcai.core.spreadsheets import (
    NO_REQUIREMENT,
    Cells,
    Choices,
    Column,
    ImportResult,
    RowError,
    Sheet,
    labels,
    read_rows,
    template,
    workbook,
)

from . import services
from .forms_institution import MAX_QUESTIONS, ImportedPostForm, questions_text
from .models import Post

MAX_ROWS = 500

COLUMNS = [
    Column("code", "岗位代码", "Post code", True, 12),
    # The Chinese texts keep the headings of the first templates, which still import; the
    # English ones are optional columns.
    Column("name_zh_hans", "岗位名称", "Post name", True, 28),
    Column("name_en", "英文岗位名称", "Post name in English", width=28),
    Column("headcount", "招聘人数", "Headcount", True, 10),
    Column("majors_zh_hans", "学科专业要求", "Discipline and major requirements", True, 36),
    Column(
        "majors_en", "英文学科专业要求", "Discipline and major requirements in English", width=36
    ),
    Column("fields", "学科领域", "Discipline fields", width=28),
    Column("degree_min", "最低学历", "Minimum degree", True, 14),
    Column("title_min", "职称要求", "Professional title required", width=20),
    Column("max_age", "年龄上限", "Maximum age", width=10),
    Column("other_conditions_zh_hans", "其他条件", "Other conditions", width=36),
    Column("other_conditions_en", "英文其他条件", "Other conditions in English", width=36),
    Column("method", "考核方式", "Assessment method", True, 22),
    Column("written_weight", "笔试权重(%)", "Written exam weight (%)", width=12),
    Column("exempt_from_ratio", "不设开考比例", "Exempt from the ratio", width=14),
    Column("questions", "报名问题", "Questions", width=40),
]
# Columns of the export that the import recognises and leaves aside: an exported file can be
# imported again, into another round.
EXPORT_ONLY = [
    Column("id", "编号", "Number", width=8),
    Column("round", "招聘批次", "Round", width=30),
    Column("status", "状态", "Status", width=10),
    Column("applications", "报名人数", "Applicants", width=10),
    Column("created_at", "创建时间", "Created", width=18),
]
POSTS_SHEET = "岗位 Posts"
EXAMPLE_NAME = "示例 Example: 临床医学研究岗 Clinical research post"
SHEET = Sheet(
    POSTS_SHEET,
    COLUMNS,
    EXPORT_ONLY,
    # The keys of the templates before the English columns.
    old_headings={
        "name": "name_zh_hans",
        "majors": "majors_zh_hans",
        "other_conditions": "other_conditions_zh_hans",
    },
    example=("name_zh_hans", EXAMPLE_NAME),
)
# The methods' names in both languages, fixed like the headings, so a file reads the same
# whatever the language of the page that made it.
METHODS = [
    (Post.Method.DIRECT.value, "直接考核", "direct assessment"),
    (Post.Method.INTERVIEW.value, "面试", "interview only"),
    (Post.Method.WRITTEN_INTERVIEW.value, "笔试和面试", "written exam and interview"),
]
METHOD_SPELLINGS = [
    ("考核", Post.Method.DIRECT.value),
    ("直接考察", Post.Method.DIRECT.value),
    ("仅面试", Post.Method.INTERVIEW.value),
    ("interview", Post.Method.INTERVIEW.value),
    ("笔试+面试", Post.Method.WRITTEN_INTERVIEW.value),
    ("笔试加面试", Post.Method.WRITTEN_INTERVIEW.value),
    ("written + interview", Post.Method.WRITTEN_INTERVIEW.value),
]
DEGREE_SPELLINGS = [
    ("博士研究生", Degree.DOCTOR.value),
    ("phd", Degree.DOCTOR.value),
    ("硕士研究生", Degree.MASTER.value),
    ("学士", Degree.BACHELOR.value),
    ("大学本科", Degree.BACHELOR.value),
]
# Several discipline fields in one cell.
_SEPARATORS = re.compile(r"[,，、;；\n]+")


# --- Valid values --------------------------------------------------------------------------
def valid_values() -> dict[str, list[tuple[str, str, str]]]:
    return {
        "fields": list(DisciplineField.objects.values_list("slug", "name_zh_hans", "name_en")),
        "degree_min": labels(Degree.choices),
        "title_min": labels(ProfessionalTitle.choices),
        "method": METHODS,
    }


VALUE_SECTIONS = [
    ("fields", "学科领域 Discipline fields"),
    ("degree_min", "学历 Degrees"),
    ("title_min", "职称 Professional titles"),
    ("method", "考核方式 Assessment methods"),
]
# Columns whose cells get a drop-down of the valid codes (fields take several: none).
DROP_DOWNS = ("degree_min", "title_min", "method")


# --- The template --------------------------------------------------------------------------
def _example_row() -> dict:
    return {
        "code": "2020-001",
        "name_zh_hans": EXAMPLE_NAME,
        "name_en": "Example: Clinical research post",
        "headcount": 2,
        "majors_zh_hans": "临床医学、基础医学",
        "majors_en": "Clinical or basic medicine",
        "fields": "biomedicine, healthcare",
        "degree_min": Degree.DOCTOR.value,
        "title_min": "",
        "max_age": 40,
        "other_conditions_zh_hans": "具有2年以上临床工作经历",
        "other_conditions_en": "At least 2 years of clinical practice",
        "method": Post.Method.WRITTEN_INTERVIEW.value,
        "written_weight": 60,
        "exempt_from_ratio": "否 no",
        "questions": (
            "* 请简述您的研究方向 Describe your research\n可到岗时间 When could you start?"
        ),
    }


def template_workbook() -> bytes:
    return template(
        SHEET,
        example=_example_row(),
        notes=[
            "说明 Notes: * 必填 required. "
            f"名称为“{EXAMPLE_NAME}”的示例行不会导入 / the example row is not imported. "
            f"每次最多 at most {MAX_ROWS} 行 rows.",
            "学科领域可填多个，用逗号分隔 Several discipline fields: separate them with commas. "
            "笔试权重仅用于笔试和面试 The written weight (1–99) is for written exam and interview "
            "only; the interview weighs the rest. 报名问题每行一个，以*开头为必答 Questions: one "
            f"per line, start with * when an answer is required (at most {MAX_QUESTIONS}).",
        ],
        sections=VALUE_SECTIONS,
        known=valid_values(),
        drop_downs=DROP_DOWNS,
        max_rows=MAX_ROWS,
    )


# --- Validating rows -----------------------------------------------------------------------
class _Converter:
    """The recruitment's reading of a row: its choices, and the discipline fields it names."""

    def __init__(self):
        known = valid_values()
        self.choices = {
            "degree_min": Choices(known["degree_min"], DEGREE_SPELLINGS),
            "title_min": Choices(known["title_min"], [(s, "") for s in NO_REQUIREMENT]),
            "method": Choices([*known["method"], *labels(Post.Method.choices)], METHOD_SPELLINGS),
        }
        self.names = {
            "degree_min": _("minimum degree"),
            "title_min": _("professional title"),
            "method": _("assessment method"),
        }
        self.fields = Choices(known["fields"])
        self.field_objects = {f.slug: f for f in DisciplineField.objects.all()}

    def convert(self, cells: Cells) -> tuple[dict, list[DisciplineField]]:
        data, fields = {}, []
        for column in COLUMNS:
            key = column.key
            if key in self.choices:
                data[key] = cells.choice(key, self.choices[key], self.names[key])
            elif key == "fields":
                slugs = cells.choices(key, self.fields, _("discipline field"), _SEPARATORS)
                fields = [self.field_objects[slug] for slug in slugs]
            elif key in ("headcount", "max_age", "written_weight"):
                data[key] = cells.number(key, percent=True)
            elif key == "exempt_from_ratio":
                data[key] = cells.yes_no(key)
            else:
                data[key] = cells.text(key)
        return data, fields


@dataclass
class _Row:
    number: int
    post: Post
    fields: list[DisciplineField]
    questions: list[dict]


def validate_rows(rows, round_, institution) -> tuple[list[_Row], list[RowError]]:
    converter = _Converter()
    taken = set(round_.posts.values_list("code", flat=True))
    seen: dict[str, int] = {}
    valid, errors = [], []
    for number, row in rows:
        cells = Cells(SHEET, row)
        data, fields = converter.convert(cells)
        form = ImportedPostForm(data=data, instance=Post(round=round_, institution=institution))
        form.is_valid()
        messages = cells.messages(form.errors)
        code = form.cleaned_data.get("code")
        if code in taken:
            messages.append(
                _("%(column)s: another post of this round has the code “%(code)s”.")
                % {"column": SHEET.label("code"), "code": code}
            )
        elif code in seen:
            messages.append(
                _("%(column)s: “%(code)s” is also the code of row %(row)d.")
                % {"column": SHEET.label("code"), "code": code, "row": seen[code]}
            )
        elif code:
            seen[code] = number
        if messages:
            errors.append(RowError(number, messages))
        else:
            # Keep the unsaved post, not the form: hundreds of forms weigh on memory.
            valid.append(_Row(number, form.instance, fields, form.cleaned_data["questions"]))
    return valid, errors


class _Rollback(Exception):
    pass


def import_posts(actor, institution, round_, uploaded) -> ImportResult:
    """Create one post per row in `round_`, all or none; file-level problems raise
    ValidationError."""
    rows = read_rows(
        uploaded,
        SHEET,
        max_rows=MAX_ROWS,
        too_many=_("Import at most %(n)s posts at once: split the file.") % {"n": MAX_ROWS},
        empty=_("The workbook holds no post."),
    )
    valid, errors = validate_rows(rows, round_, institution)
    if errors:
        return ImportResult(errors=errors)
    result = ImportResult()
    try:
        with transaction.atomic():
            for row in valid:
                try:
                    result.created.append(
                        services.save_post(
                            actor, row.post, fields=row.fields, questions=row.questions
                        )
                    )
                except ValidationError as error:
                    messages = (
                        SHEET.messages(error.message_dict)
                        if hasattr(error, "error_dict")
                        else error.messages
                    )
                    result.errors.append(RowError(row.number, messages))
                except IntegrityError:
                    # Another import of the same codes at the same moment.
                    result.errors.append(
                        RowError(row.number, [_("Another post of this round has this code.")])
                    )
            if result.errors:
                raise _Rollback
    except _Rollback:
        result.created = []
    return result


# --- The export ----------------------------------------------------------------------------
def _yes_no(value: bool) -> str:
    return "是 yes" if value else "否 no"


def posts_workbook(posts) -> bytes:
    """`posts` with `round` selected, `fields` and `questions` prefetched and `n_applications`
    annotated."""
    headings = [EXPORT_ONLY[0], *COLUMNS, *EXPORT_ONLY[1:]]

    def rows():
        for post in posts:
            yield [
                post.pk,
                post.code,
                post.name_zh_hans,
                post.name_en,
                post.headcount,
                post.majors_zh_hans,
                post.majors_en,
                # Labels in the reader's language, never codes: the import reads them back.
                join_list(f.name for f in post.fields.all()),
                post.get_degree_min_display(),
                post.get_title_min_display(),
                post.max_age,
                post.other_conditions_zh_hans,
                post.other_conditions_en,
                post.get_method_display(),
                post.written_weight if post.method == Post.Method.WRITTEN_INTERVIEW else None,
                _yes_no(post.exempt_from_ratio),
                questions_text(post.questions.all()),
                post.round.title,
                post.get_status_display(),
                post.n_applications,
                post.created_at,
            ]

    return workbook(POSTS_SHEET, headings, rows())
