"""The employers' pages for job requirements: life cycle, roles, the list, pipeline steps."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from yingcai.core.models import AuditEntry, DisciplineField, District
from yingcai.jobs import services
from yingcai.jobs.models import Application, Job, Stage

from ..factories import JobFactory, MembershipFactory, OrganisationFactory, ProfileFactory


def en(name, *args):
    with translation.override("en"):
        return reverse(name, args=args)


# The texts are given in Chinese unless a test names the language.
CHINESE = {"title": "title_zh_hans", "description": "description_zh_hans"}


def job_form_data(**overrides):
    data = {
        "title_zh_hans": "大数据分析师",
        "title_en": "Data analyst",
        "description_zh_hans": "负责工业大数据平台的数据分析。",
        "field": DisciplineField.objects.get(slug="electronic-information").pk,
        "district": District.objects.get(slug="yubei").pk,
        "degree_min": "master",
        "title_min": "",
        "salary_min": "12000",
        "salary_max": "25000",
        "headcount": "3",
        "deadline": (timezone.localdate() + timedelta(days=30)).isoformat(),
        "interview_mode": "online",
        "contact_name": "王老师",
        "contact_email": "hr@example.cn",
        "contact_phone": "023-12345678",
    }
    data.update({CHINESE.get(k, k): v for k, v in overrides.items()})
    return {k: v for k, v in data.items() if v is not None}


def draft_job(organisation, **fields):
    fields.setdefault("status", "draft")
    fields.setdefault("published_at", None)
    return JobFactory(organisation=organisation, **fields)


def applicant(job, **profile):
    """A talent who applied to `job` through the real path (profile, consent, apply)."""
    user = ProfileFactory(**profile).user
    services.give_consent(user, job.organisation)
    return services.apply(user, job, "我对这个岗位很感兴趣。")


def login(client, request, who):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))


# --- The life cycle through the pages -----------------------------------------------------
@pytest.mark.django_db
def test_job_life_cycle_through_the_pages(
    client, recruiter, verifier, organisation, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(recruiter)
    response = client.post(en("employer:job_create", organisation.pk), job_form_data())
    job = Job.objects.get()
    assert response.status_code == 302
    assert response.url == en("employer:job_detail", organisation.pk, job.pk)
    assert job.status == "draft" and job.created_by == recruiter
    assert job.interview_mode == "online" and job.salary_max == 25000

    client.post(en("employer:job_submit", organisation.pk, job.pk))
    job.refresh_from_db()
    assert job.status == "submitted" and job.submitted_at

    client.force_login(verifier)
    assert job.title in client.get(en("orga_jobs:queue")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(en("orga_jobs:review", job.pk), {"decision": "approve"})
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == "published" and job.published_at and job.reviewed_by == verifier
    assert mailoutbox[-1].to == [recruiter.email]

    client.force_login(recruiter)
    page = client.get(en("employer:job_detail", organisation.pk, job.pk)).content.decode()
    assert "approved and published" in page
    client.post(en("employer:job_close", organisation.pk, job.pk))
    job.refresh_from_db()
    assert job.status == "closed" and job.closed_at


@pytest.mark.django_db
def test_rejected_job_is_corrected_and_submitted_again(
    client, recruiter, verifier, organisation, mailoutbox, django_capture_on_commit_callbacks
):
    job = draft_job(organisation, created_by=recruiter)
    client.force_login(recruiter)
    client.post(en("employer:job_submit", organisation.pk, job.pk))
    client.force_login(verifier)
    response = client.post(en("orga_jobs:review", job.pk), {"decision": "reject", "reason": ""})
    assert "Give the reason" in response.content.decode()
    job.refresh_from_db()
    assert job.status == "submitted"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            en("orga_jobs:review", job.pk), {"decision": "reject", "reason": "薪资范围不明确"}
        )
    job.refresh_from_db()
    assert job.status == "rejected" and job.status_reason == "薪资范围不明确"
    assert "薪资范围不明确" in mailoutbox[-1].body

    client.force_login(recruiter)
    listing = client.get(en("employer:jobs", organisation.pk)).content.decode()
    assert "薪资范围不明确" in listing
    edit = client.get(en("employer:job_edit", organisation.pk, job.pk))
    assert edit.status_code == 200 and "薪资范围不明确" in edit.content.decode()
    response = client.post(
        en("employer:job_edit", organisation.pk, job.pk),
        job_form_data(title=job.title, salary_min="20000", salary_max="30000"),
    )
    assert response.status_code == 302
    client.post(en("employer:job_submit", organisation.pk, job.pk))
    job.refresh_from_db()
    assert job.status == "submitted" and job.salary_min == 20000 and job.status_reason == ""
    history = client.get(en("employer:job_detail", organisation.pk, job.pk)).content.decode()
    assert "not approved" in history and "submitted for approval" in history


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"title": "", "title_en": ""}, "Give it in Chinese, in English or both"),
        ({"salary_min": "30000", "salary_max": "10000"}, "below its lower end"),
        ({"deadline": "2020-11-21"}, "The deadline has already passed"),
        ({"headcount": "0"}, "greater than or equal to 1"),
        ({"field": "999999"}, "Select a valid choice"),
        ({"degree_min": "kindergarten"}, "Select a valid choice"),
        ({"contact_email": "not-an-address"}, "Enter a valid email address"),
        ({"salary_max": "99999999999"}, "less than or equal to 1000000"),
    ],
)
def test_bad_job_forms_are_answered_clearly(client, recruiter, organisation, overrides, message):
    client.force_login(recruiter)
    response = client.post(en("employer:job_create", organisation.pk), job_form_data(**overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Job.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("status", ["submitted", "published", "closed"])
def test_only_drafts_and_rejected_jobs_are_edited(client, recruiter, organisation, status):
    job = draft_job(organisation, status=status)
    client.force_login(recruiter)
    assert client.get(en("employer:job_edit", organisation.pk, job.pk)).status_code == 403
    response = client.post(
        en("employer:job_edit", organisation.pk, job.pk), job_form_data(title="改")
    )
    assert response.status_code == 403
    job.refresh_from_db()
    assert job.title != "改"


@pytest.mark.django_db
def test_submitting_a_draft_past_its_deadline_is_refused_clearly(client, recruiter, organisation):
    job = draft_job(organisation, deadline=timezone.localdate() - timedelta(days=1))
    client.force_login(recruiter)
    response = client.post(en("employer:job_submit", organisation.pk, job.pk), follow=True)
    assert "The deadline has already passed" in response.content.decode()
    job.refresh_from_db()
    assert job.status == "draft"


# --- Who may do what ------------------------------------------------------------------------
WHO = ["owner", "recruiter", "viewer", "talent", "outsider", "verifier", "anonymous"]


@pytest.mark.django_db
@pytest.mark.parametrize("who", WHO)
def test_pages_by_role(client, request, organisation, who):
    job = draft_job(organisation)
    login(client, request, who)
    expected_read = {"owner": 200, "recruiter": 200, "viewer": 200, "verifier": 200}
    expected_write = {"owner": 200, "recruiter": 200}
    for url, expected in [
        (en("employer:jobs", organisation.pk), expected_read),
        (en("employer:job_detail", organisation.pk, job.pk), expected_read),
        (en("employer:jobs_template", organisation.pk), expected_read),
        (en("employer:jobs_export", organisation.pk), expected_read),
        (en("employer:job_create", organisation.pk), expected_write),
        (en("employer:job_edit", organisation.pk, job.pk), expected_write),
        (en("employer:jobs_import", organisation.pk), expected_write),
        (en("employer:stages", organisation.pk), {"owner": 200, "recruiter": 200, "viewer": 200}),
    ]:
        response = client.get(url)
        if who == "anonymous":
            assert response.status_code == 302 and "/accounts/login/" in response.url, url
        else:
            assert response.status_code == expected.get(who, 403), (url, who)


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["viewer", "talent", "outsider", "verifier", "anonymous"])
def test_actions_refused_to_the_wrong_role(client, request, organisation, who):
    draft = draft_job(organisation, title="原稿")
    published = draft_job(organisation, status="published", published_at=timezone.now())
    login(client, request, who)
    responses = [
        client.post(en("employer:job_create", organisation.pk), job_form_data()),
        client.post(en("employer:job_edit", organisation.pk, draft.pk), job_form_data()),
        client.post(en("employer:job_submit", organisation.pk, draft.pk)),
        client.post(en("employer:job_close", organisation.pk, published.pk)),
    ]
    for response in responses:
        if who == "anonymous":
            assert response.status_code == 302 and "/accounts/login/" in response.url
        else:
            assert response.status_code == 403
    draft.refresh_from_db()
    published.refresh_from_db()
    assert Job.objects.count() == 2
    assert draft.status == "draft" and draft.title == "原稿"
    assert published.status == "published"


@pytest.mark.django_db
def test_unverified_organisation_sees_why_it_cannot_publish(client):
    pending = OrganisationFactory(status="pending")
    member = MembershipFactory(organisation=pending, role="owner").user
    job = draft_job(pending)
    client.force_login(member)
    page = client.get(en("employer:jobs", pending.pk)).content.decode()
    assert "cannot create or publish job requirements" in page
    assert en("employer:job_create", pending.pk) not in page
    assert client.get(en("employer:job_create", pending.pk)).status_code == 403
    assert client.post(en("employer:jobs_import", pending.pk)).status_code == 403
    assert client.post(en("employer:job_submit", pending.pk, job.pk)).status_code == 403
    job.refresh_from_db()
    assert job.status == "draft"
    detail = client.get(en("employer:job_detail", pending.pk, job.pk)).content.decode()
    assert "cannot submit job requirements for publication" in detail


@pytest.mark.django_db
def test_unverified_organisation_is_hidden_from_outsiders(client, outsider):
    pending = OrganisationFactory(status="pending")
    client.force_login(outsider)
    assert client.get(en("employer:jobs", pending.pk)).status_code == 404


@pytest.mark.django_db
def test_a_job_of_another_organisation_is_not_found(client, owner, organisation):
    foreign = JobFactory()
    client.force_login(owner)
    assert client.get(en("employer:job_detail", organisation.pk, foreign.pk)).status_code == 404
    assert client.post(en("employer:job_close", organisation.pk, foreign.pk)).status_code == 404
    foreign.refresh_from_db()
    assert foreign.status == "published"


# --- The list ------------------------------------------------------------------------------
@pytest.mark.django_db
def test_job_list_filters_counts_and_stays_bounded(
    client, viewer, organisation, django_assert_max_num_queries
):
    jobs = [
        draft_job(organisation, status="published", published_at=timezone.now()) for _ in range(3)
    ]
    for i in range(20):
        draft_job(organisation, title=f"草稿 {i}")
    for job in jobs:
        for _ in range(2):
            applicant(job)
    first = Application.objects.filter(job=jobs[0]).first()
    services.move(
        MembershipFactory(organisation=organisation, role="recruiter").user,
        [first],
        services.stage_for(organisation, "screened"),
    )
    client.force_login(viewer)
    url = en("employer:jobs", organisation.pk)
    client.get(url)  # the pipeline's steps are created on first use
    with django_assert_max_num_queries(12):
        response = client.get(url)
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count('href="/en/organisations/') >= 25
    assert "2 applicants" in page
    assert "screened 1" in page
    with django_assert_max_num_queries(12):
        published = client.get(url, {"status": "published"}).content.decode()
    assert "草稿" not in published and jobs[0].title in published
    assert client.get(url, {"status": "nonsense", "page": "999"}).status_code == 200
    # A viewer sees, but is offered no action.
    assert en("employer:job_create", organisation.pk) not in page


@pytest.mark.django_db
def test_close_expired_jobs_command(organisation, capsys):
    expired = draft_job(
        organisation,
        status="published",
        published_at=timezone.now(),
        deadline=timezone.localdate() - timedelta(days=1),
    )
    still_open = draft_job(organisation, status="published", published_at=timezone.now())
    with translation.override("en"):
        call_command("close_expired_jobs")
    assert "Closed 1 job requirement past its deadline." in capsys.readouterr().out
    expired.refresh_from_db()
    still_open.refresh_from_db()
    assert expired.status == "closed" and still_open.status == "published"


# --- Pipeline steps ------------------------------------------------------------------------
@pytest.mark.django_db
def test_owner_renames_adds_and_deletes_steps(client, owner, organisation):
    client.force_login(owner)
    url = en("employer:stages", organisation.pk)
    page = client.get(url).content.decode()
    assert page.count('data-testid="stage"') == 7
    screened = services.stage_for(organisation, "screened")
    client.post(url, {"action": "rename", "stage": screened.pk, "name": "简历筛选"})
    screened.refresh_from_db()
    assert str(screened) == "简历筛选"
    client.post(url, {"action": "rename", "stage": screened.pk, "name": ""})
    screened.refresh_from_db()
    assert screened.name == "" and str(screened) == "screened"
    client.post(url, {"action": "add", "name": "笔试", "after": screened.pk})
    written = Stage.objects.get(organisation=organisation, name="笔试")
    assert written.position == screened.position + 1
    response = client.post(url, {"action": "add", "name": ""})
    assert response.status_code == 400 and "Give the step a name" in response.content.decode()
    response = client.post(url, {"action": "delete", "stage": screened.pk})
    assert "cannot be deleted" in response.content.decode()
    client.post(url, {"action": "delete", "stage": written.pk})
    assert not Stage.objects.filter(pk=written.pk).exists()
    assert client.post(url, {"action": "delete", "stage": "x"}).status_code == 404
    assert AuditEntry.objects.filter(action="pipeline.stage_added").exists()


@pytest.mark.django_db
def test_a_step_in_use_is_not_deleted(client, owner, organisation):
    job = draft_job(organisation, status="published", published_at=timezone.now())
    added = services.add_stage(owner, organisation, "复试")
    services.move(owner, [applicant(job)], added)
    client.force_login(owner)
    response = client.post(
        en("employer:stages", organisation.pk), {"action": "delete", "stage": added.pk}
    )
    assert "Move the applications out" in response.content.decode()
    assert Stage.objects.filter(pk=added.pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["recruiter", "viewer", "talent", "outsider"])
def test_only_owners_change_steps(client, request, organisation, who):
    login(client, request, who)
    stage = services.stage_for(organisation, "offer")
    response = client.post(
        en("employer:stages", organisation.pk),
        {"action": "rename", "stage": stage.pk, "name": "录用意向"},
    )
    assert response.status_code == 403
    stage.refresh_from_db()
    assert stage.name == ""


# --- The back office ------------------------------------------------------------------------
@pytest.mark.django_db
def test_admin_lists_jobs_read_only_and_deletes_through_the_service(
    client, staff_admin, verifier, organisation
):
    job = draft_job(organisation, status="published", published_at=timezone.now())
    applicant(job)
    client.force_login(verifier)
    assert client.get("/admin/jobs/job/").status_code == 200
    change = client.get(f"/admin/jobs/job/{job.pk}/change/")
    assert change.status_code == 200 and 'name="title"' not in change.content.decode()
    assert client.post(f"/admin/jobs/job/{job.pk}/delete/", {"post": "yes"}).status_code == 403
    assert client.get("/admin/jobs/application/").status_code == 403
    client.force_login(staff_admin)
    assert client.get("/admin/jobs/application/").status_code == 200
    response = client.post(f"/admin/jobs/job/{job.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Job.objects.filter(pk=job.pk).exists()
    assert AuditEntry.objects.filter(action="job.deleted", actor=staff_admin).exists()
