"""Jobs for you: stored recommendations, refreshed on profile saves and job approvals, and
`yingcai refresh_recommendations`."""

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone, translation

from yingcai.core.models import DisciplineField, District
from yingcai.jobs import recommendations, services
from yingcai.jobs.models import Recommendation
from yingcai.talents import services as talents
from yingcai.talents.models import TalentProfile

from ..factories import JobFactory, ProfileFactory, UserFactory
from ..talents.helpers import application_of, en, zh

FOR_TALENT, FOR_JOB = "talent", "job"


def field(slug):
    return DisciplineField.objects.get(slug=slug)


def chip_talent(user=None, **fields):
    profile = ProfileFactory(
        user=user or UserFactory(),
        degree=fields.pop("degree", "doctor"),
        summary="集成电路芯片设计，模拟电路，半导体工艺。Analog chip design.",
        **fields,
    )
    profile.fields.set([field("electronic-information")])
    profile.desired_districts.set([District.objects.get(slug="yubei")])
    return profile


@pytest.fixture
def jobs(organisation):
    return [
        JobFactory(organisation=organisation, title="模拟集成电路设计工程师"),
        JobFactory(
            organisation=organisation,
            title="生物制药研究员",
            description="负责抗体药物研发与细胞培养。",
            field=field("biomedicine"),
            degree_min="bachelor",
        ),
        JobFactory(organisation=organisation, title="数字芯片验证工程师", degree_min=""),
    ]


def stored(direction, **filters):
    return list(Recommendation.objects.filter(direction=direction, **filters).order_by("position"))


@pytest.mark.django_db
def test_saving_a_profile_refreshes_its_list_through_the_task(
    client, talent, jobs, django_capture_on_commit_callbacks
):
    profile = talents.profile_for(talent)
    profile.degree = "doctor"
    profile.summary = "集成电路芯片设计与验证，模拟电路。"
    assert not Recommendation.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        talents.save_profile(talent, profile, fields=[field("electronic-information")])
    mine = stored(FOR_TALENT, talent=talent)
    assert {r.job for r in mine} == set(jobs)
    assert mine[0].job.field.slug == "electronic-information"
    assert [r.position for r in mine] == [0, 1, 2]
    first = mine[0].reasons
    assert any(reason.startswith("学历符合") for reason in first["zh-hans"])
    assert any(reason.startswith("degree fits") for reason in first["en"])
    # A new profile is shown only to employers the talent applies to: in no job's list.
    assert not stored(FOR_JOB, talent=talent)
    profile.visibility = "open"
    with django_capture_on_commit_callbacks(execute=True):
        talents.save_profile(talent, profile)
    assert {r.job for r in stored(FOR_JOB, talent=talent)} == set(jobs)


@pytest.mark.django_db
def test_the_page_shows_open_jobs_with_reasons_in_the_readers_language(
    client, talent, jobs, django_assert_max_num_queries
):
    chip_talent(talent)
    recommendations.refresh(talent_ids=[talent.pk])
    jobs[2].status = "closed"
    jobs[2].save()
    application_of(talent, jobs[0])
    client.force_login(talent)
    with django_assert_max_num_queries(8):
        page = client.get(en("talent:recommendations")).content.decode()
    assert page.count('data-testid="recommendation"') == 2
    assert "模拟集成电路设计工程师" in page and "数字芯片验证工程师" not in page
    assert "same field: Electronic information" in page
    assert "in a district you chose: Yubei" in page
    assert "degree fits: doctorate" in page
    assert "You have applied" in page and 'data-testid="automated"' in page
    assert "automated suggestions" in page and "/en/privacy/privacy/" in page
    chinese = client.get(zh("talent:recommendations")).content.decode()
    assert "学历符合：博士" in chinese and "学科领域相同：电子信息" in chinese
    assert "意向区县：渝北区" in chinese


@pytest.mark.django_db
def test_an_incomplete_profile_is_told_to_add_its_degree(client, talent, jobs):
    talents.profile_for(talent)
    client.force_login(talent)
    page = client.get(en("talent:recommendations")).content.decode()
    assert 'data-testid="incomplete"' in page
    assert 'data-testid="recommendation"' not in page


@pytest.mark.django_db
def test_a_list_being_computed_in_the_background_says_so(
    client, talent, jobs, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend", "QUEUES": ["default"]}
    }
    profile = talents.profile_for(talent)
    profile.degree = "master"
    with django_capture_on_commit_callbacks(execute=True):
        talents.save_profile(talent, profile)
    assert not Recommendation.objects.exists()
    client.force_login(talent)
    page = client.get(en("talent:recommendations")).content.decode()
    assert 'data-testid="pending"' in page


@pytest.mark.django_db
def test_anonymous_visitors_log_in_first(client):
    response = client.get(en("talent:recommendations"))
    assert response.status_code == 302 and "/login/" in response.url


@pytest.mark.usefixtures("english")
@pytest.mark.django_db
def test_refresh_all_from_the_command_line(jobs, capsys):
    shown = chip_talent()
    hidden = chip_talent(visibility="applied")
    no_degree = chip_talent(degree="")
    call_command("refresh_recommendations", "--all")
    assert "Stored 9 recommendation(s)" in capsys.readouterr().out
    for profile in (shown, hidden):
        assert len(stored(FOR_TALENT, talent=profile.user)) == 3
    assert not stored(FOR_TALENT, talent=no_degree.user)
    # Employers are only shown profiles open to their search.
    talents_of_jobs = {r.talent_id for r in stored(FOR_JOB)}
    assert talents_of_jobs == {shown.user_id}
    for job in jobs:
        assert [r.position for r in stored(FOR_JOB, job=job)] == [0]
    with pytest.raises(CommandError):
        call_command("refresh_recommendations")


@pytest.mark.django_db
def test_with_few_open_profiles_the_jobs_lists_still_hold_them_all(jobs):
    shown = chip_talent()
    hidden = [chip_talent(visibility="applied") for _ in range(3)]
    recommendations.refresh()
    assert {r.talent_id for r in stored(FOR_JOB)} == {shown.user_id}
    for profile in hidden:
        assert len(stored(FOR_TALENT, talent=profile.user)) == 3
    [row] = stored(FOR_JOB, job=jobs[0])
    assert "in a district the talent chose: Yubei" in row.reasons["en"]
    assert "人才意向区县：渝北区" in row.reasons["zh-hans"]


@pytest.mark.usefixtures("english")
@pytest.mark.django_db
def test_the_command_refreshes_some_talents_or_jobs(jobs, capsys):
    profile = chip_talent()
    call_command("refresh_recommendations", "--talent", str(profile.user_id))
    assert "Stored 6 recommendation(s)" in capsys.readouterr().out
    call_command("refresh_recommendations", "--job", str(jobs[0].pk))
    assert len(stored(FOR_TALENT, talent=profile.user)) == 3


@pytest.mark.django_db
def test_approving_a_job_merges_it_into_the_talents_lists(
    verifier, organisation, recruiter, django_capture_on_commit_callbacks
):
    others = [
        JobFactory(
            organisation=organisation,
            title=f"行政助理{i}",
            description="负责行政事务。",
            field=field("business"),
            degree_min="",
        )
        for i in range(recommendations.K)
    ]
    talent = chip_talent()
    recommendations.refresh()
    before = stored(FOR_TALENT, talent=talent.user)
    assert len(before) == recommendations.K
    job = JobFactory(
        organisation=organisation,
        created_by=recruiter,
        title="模拟芯片设计工程师",
        status="submitted",
        published_at=None,
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_job(verifier, job)
    after = stored(FOR_TALENT, talent=talent.user)
    assert len(after) == recommendations.K
    assert after[0].job == job and [r.position for r in after] == list(range(recommendations.K))
    assert {r.job for r in after} - {job} < set(others)
    assert [r.talent for r in stored(FOR_JOB, job=job)] == [talent.user]


@pytest.mark.django_db
def test_a_profile_that_loses_its_degree_or_account_leaves_every_list(jobs):
    profile = chip_talent()
    recommendations.refresh()
    assert stored(FOR_JOB, talent=profile.user)
    TalentProfile.objects.filter(pk=profile.pk).update(degree="")
    recommendations.refresh(talent_ids=[profile.user_id])
    assert not Recommendation.objects.filter(talent=profile.user).exists()


@pytest.mark.django_db
def test_a_closed_job_leaves_the_lists_when_refreshed(jobs):
    chip_talent()
    recommendations.refresh()
    jobs[0].status = "closed"
    jobs[0].closed_at = timezone.now()
    jobs[0].save()
    recommendations.refresh(job_ids=[jobs[0].pk])
    assert not Recommendation.objects.filter(job=jobs[0]).exists()
    assert Recommendation.objects.filter(job=jobs[1]).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_engine_reads_a_job_in_both_languages_whatever_language_is_active(language):

    job = JobFactory(title="模拟集成电路设计工程师")
    job.title_en = "Analog IC design engineer"
    job.description_en = "Design of analog circuits"
    job.save()
    with translation.override(language):
        (record,) = [r for r in recommendations._jobs([job.pk]) if r.id == str(job.pk)]
    assert "模拟集成电路设计工程师" in record.text
    assert "Analog IC design engineer" in record.text
    assert "Design of analog circuits" in record.text
