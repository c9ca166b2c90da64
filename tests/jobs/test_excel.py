"""Excel: the template, the all-or-nothing import, and the exports of jobs and applicants."""

import io
import zipfile
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from yingcai.core.models import AuditEntry
from yingcai.core.spreadsheets import MAX_BYTES, MAX_UNCOMPRESSED, XLSX
from yingcai.jobs import excel, services
from yingcai.jobs.models import Job

from ..factories import JobFactory
from .test_employer import applicant, draft_job, en

HEADINGS = [c.heading for c in excel.COLUMNS]


# The texts are given in Chinese unless a test names the language.
CHINESE = {"title": "title_zh_hans", "description": "description_zh_hans"}


def row(**overrides):
    values = {
        "title_zh_hans": "芯片验证工程师",
        "description_zh_hans": "负责芯片验证。",
        "field": "electronic-information",
        "district": "yubei",
        "degree_min": "master",
        "title_min": "",
        "salary_min": 15000,
        "salary_max": 30000,
        "headcount": 2,
        "deadline": timezone.localdate() + timedelta(days=40),
        "interview_mode": "either",
        "overseas_friendly": "否",
        "contact_name": "王老师",
        "contact_email": "hr@example.cn",
        "contact_phone": 2312345678,
    }
    values.update({CHINESE.get(k, k): v for k, v in overrides.items()})
    return [values.get(c.key) for c in excel.COLUMNS]


def xlsx(rows, headings=HEADINGS, name="jobs.xlsx") -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    if headings is not None:
        sheet.append(headings)
    for values in rows:
        sheet.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=XLSX)


def upload(client, organisation, file):
    return client.post(en("employer:jobs_import", organisation.pk), {"file": file})


# --- The template -----------------------------------------------------------------------
@pytest.mark.django_db
def test_template_has_bilingual_headings_valid_values_and_an_example(client, viewer, organisation):
    client.force_login(viewer)
    response = client.get(en("employer:jobs_template", organisation.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert "attachment" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    jobs, values = workbook.worksheets
    headings = [c.value for c in jobs[1]]
    assert "岗位名称 / Job title *" in headings and "截止日期 / Application deadline *" in headings
    assert jobs.cell(row=2, column=1).value == excel.EXAMPLE_TITLE
    listed = {c.value for column in values.iter_cols() for c in column if c.value}
    assert {"electronic-information", "电子信息", "yubei", "渝北区", "master", "on_site"} <= listed
    assert {"associate_senior", "either", "doctor"} <= listed
    assert jobs.data_validations.dataValidation  # drop-downs of the valid codes


@pytest.mark.django_db
def test_the_filled_in_template_imports(client, recruiter, organisation):
    client.force_login(recruiter)
    template = client.get(en("employer:jobs_template", organisation.pk)).content
    workbook = load_workbook(io.BytesIO(template))
    sheet = workbook.worksheets[0]
    sheet.append(row(title="机器人算法工程师", district="两江新区", field="电子信息"))
    sheet.append(
        row(
            title="Data engineer",
            degree_min="",
            title_min="intermediate",
            deadline=(timezone.localdate() + timedelta(days=10)).strftime("%Y/%m/%d"),
            interview_mode="online",
            overseas_friendly="yes",
            salary_min=None,
            salary_max=None,
            headcount=None,
        )
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = upload(client, organisation, SimpleUploadedFile("jobs.xlsx", buffer.getvalue()))
    assert response.status_code == 302
    assert response.url.endswith("?status=draft")
    jobs = {job.title: job for job in Job.objects.all()}
    assert set(jobs) == {"机器人算法工程师", "Data engineer"}  # the example row is left out
    robot, data = jobs["机器人算法工程师"], jobs["Data engineer"]
    assert robot.status == "draft" and robot.created_by == recruiter
    assert robot.district.slug == "liangjiang" and robot.field.slug == "electronic-information"
    assert robot.contact_phone == "2312345678" and robot.salary_max == 30000
    assert data.degree_min == "" and data.title_min == "intermediate"
    assert data.overseas_friendly and data.interview_mode == "online"
    assert data.salary_min is None and data.headcount == 1
    assert data.deadline == timezone.localdate() + timedelta(days=10)
    assert AuditEntry.objects.filter(action="job.created").count() == 2
    assert robot.search_document
    page = client.get(response.url).content.decode()
    assert "2 job requirements imported as drafts." in page


@pytest.mark.django_db
def test_the_jobs_sheet_is_found_wherever_it_was_moved(client, recruiter, organisation):
    client.force_login(recruiter)
    template = client.get(en("employer:jobs_template", organisation.pk)).content
    workbook = load_workbook(io.BytesIO(template))
    workbook.move_sheet(excel.JOBS_SHEET, offset=1)
    workbook[excel.JOBS_SHEET].append(row())
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = upload(client, organisation, SimpleUploadedFile("jobs.xlsx", buffer.getvalue()))
    assert response.status_code == 302
    assert Job.objects.get().title == "芯片验证工程师"


# --- All or nothing ------------------------------------------------------------------------
BAD_ROWS = [
    ({"field": "underwater-basket-weaving"}, "is not a valid discipline field"),
    ({"district": "manhattan"}, "is not a valid district or county"),
    ({"degree_min": "kindergarten"}, "is not a valid minimum degree"),
    ({"deadline": date(2020, 11, 21)}, "The deadline has already passed"),
    ({"deadline": "next week"}, "Enter a valid date"),
    ({"salary_min": 30000, "salary_max": 10000}, "below its lower end"),
    ({"salary_min": "a lot"}, "Enter a whole number"),
    ({"title": None}, "Give it in Chinese, in English or both"),
    ({"title": "岗" * 121}, "at most 120 characters"),
    ({"headcount": 0}, "greater than or equal to 1"),
    ({"contact_email": "hr at example"}, "Enter a valid email address"),
    ({"overseas_friendly": "maybe"}, "write yes or no"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("overrides", "message"), BAD_ROWS)
def test_one_bad_row_and_nothing_is_imported(client, recruiter, organisation, overrides, message):
    client.force_login(recruiter)
    file = xlsx([row(title="好的一行"), row(**overrides), row(title="另一行好的")])
    response = upload(client, organisation, file)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Nothing was imported: 1 row has mistakes." in page
    assert "<td>3</td>" in page  # the Excel row number: headings are row 1
    assert message in page
    assert not Job.objects.exists()


@pytest.mark.django_db
def test_every_bad_row_is_listed(client, recruiter, organisation):
    client.force_login(recruiter)
    rows = [row(), row(district="nowhere"), row(), row(title=None, salary_min=9, salary_max=1)]
    response = upload(client, organisation, xlsx(rows))
    page = response.content.decode()
    assert "2 rows have mistakes" in page
    assert "<td>3</td>" in page and "<td>5</td>" in page
    assert "below its lower end" in page and "Give it in Chinese, in English or both" in page
    assert not Job.objects.exists()


@pytest.mark.django_db
def test_empty_rows_in_between_are_skipped(client, recruiter, organisation):
    client.force_login(recruiter)
    response = upload(client, organisation, xlsx([row(), [None] * len(HEADINGS), ["  "], row()]))
    assert response.status_code == 302
    assert Job.objects.count() == 2


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


def zip_bomb_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (MAX_UNCOMPRESSED + 1))
    return buffer.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: SimpleUploadedFile("jobs.xlsx", b"name,title\n1,2\n"), "not an Excel workbook"),
        (lambda: SimpleUploadedFile("jobs.xlsx", b"%PDF-1.4 not a sheet"), "not an Excel workbook"),
        (lambda: SimpleUploadedFile("jobs.xlsx", docx_bytes()), "not an Excel workbook"),
        (lambda: SimpleUploadedFile("jobs.xlsx", zip_bomb_bytes()), "too much data"),
        (lambda: SimpleUploadedFile("jobs.xlsx", b""), "The submitted file is empty"),
        (lambda: xlsx([], headings=None), "first row must hold the column headings"),
        (lambda: xlsx([]), "holds no job requirement"),
        (lambda: xlsx([row()], headings=[*HEADINGS[:-1], "Favourite colour"]), "Unknown columns"),
        (
            lambda: xlsx([row()[1:]], headings=HEADINGS[1:]),
            "Missing columns: “岗位名称 / Job title”",
        ),
        (
            lambda: SimpleUploadedFile("jobs.xlsx", b"PK\x03\x04" + b"\0" * (MAX_BYTES + 1)),
            "too large",
        ),
    ],
)
def test_bad_files_are_refused_clearly(client, recruiter, organisation, make, message):
    client.force_login(recruiter)
    response = upload(client, organisation, make())
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Job.objects.exists()


@pytest.mark.django_db
def test_too_many_rows_are_refused(client, recruiter, organisation):
    client.force_login(recruiter)
    response = upload(client, organisation, xlsx([row()] * (excel.MAX_ROWS + 1)))
    assert response.status_code == 400
    assert "Import at most 2000 job requirements at once" in response.content.decode()
    assert not Job.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["viewer", "talent", "outsider", "verifier"])
def test_import_refused_to_the_wrong_role(client, request, organisation, who):
    client.force_login(request.getfixturevalue(who))
    assert upload(client, organisation, xlsx([row()])).status_code == 403
    assert not Job.objects.exists()


# --- Exports -----------------------------------------------------------------------------
def sheet_rows(response):
    assert response["Content-Type"] == XLSX
    workbook = load_workbook(io.BytesIO(response.content))
    return [[c.value for c in r] for r in workbook.worksheets[0].iter_rows()], workbook


@pytest.mark.django_db
def test_jobs_export_opens_and_reimports(client, recruiter, organisation):
    published = JobFactory(organisation=organisation, title='=HYPERLINK("http://evil")')
    applicant(published)
    draft_job(organisation, title="草稿岗位")
    JobFactory(title="别家的岗位")
    client.force_login(recruiter)
    response = client.get(en("employer:jobs_export", organisation.pk))
    rows, workbook = sheet_rows(response)
    assert rows[0][0] == "编号 / Number" and "岗位名称 / Job title" in rows[0]
    titles = [r[1] for r in rows[1:]]
    assert sorted(titles) == sorted([published.title, "草稿岗位"])
    cell = next(c for c in workbook.worksheets[0]["B"] if c.value == published.title)
    assert cell.data_type == "s"  # text, never a formula
    exported = next(r for r in rows if r[1] == published.title)
    assert exported[rows[0].index("申请人数 / Applicants")] == 1
    assert exported[rows[0].index("状态 / Status")] == "published"
    # The exported file is a valid import (as new drafts), its extra columns left aside.
    Job.objects.filter(organisation=organisation).update(deadline=published.deadline)
    again = upload(client, organisation, SimpleUploadedFile("again.xlsx", response.content))
    assert again.status_code == 302
    assert Job.objects.filter(organisation=organisation, status="draft").count() == 3


@pytest.mark.django_db
def test_applicants_export_of_one_job_and_of_all(
    client, viewer, recruiter, organisation, django_assert_max_num_queries
):
    first = JobFactory(organisation=organisation, title="第一个岗位")
    second = JobFactory(organisation=organisation, title="第二个岗位")
    applications = [applicant(first) for _ in range(3)] + [applicant(second)]
    services.rate(recruiter, applications[0], 4)
    applicant(JobFactory(title="别家的岗位"))
    client.force_login(viewer)
    with django_assert_max_num_queries(12):
        response = client.get(en("employer:applicants_export", organisation.pk))
    rows, _ = sheet_rows(response)
    assert rows[0][:4] == [
        "岗位 / Job requirement",
        "姓名 / Name",
        "邮箱 / E-mail",
        "手机 / Mobile",
    ]
    assert len(rows) == 5
    assert {r[2] for r in rows[1:]} == {a.talent.email for a in applications}
    assert "别家的岗位" not in {r[0] for r in rows}
    response = client.get(en("employer:applicants_export", organisation.pk), {"job": first.pk})
    rows, _ = sheet_rows(response)
    assert len(rows) == 4 and {r[0] for r in rows[1:]} == {"第一个岗位"}
    assert {r[6] for r in rows[1:]} == {"applied"}
    assert {r[8] for r in rows[1:]} == {4, None}
    assert AuditEntry.objects.filter(action="applicants.exported", actor=viewer).count() == 2
    foreign = JobFactory()
    response = client.get(en("employer:applicants_export", organisation.pk), {"job": foreign.pk})
    assert response.status_code == 404
    assert (
        client.get(en("employer:applicants_export", organisation.pk), {"job": "x"}).status_code
        == 404
    )


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["talent", "outsider", "verifier", "anonymous"])
def test_exports_refused_to_non_members(client, request, organisation, who):
    job = JobFactory(organisation=organisation)
    application = applicant(job)
    if who == "talent":
        client.force_login(application.talent)  # even the applicant
    elif who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    response = client.get(en("employer:applicants_export", organisation.pk))
    if who == "anonymous":
        assert response.status_code == 302
    else:
        assert response.status_code == 403
    if who in ("talent", "outsider"):
        assert client.get(en("employer:jobs_export", organisation.pk)).status_code == 403
