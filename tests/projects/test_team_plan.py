"""The business plan: a private PDF checked by its content, stored 0600 under business-plans/,
one current version, streamed only to the team, the organisers who verify projects and the
members of an organisation the team consented to share it with — the consent asked at every
access, withdrawable, recorded with the text shown."""

import stat

import pytest
from django.utils import translation

from yingcai.core.models import AuditEntry
from yingcai.core.rules import can
from yingcai.organisations.models import Organisation
from yingcai.projects.forms_team import PlanUploadForm
from yingcai.projects.models import BusinessPlan, PlanSharing, Project
from yingcai.projects.services import projects as services

from ..factories import MembershipFactory, OrganisationFactory, UserFactory
from ..talents.helpers import PDF, en, media, stored_files  # noqa: F401
from .team_helpers import listed_project, pdf_file


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


@pytest.fixture
def lead(db):
    return UserFactory(email="lead@example.com")


@pytest.fixture
def project(lead):
    return listed_project(lead=lead)


@pytest.fixture
def investor(db):
    return OrganisationFactory(
        kind=Organisation.Kind.INVESTOR,
        name_zh_hans="重庆产业投资基金",
        name_en="Chongqing Industry Fund",
        contact_email="ir@fund.example",
    )


@pytest.mark.django_db
def test_upload_over_http_stores_a_private_pdf_and_keeps_one_version(
    client,
    lead,
    project,
    media,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    client.force_login(lead)
    url = en("project_team:plan_upload", project.pk)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"file": pdf_file("计划书v1.pdf")}).status_code == 302
    [first] = stored_files(media)
    assert first.relative_to(media).parts[:2] == ("business-plans", str(project.pk))
    assert stat.S_IMODE(first.stat().st_mode) == 0o600
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"file": pdf_file("计划书v2.html")}).status_code == 302
    [plan] = BusinessPlan.objects.all()
    assert plan.is_current and plan.original_name == "计划书v2.html" and plan.uploaded_by == lead
    assert stored_files(media) == [media / plan.file.name]
    response = client.get(en("project_team:plan", project.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].endswith("v2.pdf")  # typed by its content
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content) == PDF
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(en("project_team:plan_delete", project.pk)).status_code == 302
    assert not BusinessPlan.objects.exists() and stored_files(media) == []


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("plan.pdf", b"%PDF-1.4 not really a pdf", "cannot be read"),
        ("plan.pdf", b"PK\x03\x04 a zip", "must be a PDF"),
        ("plan.pdf", b"<html>hello</html>", "must be a PDF"),
        ("plan.pdf", b"", "empty"),
    ],
)
@pytest.mark.django_db
def test_what_is_not_a_pdf_is_refused_and_nothing_is_stored(
    client,
    lead,
    project,
    media,  # noqa: F811
    name,
    content,
    words,
):
    client.force_login(lead)
    response = client.post(
        en("project_team:plan_upload", project.pk), {"file": pdf_file(name, content)}
    )
    assert response.status_code == 400 and words in response.content.decode()
    assert not BusinessPlan.objects.exists() and stored_files(media) == []


@pytest.mark.django_db
def test_a_plan_over_twenty_megabytes_is_refused(lead, project, media, settings):  # noqa: F811
    big = pdf_file(content=PDF + b"%" * (services.MAX_PLAN_BYTES))
    with pytest.raises(Exception, match="at most 20 MB"):
        services.upload_plan(lead, project, big)
    form = PlanUploadForm({}, {"file": pdf_file(content=PDF + b"%" * services.MAX_PLAN_BYTES)})
    assert not form.is_valid() and "at most 20 MB" in str(form.errors)


@pytest.mark.django_db
def test_only_the_team_verifiers_and_organisations_shared_with_open_the_plan(
    client,
    lead,
    project,
    investor,
    outsider,
    verifier,
    plain_staff,
    media,  # noqa: F811
):
    services.upload_plan(lead, project, pdf_file())
    member = UserFactory()
    project.team.create(user=member)
    reader = MembershipFactory(organisation=investor, role="viewer").user
    url = en("project_team:plan", project.pk)
    public = en("projects:project", project.pk)

    def status(user):
        client.force_login(user)
        return client.get(url).status_code

    assert [status(u) for u in (lead, member, verifier)] == [200, 200, 200]
    assert [status(u) for u in (reader, outsider, plain_staff)] == [404, 404, 404]
    client.force_login(reader)
    assert 'data-testid="plan-link"' not in client.get(public).content.decode()
    client.logout()
    assert client.get(url).status_code == 302  # to log in
    assert 'data-testid="plan-link"' not in client.get(public).content.decode()

    sharing = services.share_plan(member, project, investor)
    assert status(reader) == 200
    client.force_login(reader)
    assert 'data-testid="plan-link"' in client.get(public).content.decode()
    # Checked at every access: a suspended organisation, a withdrawn consent close it again.
    Organisation.objects.filter(pk=investor.pk).update(status=Organisation.Status.SUSPENDED)
    assert status(reader) == 404
    Organisation.objects.filter(pk=investor.pk).update(status=Organisation.Status.VERIFIED)
    assert status(reader) == 200
    services.withdraw_sharing(lead, sharing)
    assert status(reader) == 404 and status(outsider) == 404


@pytest.mark.django_db
def test_sharing_shows_the_text_records_it_and_is_withdrawn_from_the_project_page(
    client, lead, project, investor
):
    client.force_login(lead)
    url = en("project_team:share", project.pk)
    assert client.get(url).status_code == 200
    step = client.get(url, {"organisation": investor.pk})
    body = step.content.decode()
    assert "Chongqing Industry Fund" in body and "ir@fund.example" in body and project.title in body
    assert not PlanSharing.objects.exists()  # nothing written on a GET
    response = client.post(url, {"organisation": investor.pk, "agree": "yes"})
    assert response.status_code == 302
    sharing = PlanSharing.objects.get()
    assert sharing.given_by == lead and sharing.withdrawn_at is None
    assert "Chongqing Industry Fund" in sharing.text_shown and "business plan" in sharing.text_shown
    assert project.title in sharing.text_shown
    # Agreeing twice is one consent.
    client.post(url, {"organisation": investor.pk, "agree": "yes"})
    assert PlanSharing.objects.count() == 1
    page = client.get(en("project_team:detail", project.pk)).content.decode()
    assert 'data-testid="sharing"' in page
    withdraw = en("project_team:withdraw_sharing", project.pk, sharing.pk)
    assert client.post(withdraw).status_code == 302
    sharing.refresh_from_db()
    assert sharing.withdrawn_at is not None
    again = client.post(withdraw, follow=True)
    assert "already been withdrawn" in again.content.decode()
    assert AuditEntry.objects.filter(action="project.plan_sharing_withdrawn").count() == 1


@pytest.mark.django_db
def test_sharing_is_refused_with_an_unverified_organisation_and_by_others(
    client, lead, project, outsider
):
    pending = OrganisationFactory(status=Organisation.Status.PENDING)
    with pytest.raises(Exception, match="verified organisation"):
        services.share_plan(lead, project, pending)
    client.force_login(lead)
    response = client.post(
        en("project_team:share", project.pk), {"organisation": pending.pk, "agree": "yes"}
    )
    assert response.status_code == 400  # not among the choices
    response = client.get(en("project_team:share", project.pk), {"organisation": "x\x00"})
    assert response.status_code == 400
    client.force_login(outsider)
    assert client.get(en("project_team:share", project.pk)).status_code == 404
    assert not PlanSharing.objects.exists()


@pytest.mark.django_db
def test_a_consent_withdrawn_meanwhile(lead, project, investor):
    sharing = services.share_plan(lead, project, investor)
    PlanSharing.objects.filter(pk=sharing.pk).delete()
    with pytest.raises(Exception, match="no longer exists"):
        services.withdraw_sharing(lead, sharing)


@pytest.mark.django_db
def test_a_plan_deleted_meanwhile(lead, project, media):  # noqa: F811
    plan = services.upload_plan(lead, project, pdf_file())
    BusinessPlan.objects.filter(pk=plan.pk).delete()
    with pytest.raises(Exception, match="no longer exists"):
        services.delete_plan(lead, plan)


@pytest.mark.django_db
def test_an_empty_file_and_a_project_gone_meanwhile(lead, project, media):  # noqa: F811
    with pytest.raises(Exception, match="empty"):
        services.upload_plan(lead, project, pdf_file(content=b""))
    assert can(lead, "projects.upload_plan", project)  # the page was read before
    Project.objects.filter(pk=project.pk).delete()
    with pytest.raises(Exception, match="no longer exists"):
        services.upload_plan(lead, project, pdf_file())
    assert stored_files(media) == []
