"""Job requirements and applicants in Excel (.xlsx): the import template, the import, exports.

The columns and the job fair's rules; reading, writing and their safety are
`yingcai.core.spreadsheets`. Every imported row goes through `JobForm`, the web form's
validation, and the import saves all rows or none.
"""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from yingcai.core.choices import Degree, ProfessionalTitle
from yingcai.core.models import DisciplineField, District
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
from yingcai.privacy.rules import consent_is_active

from . import services
from .forms_employer import ImportedJobForm
from .models import Job

MAX_ROWS = 2000

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
JOBS_SHEET = "岗位 Jobs"
SHEET = Sheet(
    JOBS_SHEET,
    COLUMNS,
    EXPORT_ONLY,
    # The keys of the templates before the English columns.
    old_headings={"title": "title_zh_hans", "description": "description_zh_hans"},
    example=("title_zh_hans", EXAMPLE_TITLE),
)
CHOICES = ("field", "district", "degree_min", "title_min", "interview_mode")


# --- Valid values --------------------------------------------------------------------------
def valid_values() -> dict[str, list[tuple[str, str, str]]]:
    return {
        "field": list(DisciplineField.objects.values_list("slug", "name_zh_hans", "name_en")),
        "district": list(District.objects.values_list("slug", "name_zh_hans", "name_en")),
        "degree_min": labels(Degree.choices),
        "title_min": labels(ProfessionalTitle.choices),
        "interview_mode": labels(Job.InterviewMode.choices),
    }


# --- The template --------------------------------------------------------------------------
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


def template_workbook() -> bytes:
    return template(
        SHEET,
        example=_example_row(),
        notes=[
            "说明 Notes: * 必填 required. 日期 dates: YYYY-MM-DD. "
            f"标题为“{EXAMPLE_TITLE}”的示例行不会导入 / the example row is not imported. "
            f"每次最多 at most {MAX_ROWS} 行 rows."
        ],
        sections=VALUE_SECTIONS,
        known=valid_values(),
        drop_downs=CHOICES,
        max_rows=MAX_ROWS,
        formats={"deadline": "yyyy-mm-dd"},
    )


# --- Reading and validating rows -----------------------------------------------------------
class _Converter:
    """The job fair's reading of a row: its choices, and the primary keys the form takes."""

    def __init__(self):
        known = valid_values()
        blank = [(s, "") for s in NO_REQUIREMENT]
        self.choices = {
            "field": Choices(known["field"]),
            "district": Choices(known["district"]),
            "degree_min": Choices(known["degree_min"], blank),
            "title_min": Choices(known["title_min"], blank),
            "interview_mode": Choices(known["interview_mode"], [("", Job.InterviewMode.EITHER)]),
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

    def convert(self, cells: Cells) -> dict:
        data = {}
        for column in COLUMNS:
            key = column.key
            if key in self.choices:
                code = cells.choice(key, self.choices[key], self.names[key])
                data[key] = self.pks[key].get(code, "") if key in self.pks else code
            elif key in ("salary_min", "salary_max", "headcount"):
                data[key] = cells.number(key)
            elif key == "deadline":
                data[key] = cells.day(key)
            elif key == "overseas_friendly":
                data[key] = cells.yes_no(key)
            else:
                data[key] = cells.text(key)
        if data["headcount"] == "":
            data["headcount"] = "1"
        return data


def validate_rows(rows: list[tuple[int, dict]]) -> tuple[list[tuple[int, Job]], list[RowError]]:
    converter = _Converter()
    known = {
        "field": {str(f.pk): f for f in DisciplineField.objects.all()},
        "district": {str(d.pk): d for d in District.objects.all()},
    }
    jobs, errors = [], []
    for number, row in rows:
        cells = Cells(SHEET, row)
        form = ImportedJobForm(data=converter.convert(cells), known=known)
        valid = form.is_valid()
        messages = cells.messages(form.errors)
        if messages or not valid:
            errors.append(RowError(number, messages or [_("This row is not valid.")]))
        else:
            # Keep the unsaved job, not the form: thousands of forms weigh on memory.
            jobs.append((number, form.instance))
    return jobs, errors


def _service_messages(error: ValidationError) -> list[str]:
    if not hasattr(error, "error_dict"):
        return error.messages
    return SHEET.messages(error.message_dict)


def import_jobs(actor, organisation, uploaded) -> ImportResult:
    """Create one draft per row, all or none; file-level problems raise ValidationError."""
    rows = read_rows(
        uploaded,
        SHEET,
        max_rows=MAX_ROWS,
        too_many=_("Import at most %(n)s job requirements at once: split the file.")
        % {"n": MAX_ROWS},
        empty=_("The workbook holds no job requirement."),
    )
    jobs, errors = validate_rows(rows)
    if errors:
        return ImportResult(errors=errors)
    result = ImportResult()
    try:
        result.created = services.create_jobs(actor, organisation, [job for _number, job in jobs])
    except services.JobsInvalid as invalid:
        numbers = [number for number, _job in jobs]
        result.errors = [
            RowError(numbers[index], _service_messages(error)) for index, error in invalid.problems
        ]
    return result


# --- Exports -------------------------------------------------------------------------------
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
                job.created_at,
                job.published_at,
            ]

    return workbook(JOBS_SHEET, headings, rows())


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
                application.created_at,
                application.rating,
            ]

    return workbook("申请人 Applicants", APPLICANT_COLUMNS, rows())
