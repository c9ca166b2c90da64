"""Withdrawing the separate consent to pass one's CV to an organisation (PIPL Art. 15, 23),
and the CV rules that check it at every access."""

import io
from datetime import date

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.html import escape

from yingcai.api import services as api
from yingcai.core.models import AuditEntry
from yingcai.core.rules import can
from yingcai.institutions import services as institutions
from yingcai.jobs import services as jobs
from yingcai.jobs.services import ConsentRequired
from yingcai.privacy import services
from yingcai.privacy.models import SharingConsent
from yingcai.talents.models import Education, WorkExperience

from ..factories import JobFactory, MembershipFactory, UserFactory
from ..institutions.factories import PostFactory, applicant, apply_to
from ..talents.helpers import PDF, application_of, en, media, profile_of, with_cv, zh  # noqa: F401

PHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148"


@pytest.fixture
def sent(talent, organisation, recruiter, media):  # noqa: F811
    """The talent applied with CV version 1; the consent is active."""
    profile_of(talent, visibility="applied")  # seen only by organisations applied to
    cv = with_cv(talent, "简历-第一版.pdf")
    job = JobFactory(organisation=organisation, created_by=recruiter, title="芯片设计工程师")
    application = application_of(talent, job, "我对这个岗位很感兴趣")
    consent = SharingConsent.objects.get(user=talent, organisation=organisation)
    return application, cv, consent


def download(client, user, cv):
    client.force_login(user)
    return client.get(en("talent:cv", cv.pk))


@pytest.mark.django_db
def test_my_consents_page_lists_each_consent_with_its_text_in_both_languages(client, talent, sent):
    _application, _cv, consent = sent
    client.force_login(talent)
    page = client.get(en("privacy:consents"), HTTP_USER_AGENT=PHONE).content.decode()
    assert str(consent.organisation) in page
    # The text agreed to, as it was shown then (in the talent's language at the time).
    assert escape(consent.data_shown.splitlines()[0]) in page
    assert "Withdraw my consent to" in page and "active" in page
    page = client.get(zh("privacy:consents")).content.decode()
    assert "撤回对" in page and "您同意向其提供个人信息的单位" in page
    # Reached from My Yingcai.
    assert en("privacy:consents") in client.get(en("accounts:dashboard")).content.decode()


@pytest.mark.django_db
def test_withdrawing_stops_the_recruiter_downloading_the_cv(client, talent, recruiter, sent):
    application, cv, consent = sent
    page = en("employer:application", application.job.organisation_id, application.pk)
    assert download(client, recruiter, cv).status_code == 200
    shown = client.get(page).content.decode()
    assert 'data-testid="cv-link"' in shown and talent.email in shown
    client.force_login(talent)
    response = client.post(en("privacy:withdraw_sharing_consent", consent.pk), follow=True)
    assert "Your consent is withdrawn" in response.content.decode()
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    entry = AuditEntry.objects.get(action="privacy.sharing_consent_withdrawn")
    assert entry.actor == talent and entry.data["consent"] == consent.pk
    assert "withdrawn" in client.get(en("privacy:consents")).content.decode()
    # Over HTTP as the recruiter: the file no longer exists for them, nor the profile.
    assert download(client, recruiter, cv).status_code == 404
    assert not can(recruiter, "talents.view_profile", talent.talent_profile)
    shown = client.get(page).content.decode()
    assert 'data-testid="cv-link"' not in shown and 'data-testid="cv-closed"' in shown
    assert 'data-testid="profile-closed"' in shown and talent.email not in shown
    # The talent keeps their own file.
    assert download(client, talent, cv).status_code == 200


@pytest.mark.django_db
def test_applying_again_after_withdrawal_asks_for_consent_again(talent, organisation, sent):
    _application, _cv, consent = sent
    services.withdraw_sharing_consent(talent, consent)
    with pytest.raises(ConsentRequired):
        jobs.apply(talent, JobFactory(organisation=organisation))


@pytest.mark.django_db
def test_the_organisation_sees_only_the_cv_version_sent(client, talent, recruiter, sent):
    _application, first, _consent = sent
    later = with_cv(talent, "简历-第二版.pdf")
    assert later.is_current
    assert download(client, recruiter, first).status_code == 200
    assert download(client, recruiter, later).status_code == 404


@pytest.mark.django_db
def test_a_withdrawn_application_closes_the_cv(client, talent, recruiter, sent):
    application, cv, _consent = sent
    jobs.withdraw(talent, application)
    assert download(client, recruiter, cv).status_code == 404


@pytest.mark.django_db
def test_nobody_else_withdraws_my_consent(client, talent, recruiter, sent):
    _application, cv, consent = sent
    url = en("privacy:withdraw_sharing_consent", consent.pk)
    assert client.post(url).status_code == 302 and "/login/" in client.post(url).url
    other = UserFactory()
    client.force_login(other)
    assert client.post(url).status_code == 404
    client.force_login(talent)
    assert client.get(url).status_code == 405  # nothing changes on a GET
    for who in (other, recruiter):
        with pytest.raises(PermissionDenied):
            services.withdraw_sharing_consent(who, consent)
    consent.refresh_from_db()
    assert consent.withdrawn_at is None
    assert download(client, recruiter, cv).status_code == 200


@pytest.mark.django_db
def test_withdrawing_twice_is_once(talent, sent):
    _application, _cv, consent = sent
    services.withdraw_sharing_consent(talent, consent)
    first = SharingConsent.objects.get(pk=consent.pk).withdrawn_at
    services.withdraw_sharing_consent(talent, consent)
    assert SharingConsent.objects.get(pk=consent.pk).withdrawn_at == first
    assert AuditEntry.objects.filter(action="privacy.sharing_consent_withdrawn").count() == 1


@pytest.mark.django_db
def test_an_institution_loses_the_cv_and_certificates_with_the_consent(client, media):  # noqa: F811
    post = PostFactory()
    reviewer = MembershipFactory(organisation=post.institution, role="recruiter").user
    doctor = applicant(birth_date=date(1990, 5, 17), visibility="applied")
    cv = with_cv(doctor)
    certificate = institutions.upload_certificate(
        doctor, post.round, "degree", SimpleUploadedFile("学位证书.pdf", PDF, "application/pdf")
    )
    (application,) = apply_to(doctor, post)
    page = en("recruitment_institution:application", post.institution.pk, application.pk)
    client.force_login(reviewer)
    shown = client.get(page).content.decode()
    assert 'data-testid="cv-link"' in shown and doctor.email in shown
    assert can(reviewer, "talents.view_cv", cv)
    assert can(reviewer, "institutions.view_certificate", certificate)
    consent = SharingConsent.objects.get(user=doctor, organisation=post.institution)
    services.withdraw_sharing_consent(doctor, consent)
    assert not can(reviewer, "talents.view_cv", cv)
    assert not can(reviewer, "talents.view_profile", doctor.talent_profile)
    assert not can(reviewer, "institutions.view_certificate", certificate)
    assert download(client, reviewer, cv).status_code == 404
    shown = client.get(page).content.decode()
    assert 'data-testid="cv-link"' not in shown and doctor.email not in shown
    assert 'data-testid="profile-closed"' in shown


@pytest.mark.django_db
def test_the_api_and_the_excel_export_keep_only_the_name_after_withdrawal(
    client, talent, recruiter, sent
):
    """Siblings of the CV rule: the applicants' lists that leave the platform."""
    application, _cv, consent = sent
    organisation = application.job.organisation
    _token, secret = api.create_token(recruiter, "script", "read")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    url = f"/api/me/organisations/{organisation.pk}/applicants"

    def through_api():
        [item] = client.get(url, **headers).json()["items"]
        one = client.get(f"{url}/{application.pk}", **headers).json()
        assert one["talent"] == item["talent"]
        return item["talent"]

    def in_excel():
        client.force_login(recruiter)
        response = client.get(en("employer:applicants_export", organisation.pk))
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        return [cell.value for cell in list(sheet.iter_rows())[1]]

    assert through_api()["email"] == talent.email and through_api()["shared"] is True
    assert talent.email in in_excel()
    services.withdraw_sharing_consent(talent, consent)
    assert through_api() == {
        "name": talent.name,
        "email": "",
        "degree": "",
        "university": "",
        "origin": "",
        "shared": False,
    }
    row = in_excel()
    assert talent.name in row and talent.email not in row and "重庆大学" not in row


def _career(profile):

    WorkExperience.objects.create(
        profile=profile,
        employer="长安汽车研究院",
        position="嵌入式软件工程师",
        start=date(2019, 7, 1),
    )
    Education.objects.create(
        profile=profile,
        institution="重庆大学",
        degree="master",
        major="控制科学与工程",
        start=date(2016, 9, 1),
        end=date(2019, 6, 30),
    )


@pytest.mark.django_db
def test_the_employer_sees_the_work_and_education_history_only_while_the_consent_stands(
    client, talent, recruiter, sent, django_assert_max_num_queries
):
    application, _cv, consent = sent
    _career(talent.talent_profile)
    page = en("employer:application", application.job.organisation_id, application.pk)
    client.force_login(recruiter)
    with django_assert_max_num_queries(27):
        shown = client.get(page).content.decode()
    assert 'data-testid="work-history"' in shown and "嵌入式软件工程师" in shown
    assert "长安汽车研究院" in shown and "2019-07" in shown
    assert 'data-testid="education-history"' in shown and "控制科学与工程" in shown
    services.withdraw_sharing_consent(talent, consent)
    shown = client.get(page).content.decode()
    assert "嵌入式软件工程师" not in shown and "控制科学与工程" not in shown
    assert 'data-testid="profile-closed"' in shown


@pytest.mark.django_db
def test_the_institution_sees_the_history_only_while_the_consent_stands(client, media):  # noqa: F811
    post = PostFactory()
    reviewer = MembershipFactory(organisation=post.institution, role="recruiter").user
    doctor = applicant(birth_date=date(1990, 5, 17), visibility="applied")
    _career(doctor.talent_profile)
    (application,) = apply_to(doctor, post)
    page = en("recruitment_institution:application", post.institution.pk, application.pk)
    client.force_login(reviewer)
    shown = client.get(page).content.decode()
    assert "嵌入式软件工程师" in shown and "控制科学与工程" in shown
    consent = SharingConsent.objects.get(user=doctor, organisation=post.institution)
    services.withdraw_sharing_consent(doctor, consent)
    shown = client.get(page).content.decode()
    assert "嵌入式软件工程师" not in shown and "控制科学与工程" not in shown
