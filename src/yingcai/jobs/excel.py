"""Job requirements and applicants in Excel (.xlsx): the import template, the import, exports.

Column headings are written in both languages at once, whatever the page's language, so a file
travels between colleagues and the import recognises it whichever language it was made in.
Every imported row goes through `JobForm`, the web form's validation, and the import saves all
rows or none.
"""

import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.worksheet.datavalidation import DataValidation

from yingcai.core.choices import Degree, ProfessionalTitle
from yingcai.core.models import DisciplineField, District
from yingcai.privacy.rules import consent_is_active

from . import services
from .forms_employer import ImportedJobForm, JobForm
from .models import Job

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2000
# A 2 MB zip can inflate to gigabytes of XML; refuse before openpyxl reads it.
MAX_UNCOMPRESSED = 60 * 1024 * 1024
MAX_COLUMNS = 40
LANGUAGES = ("zh-hans", "en")


@dataclass(frozen=True)
class Column:
    key: str
    zh: str
    en: str
    required: bool = False
    width: int = 16

    @property
    def heading(self) -> str:
        return f"{self.zh} / {self.en}" + (" *" if self.required else "")


COLUMNS = [
    # The Chinese texts keep the headings of the first templates, which still import; the
    # English ones are optional columns (a row may give only English, see JobForm).
    Column("title_zh_hans", "岗位名称", "Job title", True, 28),
    Column("title_en", "英文岗位名称", "Job title in English", width=28),
    Column("description_zh_hans", "岗位描述", "Description", True, 40),
    Column("description_en", "英文岗位描述", "Description in English", width=40),
    Column("field", "学科领域", "Discipline field", True, 24),
    Column("district", "工作区县", "District or county", True, 18),
    Column("degree_min", "最低学历", "Minimum degree"),
    Column("title_min", "职称要求", "Professional title required", width=20),
    Column("salary_min", "月薪下限(元)", "Monthly salary from (CNY)"),
    Column("salary_max", "月薪上限(元)", "Monthly salary to (CNY)"),
    Column("headcount", "招聘人数", "Headcount", True, 12),
    Column("deadline", "截止日期", "Application deadline", True, 14),
    Column("interview_mode", "面试方式", "Interview mode"),
    Column("overseas_friendly", "欢迎海外人才", "Welcomes overseas talents"),
    Column("contact_name", "联系人", "Contact person"),
    Column("contact_email", "联系邮箱", "Contact e-mail", width=24),
    Column("contact_phone", "联系电话", "Contact telephone"),
]
# Columns of the export that the import recognises and leaves aside: an exported file can be
# imported again (as new drafts).
EXPORT_ONLY = [
    Column("id", "编号", "Number", width=8),
    Column("status", "状态", "Status", width=12),
    Column("applications", "申请人数", "Applicants", width=10),
    Column("created_at", "创建时间", "Created", width=18),
    Column("published_at", "发布时间", "Published", width=18),
]
EXAMPLE_TITLE = "示例 Example: 集成电路设计工程师 IC design engineer"
YES = {"yes", "y", "true", "1", "是", "x", "✓", "√"}
NO = {"", "no", "n", "false", "0", "否"}
NO_REQUIREMENT = {"", "不限", "无", "none", "any", "-", "—"}


def _normal(text) -> str:
    return " ".join(str(text).split()).casefold()


# --- Valid values --------------------------------------------------------------------------
def _labels(choices) -> list[tuple[str, str, str]]:
    """(value, Chinese label, English label) of text choices."""
    rows = []
    for value, label in choices:
        names = []
        for language in LANGUAGES:
            with translation.override(language):
                names.append(str(label))
        rows.append((value, *names))
    return rows


def valid_values() -> dict[str, list[tuple[str, str, str]]]:
    return {
        "field": list(DisciplineField.objects.values_list("slug", "name_zh_hans", "name_en")),
        "district": list(District.objects.values_list("slug", "name_zh_hans", "name_en")),
        "degree_min": _labels(Degree.choices),
        "title_min": _labels(ProfessionalTitle.choices),
        "interview_mode": _labels(Job.InterviewMode.choices),
    }


def _lookup(rows, extra=()) -> dict[str, str]:
    """Any of a value's spellings (its code, either language's name) → the value."""
    found = {}
    for value, *names in rows:
        for spelling in (value, *names):
            if spelling:
                found.setdefault(_normal(spelling), str(value))
    for spelling, value in extra:
        found.setdefault(_normal(spelling), value)
    return found


# --- The template --------------------------------------------------------------------------
JOBS_SHEET = "岗位 Jobs"
VALUES_SHEET = "有效值 Valid values"
VALUE_SECTIONS = [
    ("field", "学科领域 Discipline fields"),
    ("district", "区县 Districts and counties"),
    ("degree_min", "学历 Degrees"),
    ("title_min", "职称 Professional titles"),
    ("interview_mode", "面试方式 Interview modes"),
]


def _example_row() -> dict:
    return {
        "title_zh_hans": EXAMPLE_TITLE,
        "title_en": "Example: IC design engineer",
        "description_zh_hans": "负责芯片前端设计与验证。",
        "description_en": "Front-end chip design and verification.",
        "field": "electronic-information",
        "district": "yubei",
        "degree_min": Degree.MASTER.value,
        "title_min": "",
        "salary_min": 15000,
        "salary_max": 30000,
        "headcount": 2,
        "deadline": timezone.localdate() + timedelta(days=30),
        "interview_mode": Job.InterviewMode.EITHER.value,
        "overseas_friendly": "是 yes",
        "contact_name": "王老师",
        "contact_email": "hr@example.cn",
        "contact_phone": "023-12345678",
    }


def xlsx_response(content: bytes, filename: str):
    """A workbook as a download."""
    from django.http import HttpResponse

    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def file_stem(organisation) -> str:
    """An organisation's name fit for a file name (its English name, else its number)."""
    from django.utils.text import slugify

    return slugify(organisation.name_en or "") or f"organisation-{organisation.pk}"


def template_bytes(
    *, title, columns, example, notes, sections, known, drop_downs, max_rows, formats=None
) -> bytes:
    """An import template: the sheet to fill (bold headings, a grey example row, drop-downs of
    the codes) and a sheet of notes and valid values. Shared by every Excel import."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    bold = Font(bold=True)
    sheet.append([c.heading for c in columns])
    for index, column in enumerate(columns, start=1):
        sheet.cell(row=1, column=index).font = bold
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = column.width
    sheet.append([example[c.key] for c in columns])
    for cell in sheet[2]:
        cell.font = Font(italic=True, color="808080")
    position = {c.key: index for index, c in enumerate(columns, start=1)}
    for key, number_format in (formats or {}).items():
        sheet.cell(row=2, column=position[key]).number_format = number_format
    sheet.freeze_panes = "A2"

    values = workbook.create_sheet(VALUES_SHEET)
    for row in [*notes, "", ""][:2]:  # the values start on row 3
        values.append([row] if row else [])
    for section, (key, heading) in enumerate(sections):
        first = section * 4 + 1
        values.cell(row=3, column=first, value=heading).font = bold
        for offset, name in enumerate(("代码 Code", "中文", "English")):
            values.cell(row=4, column=first + offset, value=name).font = bold
        rows = known[key]
        for r, row in enumerate(rows, start=5):
            for offset, value in enumerate(row):
                values.cell(row=r, column=first + offset, value=value)
        if key not in drop_downs:
            continue
        letter = values.cell(row=4, column=first).column_letter
        target = sheet.cell(row=2, column=position[key]).column_letter
        # A drop-down of the codes; names typed by hand are accepted too, so no error box.
        validation = DataValidation(
            type="list",
            formula1=f"'{VALUES_SHEET}'!${letter}$5:${letter}${4 + len(rows)}",
            allow_blank=True,
            showErrorMessage=False,
        )
        validation.add(f"{target}2:{target}{max_rows + 1}")
        sheet.add_data_validation(validation)
    values.cell(row=3, column=len(sections) * 4 + 1, value="是否 Yes/no").font = bold
    values.cell(row=4, column=len(sections) * 4 + 1, value="是 yes / 否 no")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def template_workbook() -> bytes:
    return template_bytes(
        title=JOBS_SHEET,
        columns=COLUMNS,
        example=_example_row(),
        notes=[
            "说明 Notes: * 必填 required. 日期 dates: YYYY-MM-DD. "
            f"标题为“{EXAMPLE_TITLE}”的示例行不会导入 / the example row is not imported. "
            f"每次最多 at most {MAX_ROWS} 行 rows."
        ],
        sections=VALUE_SECTIONS,
        known=valid_values(),
        drop_downs={key for key, _title in VALUE_SECTIONS},
        max_rows=MAX_ROWS,
        formats={"deadline": "yyyy-mm-dd"},
    )


def _column(key: str) -> Column:
    return next(c for c in COLUMNS if c.key == key)


# --- Reading a file ------------------------------------------------------------------------
@dataclass
class RowError:
    row: int
    messages: list[str]


@dataclass
class ImportResult:
    jobs: list[Job] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def check_file(uploaded) -> None:
    """Refuse anything but a reasonably small .xlsx workbook, judged by its content."""
    if uploaded.size > MAX_BYTES:
        raise ValidationError(
            _("The file is too large: at most %(mb)d MB.") % {"mb": MAX_BYTES // (1024 * 1024)}
        )
    if uploaded.size == 0:
        raise ValidationError(_("The file is empty."))
    not_xlsx = ValidationError(
        _("This is not an Excel workbook (.xlsx). Start from the template and save it as .xlsx.")
    )
    uploaded.seek(0)
    try:
        with zipfile.ZipFile(uploaded) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise not_xlsx from None
    finally:
        uploaded.seek(0)
    if "xl/workbook.xml" not in {m.filename for m in members}:
        raise not_xlsx
    if sum(m.file_size for m in members) > MAX_UNCOMPRESSED:
        raise ValidationError(_("The workbook holds too much data to be imported."))


def _heading_lookup() -> dict[str, str | None]:
    found: dict[str, str | None] = {}
    for column in COLUMNS:
        for spelling in (
            column.heading,
            column.heading.rstrip(" *"),
            column.zh,
            column.en,
            column.key,
        ):
            found[_normal(spelling)] = column.key
    # The keys of the templates before the English columns.
    found.update({"title": "title_zh_hans", "description": "description_zh_hans"})
    for column in EXPORT_ONLY:
        for spelling in (column.heading, column.zh, column.en, column.key):
            found.setdefault(_normal(spelling), None)
    return found


def read_rows(uploaded) -> list[tuple[int, dict]]:
    """(row number in Excel, {column key: cell value}) of every non-empty row."""
    return read_sheet(
        uploaded,
        sheet_name=JOBS_SHEET,
        lookup=_heading_lookup(),
        required={c.key: c.heading.rstrip(" *") for c in COLUMNS if c.required},
        example=("title_zh_hans", EXAMPLE_TITLE),
        max_rows=MAX_ROWS,
        too_many=_too_many,
        empty=_("The workbook holds no job requirement."),
    )


def read_sheet(
    uploaded, *, sheet_name, lookup, required, example, max_rows, too_many, empty
) -> list[tuple[int, dict]]:
    """The rows of an imported template: (row number in Excel, {column key: cell value}).

    `lookup` maps normalised headings to column keys (None: a column that is only exported);
    `required` names the columns that must be there; the template's example row
    (`example` = (key, value)) is skipped. Shared by every Excel import (jobs, posts).
    """
    check_file(uploaded)
    try:
        workbook = load_workbook(uploaded, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds on a broken file
        raise ValidationError(_("The workbook could not be read. Is it damaged?")) from None
    try:
        if not workbook.worksheets:
            raise ValidationError(_("The workbook has no sheet."))
        # The template's sheet wherever it was moved; else the first one.
        if sheet_name in workbook.sheetnames:
            sheet = workbook[sheet_name]
        else:
            sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True)
        headings = next(rows, None)
        if not headings or not any(h not in (None, "") for h in headings):
            raise ValidationError(_("The first row must hold the column headings of the template."))
        keys: list[str | None] = []
        unknown = []
        for heading in headings:
            if heading is None or str(heading).strip() == "":
                keys.append(None)
                continue
            key = lookup.get(_normal(heading), "?")
            if key == "?":
                unknown.append(str(heading))
                key = None
            keys.append(key)
        if unknown:
            raise ValidationError(
                _("Unknown columns: %(names)s. Use the headings of the template.")
                % {"names": ", ".join(f"“{u}”" for u in unknown)}
            )
        missing = [label for key, label in required.items() if key not in keys]
        if missing:
            raise ValidationError(
                _("Missing columns: %(names)s.") % {"names": ", ".join(f"“{m}”" for m in missing)}
            )
        found = []
        example_key, example_value = example
        for number, values in enumerate(rows, start=2):
            if number > 10 * max_rows:
                # Formatted but empty rows count too: stop reading an endless sheet.
                raise too_many()
            if values is None or all(v is None or str(v).strip() == "" for v in values):
                continue
            row = {key: value for key, value in zip(keys, values, strict=False) if key}
            if str(row.get(example_key) or "").strip() == example_value:
                continue
            found.append((number, row))
            if len(found) > max_rows:
                raise too_many()
    finally:
        workbook.close()
    if not found:
        raise ValidationError(empty)
    return found


def _too_many() -> ValidationError:
    return ValidationError(
        _("Import at most %(n)s job requirements at once: split the file.") % {"n": MAX_ROWS}
    )


# --- Validating rows -----------------------------------------------------------------------
_DATE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")


class _Converter:
    """Turns cell values into what the web form receives, with clear words for bad ones."""

    def __init__(self):
        known = valid_values()
        blank = [(s, "") for s in NO_REQUIREMENT]
        self.lookups = {
            "field": _lookup(known["field"]),
            "district": _lookup(known["district"]),
            "degree_min": _lookup(known["degree_min"], blank),
            "title_min": _lookup(known["title_min"], blank),
            "interview_mode": _lookup(known["interview_mode"], [("", Job.InterviewMode.EITHER)]),
        }
        self.pks = {
            "field": dict(DisciplineField.objects.values_list("slug", "pk")),
            "district": dict(District.objects.values_list("slug", "pk")),
        }
        self.names = {
            "field": _("discipline field"),
            "district": _("district or county"),
            "degree_min": _("minimum degree"),
            "title_min": _("professional title"),
            "interview_mode": _("interview mode"),
        }

    @staticmethod
    def text(value) -> str:
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)  # a telephone number typed as a number
        if isinstance(value, datetime | date):
            return value.isoformat()
        return str(value).strip()

    def number(self, value):
        if isinstance(value, bool):
            return str(value)
        if isinstance(value, int | float):
            return str(int(value)) if float(value).is_integer() else str(value)
        return self.text(value).replace(",", "").replace("，", "").replace(" ", "")

    @staticmethod
    def day(value):
        if isinstance(value, datetime):
            return value.date().isoformat()
        if isinstance(value, date):
            return value.isoformat()
        text = _Converter.text(value)
        match = _DATE.match(text)
        if match:
            try:
                return date(*(int(g) for g in match.groups())).isoformat()
            except ValueError:
                return text
        return text

    def convert(self, row: dict) -> tuple[dict, list[str]]:
        data, problems = {}, []
        for column in COLUMNS:
            key, value = column.key, row.get(column.key)
            if key in self.lookups:
                text = self.text(value)
                code = self.lookups[key].get(_normal(text))
                if code is None:
                    problems.append(
                        _(
                            "%(column)s: “%(value)s” is not a valid %(what)s "
                            "(see the sheet of valid values)."
                        )
                        % {
                            "column": column.heading.rstrip(" *"),
                            "value": text,
                            "what": self.names[key],
                        }
                    )
                    code = ""
                if key in self.pks:
                    code = self.pks[key].get(code, "")
                data[key] = code
            elif key in ("salary_min", "salary_max", "headcount"):
                data[key] = self.number(value)
                if key == "headcount" and data[key] == "":
                    data[key] = "1"
            elif key == "deadline":
                data[key] = self.day(value)
            elif key == "overseas_friendly":
                text = _normal(self.text(value))
                words = set(text.split()) or {""}
                if words <= YES:
                    data[key] = "on"
                elif words <= NO:
                    data[key] = ""
                else:
                    problems.append(
                        _("%(column)s: write yes or no.") % {"column": column.heading.rstrip(" *")}
                    )
            else:
                data[key] = self.text(value)
        return data, problems


def _form_messages(form: JobForm) -> list[str]:
    messages = []
    for name, errors in form.errors.items():
        label = _column(name).heading.rstrip(" *") if name in form.fields else ""
        for message in errors:
            messages.append(f"{label}: {message}" if label else message)
    return messages


def validate_rows(rows: list[tuple[int, dict]]) -> tuple[list[tuple[int, Job]], list[RowError]]:
    converter = _Converter()
    known = {
        "field": {str(f.pk): f for f in DisciplineField.objects.all()},
        "district": {str(d.pk): d for d in District.objects.all()},
    }
    jobs, errors = [], []
    for number, row in rows:
        data, problems = converter.convert(row)
        form = ImportedJobForm(data=data, known=known)
        valid = form.is_valid()
        messages = problems + [m for m in _form_messages(form) if not _duplicate(m, problems)]
        if messages or not valid:
            errors.append(RowError(number, messages or [_("This row is not valid.")]))
        else:
            # Keep the unsaved job, not the form: thousands of forms weigh on memory.
            jobs.append((number, form.instance))
    return jobs, errors


def _service_messages(error: ValidationError) -> list[str]:
    if not hasattr(error, "error_dict"):
        return error.messages
    known = {c.key for c in COLUMNS}
    return [
        f"{_column(name).heading.rstrip(' *')}: {message}" if name in known else message
        for name, errors in error.message_dict.items()
        for message in errors
    ]


def _duplicate(message: str, problems: list[str]) -> bool:
    # A value we could not recognise also leaves the form's field empty ("required").
    return any(message.split(":", 1)[0] == p.split(":", 1)[0] for p in problems)


def import_jobs(actor, organisation, uploaded) -> ImportResult:
    """Create one draft per row, all or none; file-level problems raise ValidationError."""
    rows = read_rows(uploaded)
    jobs, errors = validate_rows(rows)
    if errors:
        return ImportResult(errors=errors)
    result = ImportResult()
    try:
        result.jobs = services.create_jobs(actor, organisation, [job for _number, job in jobs])
    except services.JobsInvalid as invalid:
        numbers = [number for number, _job in jobs]
        result.errors = [
            RowError(numbers[index], _service_messages(error)) for index, error in invalid.problems
        ]
    return result


# --- Exports -------------------------------------------------------------------------------
def _cell(sheet, value, **style):
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        # Never a formula: a title or a name starting with "=" stays text (CSV/formula injection).
        cell.data_type = "s"
    elif isinstance(value, datetime):
        cell.number_format = "yyyy-mm-dd hh:mm"
    elif isinstance(value, date):
        cell.number_format = "yyyy-mm-dd"
    for name, setting in style.items():
        setattr(cell, name, setting)
    return cell


def _local(moment):
    # Excel has no time zones: write the wall-clock time of Chongqing.
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


def _write(title: str, headings: list[Column], rows) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title)
    for index, column in enumerate(headings):
        letter = _letter(index + 1)
        sheet.column_dimensions[letter].width = column.width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    sheet.append([_cell(sheet, c.heading.rstrip(" *"), font=bold) for c in headings])
    for row in rows:
        sheet.append([_cell(sheet, value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)


def jobs_workbook(jobs) -> bytes:
    """`jobs` with `field`, `district` selected and `n_applications` annotated."""
    headings = [EXPORT_ONLY[0], *COLUMNS, *EXPORT_ONLY[1:]]

    def rows():
        for job in jobs:
            yield [
                job.pk,
                job.title_zh_hans,
                job.title_en,
                job.description_zh_hans,
                job.description_en,
                # Labels in the reader's language, never codes: the import reads them back.
                job.field.name,
                job.district.name,
                job.get_degree_min_display(),
                job.get_title_min_display(),
                job.salary_min,
                job.salary_max,
                job.headcount,
                job.deadline,
                job.get_interview_mode_display(),
                _("yes") if job.overseas_friendly else _("no"),
                job.contact_name,
                job.contact_email,
                job.contact_phone,
                job.get_status_display(),
                job.n_applications,
                _local(job.created_at),
                _local(job.published_at),
            ]

    return _write(JOBS_SHEET, headings, rows())


APPLICANT_COLUMNS = [
    Column("job", "岗位", "Job requirement", width=28),
    Column("name", "姓名", "Name", width=14),
    Column("email", "邮箱", "E-mail", width=26),
    Column("mobile", "手机", "Mobile", width=16),
    Column("degree", "学历", "Degree", width=12),
    Column("university", "毕业院校", "University", width=20),
    Column("stage", "阶段", "Stage", width=12),
    Column("applied", "申请时间", "Applied", width=18),
    Column("rating", "评分", "Rating", width=8),
]


def applicants_workbook(applications) -> bytes:
    """`applications` (a queryset) with job, talent, talent profile and stage selected."""
    # Passed under each talent's separate consent: nothing beyond the name once withdrawn.
    applications = applications.annotate(
        consent_active=consent_is_active("job_application", "talent_id", "job__organisation_id")
    )

    def rows():
        for application in applications:
            talent, shared = application.talent, application.consent_active
            profile = getattr(talent, "talent_profile", None) if shared else None
            yield [
                application.job.title,
                talent.name,
                talent.email if shared else "",
                (talent.mobile or "") if shared else "",
                profile.get_degree_display() if profile else "",
                profile.university if profile else "",
                str(application.stage),
                _local(application.created_at),
                application.rating,
            ]

    return _write("申请人 Applicants", APPLICANT_COLUMNS, rows())
