"""What a personal token opens: the talent's own, and an organisation's own, by the same rules
as the pages; moving an applicant through the site's service function."""

import pytest
from django.core import mail
from django.utils import timezone

from yingcai.core.models import AuditEntry
from yingcai.jobs import services
from yingcai.jobs.models import Application, ApplicationEvent

from ..factories import JobFactory, MembershipFactory, OrganisationFactory, ProfileFactory


def applicant(job, **profile):
    """A talent who applied to `job` through the real path (profile, consent, apply)."""
    user = ProfileFactory(**profile).user
    services.give_consent(user, job.organisation)
    return services.apply(user, job, "我对这个岗位很感兴趣。")


@pytest.fixture
def job(organisation, recruiter):
    return JobFactory(organisation=organisation, created_by=recruiter, title="芯片设计工程师")


# --- Authentication --------------------------------------------------------------------------
@pytest.mark.django_db
def test_without_or_with_a_bad_token_the_answer_is_401(client, talent, token_for):
    for headers in (
        {},
        {"HTTP_AUTHORIZATION": "Bearer yc_wrong"},
        {"HTTP_AUTHORIZATION": "Basic dXNlcjpwYXNz"},
        {"HTTP_AUTHORIZATION": "Bearer"},
    ):
        response = client.get("/api/me", HTTP_ACCEPT_LANGUAGE="en", **headers)
        assert response.status_code == 401, headers
        assert response.json()["code"] == "unauthenticated"
        assert response["WWW-Authenticate"].startswith("Bearer")
    # A wrong token on a public endpoint is refused too, rather than silently ignored.
    assert client.get("/api/news", HTTP_AUTHORIZATION="Bearer yc_wrong").status_code == 401


@pytest.mark.django_db
def test_the_token_acts_as_its_user(client, talent, organisation, owner, token_for):
    headers = token_for(owner, "read-write", name="ATS")
    me = client.get("/api/me", **headers).json()
    assert me["email"] == owner.email
    assert me["token"] == {"name": "ATS", "scope": "read-write", "expires_at": None}
    assert me["organisations"] == [
        {
            "organisation": {
                "id": organisation.pk,
                "name": {"zh-hans": organisation.name_zh_hans, "en": organisation.name_en},
                "kind": "enterprise",
            },
            "role": "owner",
        }
    ]
    # The same token may call the public endpoints.
    assert client.get("/api/news", **headers).status_code == 200


@pytest.mark.django_db
def test_a_session_is_not_a_token(client, talent):
    client.force_login(talent)
    assert client.get("/api/me").status_code == 401


# --- The talent's own ------------------------------------------------------------------------
@pytest.mark.django_db
def test_a_talent_reads_their_profile_and_applications(
    client, job, token_for, django_assert_max_num_queries
):
    mine = applicant(job, university="重庆大学", skills="Verilog, 芯片验证")
    talent = mine.talent
    for _ in range(3):
        services.apply(talent, JobFactory(organisation=job.organisation))
    applicant(job)  # someone else's
    headers = token_for(talent)
    profile = client.get("/api/me/profile", **headers).json()
    assert profile["university"] == "重庆大学" and profile["degree"] == "doctor"
    assert profile["skills"] == ["Verilog", "芯片验证"]
    with django_assert_max_num_queries(6):
        body = client.get("/api/me/applications", HTTP_ACCEPT_LANGUAGE="en", **headers).json()
    assert body["count"] == 4
    oldest = body["items"][-1]
    assert oldest["id"] == mine.pk and oldest["job"]["title"] == "芯片设计工程师"
    assert oldest["stage"]["key"] == "applied" and oldest["stage"]["name"] == "applied"
    assert oldest["cover_note"] == "我对这个岗位很感兴趣。"
    assert client.get(f"/api/me/applications/{mine.pk}", **headers).json()["id"] == mine.pk


@pytest.mark.django_db
def test_a_talent_cannot_read_anothers_application(client, job, talent, token_for):
    theirs = applicant(job)
    response = client.get(f"/api/me/applications/{theirs.pk}", **token_for(talent))
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    assert client.get("/api/me/applications", **token_for(talent)).json()["count"] == 0
    # Without a profile there is none to read.
    assert client.get("/api/me/profile", **token_for(talent)).status_code == 404


# --- An organisation's own -----------------------------------------------------------------
def org_url(organisation, rest=""):
    return f"/api/me/organisations/{organisation.pk}{rest}"


@pytest.mark.django_db
def test_members_read_jobs_applicants_and_stages(
    client, organisation, job, viewer, token_for, django_assert_max_num_queries
):
    JobFactory(organisation=organisation, status="draft")
    applications = [applicant(job, university=f"重庆大学{i}") for i in range(12)]
    headers = token_for(viewer)
    with django_assert_max_num_queries(8):
        jobs = client.get(org_url(organisation, "/jobs"), **headers).json()
    assert jobs["count"] == 2
    assert {j["status"] for j in jobs["items"]} == {"draft", "published"}
    assert next(j for j in jobs["items"] if j["id"] == job.pk)["applications"] == 12
    drafts = client.get(org_url(organisation, "/jobs"), {"status": "draft"}, **headers).json()
    assert drafts["count"] == 1
    stages = client.get(org_url(organisation, "/stages"), HTTP_ACCEPT_LANGUAGE="en", **headers)
    assert [s["key"] for s in stages.json()][:3] == ["applied", "screened", "interview"]
    with django_assert_max_num_queries(10):
        body = client.get(org_url(organisation, "/applicants"), **headers).json()
    assert body["count"] == 12 and len(body["items"]) == 12
    first = body["items"][0]
    assert first["id"] == applications[0].pk and first["talent"]["university"] == "重庆大学0"
    assert first["stage"]["key"] == "applied" and first["job"]["id"] == job.pk
    one = client.get(org_url(organisation, f"/applicants/{applications[3].pk}"), **headers)
    assert one.json()["talent"]["email"] == applications[3].talent.email
    filtered = client.get(org_url(organisation, "/applicants"), {"job": 999999}, **headers)
    assert filtered.json()["count"] == 0
    # Personal data taken through the API leaves a trace, as an export does.
    traces = AuditEntry.objects.filter(action="applicants.read_through_api", actor=viewer)
    assert traces.count() == 2


@pytest.mark.django_db
def test_a_read_write_token_moves_an_applicant_through_the_sites_service(
    client, organisation, job, recruiter, token_for, django_capture_on_commit_callbacks
):
    application = applicant(job)
    screened = services.stage_for(organisation, "screened")
    url = org_url(organisation, f"/applicants/{application.pk}/stage")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {"stage": screened.pk, "note": "简历很好"},
            content_type="application/json",
            HTTP_ACCEPT_LANGUAGE="en",
            **token_for(recruiter, "read-write"),
        )
    assert response.status_code == 200, response.json()
    assert response.json()["stage"] == {"id": screened.pk, "key": "screened", "name": "screened"}
    application.refresh_from_db()
    assert application.stage == screened
    event = ApplicationEvent.objects.get(application=application, to_stage=screened)
    assert event.actor == recruiter and event.note == "简历很好"
    assert AuditEntry.objects.filter(action="application.moved", actor=recruiter).exists()
    assert any(application.talent.email in m.to for m in mail.outbox)


@pytest.mark.django_db
def test_a_read_token_cannot_move(client, organisation, job, recruiter, token_for):
    application = applicant(job)
    screened = services.stage_for(organisation, "screened")
    response = client.post(
        org_url(organisation, f"/applicants/{application.pk}/stage"),
        {"stage": screened.pk},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
        **token_for(recruiter, "read"),
    )
    assert response.status_code == 403
    assert response.json()["code"] == "insufficient_scope"
    assert Application.objects.get(pk=application.pk).stage.key == "applied"


@pytest.mark.django_db
def test_a_viewer_reads_but_cannot_move(client, organisation, job, viewer, token_for):
    application = applicant(job)
    screened = services.stage_for(organisation, "screened")
    response = client.post(
        org_url(organisation, f"/applicants/{application.pk}/stage"),
        {"stage": screened.pk},
        content_type="application/json",
        **token_for(viewer, "read-write"),
    )
    assert response.status_code == 403 and response.json()["code"] == "forbidden"
    assert Application.objects.get(pk=application.pk).stage.key == "applied"


@pytest.mark.django_db
def test_another_organisation_cannot_read_or_move_the_applicants(
    client, organisation, job, outsider, talent, token_for
):
    application = applicant(job)
    screened = services.stage_for(organisation, "screened")
    for who in (outsider, talent):
        headers = token_for(who, "read-write")
        for rest in ("/jobs", "/stages", "/applicants", f"/applicants/{application.pk}"):
            response = client.get(org_url(organisation, rest), **headers)
            assert response.status_code == 403, (who, rest)
            assert response.json()["code"] == "forbidden"
        moved = client.post(
            org_url(organisation, f"/applicants/{application.pk}/stage"),
            {"stage": screened.pk},
            content_type="application/json",
            **headers,
        )
        assert moved.status_code == 403
    # Through its own organisation's address the application is not there at all.
    own = outsider.memberships.get().organisation
    response = client.get(
        org_url(own, f"/applicants/{application.pk}"), **token_for(outsider, "read")
    )
    assert response.status_code == 404
    assert Application.objects.get(pk=application.pk).stage.key == "applied"


@pytest.mark.django_db
def test_an_organisation_not_visible_is_not_found(client, talent, token_for):
    pending = OrganisationFactory(status="pending")
    response = client.get(org_url(pending, "/jobs"), **token_for(talent))
    assert response.status_code == 404
    member = MembershipFactory(organisation=pending, role="owner").user
    assert client.get(org_url(pending, "/jobs"), **token_for(member)).status_code == 200


@pytest.mark.django_db
def test_a_move_the_service_refuses_answers_422(
    client, organisation, other_organisation, job, recruiter, token_for
):
    application = applicant(job)
    headers = token_for(recruiter, "read-write")
    url = org_url(organisation, f"/applicants/{application.pk}/stage")
    foreign = services.stage_for(other_organisation, "screened")
    for body in ({"stage": foreign.pk}, {"stage": 99999999}, {"stage": "next"}, {}):
        response = client.post(url, body, content_type="application/json", **headers)
        assert response.status_code == 422, body
        assert response.json()["code"] == "invalid"
    services.withdraw(application.talent, application)
    withdrawn = client.post(
        url,
        {"stage": services.stage_for(organisation, "screened").pk},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
        **headers,
    )
    assert withdrawn.status_code == 422
    assert "withdrawn" in withdrawn.json()["detail"][0]
    broken = client.post(url, "{not json", content_type="application/json", **headers)
    assert broken.status_code == 400 and broken.json()["code"] == "bad_request"
    assert timezone.now()  # the application was never moved
    assert Application.objects.get(pk=application.pk).stage.key == "withdrawn"
