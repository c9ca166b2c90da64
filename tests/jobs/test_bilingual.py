"""Job requirements in both languages: each visitor reads theirs, else the other one."""

import io

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.validators import MaxLengthValidator
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import Workbook, load_workbook

from yingcai.jobs import excel, search, services
from yingcai.jobs.models import Job

from ..factories import JobFactory, ProfileFactory
from .test_employer import job_form_data
from .test_excel import row, upload

pytestmark = pytest.mark.django_db


def url(language, name, *args):
    with translation.override(language):
        return reverse(name, args=args)


def bilingual_job(**fields) -> Job:
    job = JobFactory(**fields)
    # As the services write it from a Chinese page (jobs/search.py indexes both columns once
    # the search rewrite is merged; until then it reads the active language's).
    with translation.override("zh-hans"):
        job.search_document = search.document_for(job)
    job.save(update_fields=["search_document"])
    return job


def both(organisation=None):
    extra = {"organisation": organisation} if organisation else {}
    return bilingual_job(
        title_zh_hans="芯片验证工程师",
        title_en="Chip verification engineer",
        description_zh_hans="负责芯片验证。",
        description_en="Verifies chips before tape-out.",
        **extra,
    )


def page(client, language, name, *args, **params) -> str:
    response = client.get(url(language, name, *args), params)
    assert response.status_code == 200
    return response.content.decode()


# --- Pages ---------------------------------------------------------------------------------------
def test_a_job_with_both_languages_shows_each_visitor_theirs(client):
    job = both()
    english = page(client, "en", "jobs:detail", job.pk)
    assert "Chip verification engineer" in english and "Verifies chips" in english
    assert "芯片验证工程师" not in english and "负责芯片验证" not in english
    chinese = page(client, "zh-hans", "jobs:detail", job.pk)
    assert "芯片验证工程师" in chinese and "负责芯片验证" in chinese
    assert "Chip verification engineer" not in chinese
    # The list and its excerpt, without and with search words (the cards of the results).
    for params in ({}, {"q": "芯片"}):
        listed = page(client, "en", "jobs:search", **params)
        assert "Chip verification engineer" in listed and "Verifies chips" in listed
        assert "芯片验证工程师" not in listed
        listed = page(client, "zh-hans", "jobs:search", **params)
        assert "芯片验证工程师" in listed and "负责芯片验证" in listed
        assert "Chip verification engineer" not in listed


def test_a_job_in_one_language_shows_it_to_visitors_of_the_other(client):
    chinese_only = bilingual_job(title="仅有中文的岗位", description="只有中文描述。")
    assert chinese_only.title_en is None
    english_only = bilingual_job(
        title_zh_hans="",
        title_en="English-only post",
        description_zh_hans="",
        description_en="Written in English.",
    )
    for job, title, text in [
        (chinese_only, "仅有中文的岗位", "只有中文描述"),
        (english_only, "English-only post", "Written in English."),
    ]:
        for language in ("zh-hans", "en"):
            assert title in page(client, language, "jobs:detail", job.pk)
            listed = page(client, language, "jobs:search")
            assert title in listed and text in listed


# --- API -----------------------------------------------------------------------------------------
def test_the_api_gives_the_callers_language_and_both(client):
    job = both()
    chinese_only = bilingual_job(title="仅有中文的岗位")
    english = client.get(f"/api/jobs/{job.pk}", HTTP_ACCEPT_LANGUAGE="en").json()
    assert english["title"] == "Chip verification engineer"
    assert english["description"] == "Verifies chips before tape-out."
    assert english["titles"] == {"zh-hans": "芯片验证工程师", "en": "Chip verification engineer"}
    assert english["descriptions"]["zh-hans"] == "负责芯片验证。"
    chinese = client.get(f"/api/jobs/{job.pk}", HTTP_ACCEPT_LANGUAGE="zh-hans").json()
    assert chinese["title"] == "芯片验证工程师"
    fallback = client.get(f"/api/jobs/{chinese_only.pk}", HTTP_ACCEPT_LANGUAGE="en").json()
    assert fallback["title"] == "仅有中文的岗位"
    assert fallback["titles"] == {"zh-hans": "仅有中文的岗位", "en": ""}
    listed = client.get("/api/jobs", HTTP_ACCEPT_LANGUAGE="en").json()["items"]
    assert "Chip verification engineer" in {item["title"] for item in listed}


# --- Mail ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("language", "shown", "hidden"),
    [("en", "Chip verification engineer", "芯片验证工程师"), ("zh-hans", "芯片验证工程师", "Chip")],
)
def test_mail_names_the_job_in_the_recipients_language(
    django_capture_on_commit_callbacks, language, shown, hidden
):
    job = both()
    talent = ProfileFactory(degree="doctor", user__language=language).user
    services.give_consent(talent, job.organisation)
    mail.outbox.clear()
    other = "zh-hans" if language == "en" else "en"
    with translation.override(other), django_capture_on_commit_callbacks(execute=True):
        services.apply(talent, job, "")
    sent = [m for m in mail.outbox if talent.email in m.to]
    assert sent and shown in sent[0].subject and hidden not in sent[0].subject


# --- The employer's form -------------------------------------------------------------------------
def test_the_english_fields_are_optional(client, recruiter, organisation):
    client.force_login(recruiter)
    data = job_form_data(title_en="", description_en="")
    response = client.post(url("en", "employer:job_create", organisation.pk), data)
    assert response.status_code == 302
    job = Job.objects.get()
    assert job.title_zh_hans == "大数据分析师" and not job.title_en and not job.description_en
    form = page(client, "zh-hans", "employer:job_create", organisation.pk)
    assert "职位名称（英文，可选）" in form and "职位描述（英文，可选）" in form


def test_english_only_is_accepted_and_neither_language_is_refused(client, recruiter, organisation):
    client.force_login(recruiter)
    data = job_form_data(title="", description="", title_en="Analyst", description_en="Analyses.")
    response = client.post(url("en", "employer:job_create", organisation.pk), data)
    assert response.status_code == 302
    assert Job.objects.get().title_en == "Analyst"
    data = job_form_data(title="", title_en="")
    response = client.post(url("zh-hans", "employer:job_create", organisation.pk), data)
    assert response.status_code == 200
    assert "请填写中文或英文，也可两者都填。" in response.content.decode()
    assert Job.objects.count() == 1


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_an_over_long_english_title_is_refused_in_the_visitors_language(
    client, recruiter, organisation, language
):
    with translation.override(language):
        with pytest.raises(ValidationError) as refused:
            MaxLengthValidator(120)("A" * 121)
        message = str(refused.value.messages[0])  # lazy: rendered in the language now active
    assert ("120" in message) and (("characters" in message) == (language == "en"))
    client.force_login(recruiter)
    data = job_form_data(title_en="A" * 121)
    response = client.post(url(language, "employer:job_create", organisation.pk), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Job.objects.exists()


# --- Excel ---------------------------------------------------------------------------------------
def test_excel_round_trip_keeps_both_languages(client, recruiter, organisation):
    both(organisation)
    client.force_login(recruiter)
    exported = client.get(url("en", "employer:jobs_export", organisation.pk))
    rows = [[c.value for c in r] for r in load_workbook(io.BytesIO(exported.content)).active.rows]
    headings = rows[0]
    line = rows[1]
    assert line[headings.index("英文岗位名称 / Job title in English")] == (
        "Chip verification engineer"
    )
    assert line[headings.index("岗位名称 / Job title")] == "芯片验证工程师"
    Job.objects.update(deadline=Job.objects.get().deadline)
    again = upload(client, organisation, SimpleUploadedFile("again.xlsx", exported.content))
    assert again.status_code == 302
    draft = Job.objects.get(status="draft")
    assert draft.title_zh_hans == "芯片验证工程师"
    assert draft.title_en == "Chip verification engineer"
    assert draft.description_en == "Verifies chips before tape-out."


def test_a_template_without_the_english_columns_still_imports(client, recruiter, organisation):
    old = [c for c in excel.COLUMNS if not c.key.endswith("_en")]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = excel.JOBS_SHEET
    sheet.append([c.heading for c in old])
    values = dict(zip([c.key for c in excel.COLUMNS], row(), strict=True))
    sheet.append([values[c.key] for c in old])
    buffer = io.BytesIO()
    workbook.save(buffer)
    client.force_login(recruiter)
    response = upload(client, organisation, SimpleUploadedFile("old.xlsx", buffer.getvalue()))
    assert response.status_code == 302
    job = Job.objects.get()
    assert job.title_zh_hans == "芯片验证工程师" and not job.title_en


def test_an_english_only_row_imports(client, recruiter, organisation):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = excel.JOBS_SHEET
    sheet.append([c.heading for c in excel.COLUMNS])
    sheet.append(
        row(title=None, description=None, title_en="Data engineer", description_en="Pipelines.")
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    client.force_login(recruiter)
    response = upload(client, organisation, SimpleUploadedFile("en.xlsx", buffer.getvalue()))
    assert response.status_code == 302
    job = Job.objects.get()
    assert job.title_en == "Data engineer" and not job.title_zh_hans
    with translation.override("zh-hans"):
        assert job.title == "Data engineer"  # the other language, where Chinese is missing


# --- The organisers' queue ------------------------------------------------------------------------
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_approval_queue_finds_a_job_by_either_title(client, verifier, language):

    JobFactory(
        title_zh_hans="芯片验证工程师",
        title_en="Chip verification engineer",
        status="submitted",
        submitted_at=timezone.now(),
        published_at=None,
    )
    client.force_login(verifier)
    for words in ("芯片验证", "verification"):
        response = client.get(url(language, "orga_jobs:queue"), {"q": words})
        assert response.status_code == 200
        assert 'data-testid="queued-job"' in response.content.decode(), words
