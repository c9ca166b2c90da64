"""One's own data (PIPL): export as JSON, and deleting the account."""

import json

import pytest

from yingcai.jobs import recommendations
from yingcai.jobs import services as jobs
from yingcai.jobs.models import Application, ApplicationMessage, Recommendation
from yingcai.talents.models import CV, TalentProfile, WorkExperience

from ..factories import PASSWORD, JobFactory, UserFactory
from .helpers import application_of, en, profile_of, stored_files, with_cv


@pytest.fixture
def history(talent, organisation, recruiter, media):
    """The talent with a profile, a CV, an application and messages; another talent too."""
    profile = profile_of(talent, university="重庆大学", skills="芯片设计")
    WorkExperience.objects.create(
        profile=profile, employer="重庆芯片有限公司", position="工程师", start="2015-07-01"
    )
    with_cv(talent, "李雷简历.pdf")
    job = JobFactory(organisation=organisation, created_by=recruiter, title="芯片设计工程师")
    application = application_of(talent, job, "我对这个岗位很感兴趣")
    jobs.send_message(talent, application, "请问面试安排？")
    jobs.send_message(recruiter, application, "下周二面试。")
    other = UserFactory(name="韩梅梅", email="meimei@example.com")
    profile_of(other, university="西南大学")
    application_of(other, JobFactory(organisation=organisation, title="另一个岗位"), "另一封信")
    return application


@pytest.mark.django_db
def test_my_data_downloads_as_json_with_my_profile_and_applications(client, talent, history):
    client.force_login(talent)
    assert client.get(en("talent:data")).status_code == 200
    response = client.get(en("talent:data_export"))
    assert response.status_code == 200
    assert response["Content-Disposition"] == "attachment; filename=yingcai-my-data.json"
    assert response["Content-Type"].startswith("application/json")
    data = json.loads(response.content)
    assert data["account"]["email"] == "talent@example.com"
    assert data["profile"]["university"] == "重庆大学"
    assert data["profile"]["work"][0]["employer"] == "重庆芯片有限公司"
    assert data["cvs"][0]["file_name"] == "李雷简历.pdf"
    [application] = data["applications"]
    assert application["job"] == "芯片设计工程师"
    assert application["cover_note"] == "我对这个岗位很感兴趣"
    assert [m["body"] for m in application["messages"]] == ["请问面试安排？", "下周二面试。"]
    assert data["sharing_consents"][0]["recipient"]
    text = response.content.decode()
    for someone_elses in ("韩梅梅", "meimei@example.com", "西南大学", "另一个岗位", "另一封信"):
        assert someone_elses not in text


@pytest.mark.django_db
def test_anonymous_visitors_cannot_export(client):
    response = client.get(en("talent:data_export"))
    assert response.status_code == 302 and "/login/" in response.url


@pytest.mark.django_db
def test_deletion_needs_the_current_password(client, talent, history):
    client.force_login(talent)
    response = client.post(en("talent:delete_account"), {"password": "wrong"})
    assert response.status_code == 400
    assert "This is not your current password." in response.content.decode()
    talent.refresh_from_db()
    assert talent.is_active and talent.email == "talent@example.com"


@pytest.mark.django_db
def test_deletion_anonymises_and_keeps_the_statistics(
    client, talent, history, media, django_capture_on_commit_callbacks
):
    assert len(stored_files(media)) == 1
    recommendations.refresh()
    assert Recommendation.objects.filter(talent=talent, direction="job").exists()
    client.force_login(talent)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(en("talent:delete_account"), {"password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == en("portal:home")
    assert "Your account is deleted" in response.content.decode()
    assert not response.context["user"].is_authenticated
    talent.refresh_from_db()
    assert talent.email.startswith("erased-") and talent.name == "" and talent.mobile is None
    assert not talent.is_active and not talent.has_usable_password()
    profile = TalentProfile.objects.get(user=talent)
    assert profile.university == "" and profile.skills == "" and not profile.work.exists()
    assert profile.degree == "doctor"  # counted in the statistics
    assert not CV.objects.filter(profile=profile).exists()
    assert stored_files(media) == []
    application = Application.objects.get(pk=history.pk)
    assert application.cover_note == ""
    # Both sides of the conversation go (docs/decisions.md: what an organisation keeps).
    assert not ApplicationMessage.objects.filter(application=application).exists()
    assert Application.objects.count() == 2
    assert not Recommendation.objects.filter(talent=talent).exists()
    assert not client.login(username="talent@example.com", password=PASSWORD)
    assert not client.login(username=talent.email, password=PASSWORD)


@pytest.mark.django_db
def test_the_only_owner_of_an_organisation_is_told_what_to_do_first(client, owner):
    client.force_login(owner)
    response = client.post(en("talent:delete_account"), {"password": PASSWORD})
    assert response.status_code == 400
    assert "You are the only owner of" in response.content.decode()
    owner.refresh_from_db()
    assert owner.is_active
