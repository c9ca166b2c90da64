"""Projects over HTTP: the registration form and its refusals (never a 500, nothing written),
the public page (listed projects, or the team and organisers), the organisers' queue."""

import pytest
from django.urls import reverse
from django.utils import translation

from yingcai.core.models import District
from yingcai.organisations.models import Organisation
from yingcai.projects import hooks
from yingcai.projects.models import Industry, Project, TeamMember
from yingcai.projects.templatetags.project_tags import investment

from ..factories import OrganisationFactory, UserFactory
from ..talents.helpers import en
from .team_helpers import draft_of, form_data, listed_project


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


@pytest.mark.django_db
def test_a_talent_registers_submits_and_an_organiser_lists_the_project(
    client, talent, verifier, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(talent)
    assert client.get(en("project_team:register")).status_code == 200
    industry = Industry.objects.first()
    park = OrganisationFactory(kind=Organisation.Kind.INDUSTRIAL_PARK)
    data = form_data(
        industries=[str(industry.pk)],
        district=str(District.objects.get(slug="liangjiang").pk),
        park=str(park.pk),
        seeks_talent="on",
    )
    response = client.post(en("project_team:register"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    project = Project.objects.get()
    assert response["Location"] == en("project_team:detail", project.pk)
    assert (project.title_zh_hans, project.title_en) == (
        "车规级碳化硅功率芯片",
        "Automotive SiC power chips",
    )
    assert project.patent_numbers == ["CN 201510123456.7", "US 9,876,543 B2"]
    assert list(project.industries.all()) == [industry] and project.park == park
    assert project.sought == ["investment", "partners", "talents"]
    assert TeamMember.objects.get(project=project).role == "lead"

    client.post(en("project_team:submit", project.pk))
    project.refresh_from_db()
    assert project.status == "submitted" and project.first_submitted_at
    # Not listed yet: outsiders find nothing; the team and the organisers see it.
    client.logout()
    assert client.get(en("projects:project", project.pk)).status_code == 404
    client.force_login(verifier)
    assert client.get(en("projects:project", project.pk)).status_code == 200

    queue = client.get(en("orga_projects:queue"))
    assert 'data-testid="queued-project"' in queue.content.decode()
    home = client.get(en("orga:home")).content.decode()
    assert 'data-testid="queue-projects"' in home
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(en("orga_projects:review", project.pk), {"decision": "verify"})
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.status == "verified"
    assert mailoutbox[-1].to == [talent.email]
    client.logout()
    page = client.get(en("projects:project", project.pk)).content.decode()
    assert "Automotive SiC power chips" in page and "CN 201510123456.7" in page
    assert "5,000,000–20,000,000 yuan (CNY)" in page
    with translation.override("zh-hans"):
        chinese = client.get(reverse("projects:project", args=[project.pk])).content.decode()
    assert "500万–2000万 人民币（CNY）" in chinese


@pytest.mark.django_db
def test_an_organiser_sends_a_project_back_with_a_reason_and_the_team_resubmits(
    client, talent, verifier
):
    project = draft_of(talent)
    client.force_login(talent)
    client.post(en("project_team:submit", project.pk))
    client.force_login(verifier)
    url = en("orga_projects:review", project.pk)
    response = client.post(url, {"decision": "reject", "reason": ""})
    assert response.status_code == 400 and "Give the reason" in response.content.decode()
    response = client.post(url, {"decision": "maybe"})
    assert response.status_code == 400 and "Unknown decision" in response.content.decode()
    client.post(url, {"decision": "reject", "reason": "缺少团队介绍"})
    project.refresh_from_db()
    assert (project.status, project.status_reason) == ("rejected", "缺少团队介绍")
    again = client.post(url, {"decision": "verify"})
    assert "awaiting verification can be verified" in again.content.decode()
    client.force_login(talent)
    page = client.get(en("project_team:detail", project.pk)).content.decode()
    assert "缺少团队介绍" in page
    client.post(en("project_team:submit", project.pk))
    project.refresh_from_db()
    assert project.status == "submitted"
    # While the organisers check it, the edit page says why it is closed.
    response = client.get(en("project_team:edit", project.pk), follow=True)
    assert "organisers are checking" in response.content.decode()
    response = client.post(en("project_team:submit", project.pk), follow=True)
    assert "draft, a rejected or a withdrawn" in response.content.decode()


BAD = [
    ({"title_zh_hans": "", "title_en": ""}, "Give it in Chinese, in English or both."),
    ({"title_zh_hans": "芯片\x00"}, "NUL character"),
    ({"summary_en": "x" * 4001}, "at most 4000 characters"),
    ({"amount_min": "-5"}, "greater than or equal to 0"),
    ({"amount_min": "9000", "amount_max": "10"}, "upper end of the amount is below"),
    ({"amount_max": str(10**13)}, "less than or equal to"),
    ({"amount_min": "abc"}, "Enter a whole number."),
    ({"currency": "EUR"}, "Select a valid choice"),
    ({"district": "987654"}, "Select a valid choice"),
    ({"district": "x\x00"}, "NUL character"),
    ({"stage": "unicorn"}, "Select a valid choice"),
    ({"origin": "overseas", "country": ""}, "country or region of an overseas project"),
    ({"patents": "not a patent"}, "is not a patent number"),
    ({"pitch_url": "javascript:alert(1)"}, "Enter a valid URL."),
    ({"seeks_investment": None}, "Tick “seeks investment”"),
    ({"industries": ["987654"]}, "Select a valid choice"),
]


@pytest.mark.parametrize(("changes", "words"), BAD, ids=[w for _c, w in BAD])
@pytest.mark.django_db
def test_bad_input_answers_the_form_again_and_writes_nothing(client, talent, changes, words):
    client.force_login(talent)
    response = client.post(en("project_team:register"), form_data(**changes))
    assert response.status_code == 400
    assert words in response.content.decode()
    assert not Project.objects.exists() and not TeamMember.objects.exists()


@pytest.mark.django_db
def test_the_park_of_another_kind_or_unverified_is_not_a_choice(client, talent):
    client.force_login(talent)
    for park in (
        OrganisationFactory(kind=Organisation.Kind.ENTERPRISE),
        OrganisationFactory(
            kind=Organisation.Kind.INDUSTRIAL_PARK, status=Organisation.Status.PENDING
        ),
    ):
        response = client.post(en("project_team:register"), form_data(park=str(park.pk)))
        assert response.status_code == 400
    assert not Project.objects.exists()


@pytest.mark.django_db
def test_the_team_edits_a_listed_project_and_it_stays_listed(client, talent):
    project = listed_project(lead=talent)
    client.force_login(talent)
    data = form_data(title_zh_hans="新名字", summary_zh_hans="新简介")
    response = client.post(en("project_team:edit", project.pk), data, follow=True)
    assert "The project stays listed." in response.content.decode()
    project.refresh_from_db()
    assert (project.status, project.title_zh_hans) == ("verified", "新名字")
    response = client.post(en("project_team:edit", project.pk), form_data(amount_min="-1"))
    assert response.status_code == 400


@pytest.mark.django_db
def test_the_lead_withdraws_over_http(client, talent):
    project = listed_project(lead=talent)
    client.force_login(talent)
    client.post(en("project_team:withdraw", project.pk))
    project.refresh_from_db()
    assert project.status == "withdrawn"
    client.logout()
    assert client.get(en("projects:project", project.pk)).status_code == 404
    client.force_login(talent)
    response = client.post(en("project_team:withdraw", project.pk), follow=True)
    assert "awaiting verification or listed" in response.content.decode()


@pytest.mark.django_db
def test_the_public_page_shows_the_summary_and_the_registered_actions(client, monkeypatch):
    project = listed_project()

    def provider(user, obj):
        return [hooks.Action(label="Express interest", url="/interest/", method="post")]

    monkeypatch.setattr(hooks, "project_actions", [*hooks.project_actions, provider])
    response = client.get(en("projects:project", project.pk))
    body = response.content.decode()
    assert response.status_code == 200 and project.summary in body
    assert 'data-testid="project-actions"' in body and "Express interest" in body
    assert 'data-testid="plan-link"' not in body
    assert client.get(en("projects:project", 987654)).status_code == 404


@pytest.mark.django_db
def test_nothing_but_the_team_and_verifiers_sees_an_unlisted_project(
    client, talent, outsider, verifier, plain_staff
):
    project = draft_of(talent)
    for user, status in ((talent, 200), (verifier, 200), (outsider, 404), (plain_staff, 404)):
        client.force_login(user)
        assert client.get(en("projects:project", project.pk)).status_code == status


@pytest.mark.django_db
def test_the_queue_is_the_verifiers_and_reads_a_bounded_number_of_rows(
    client, talent, verifier, django_assert_max_num_queries
):
    for _ in range(3):
        project = draft_of(UserFactory())
        Project.objects.filter(pk=project.pk).update(status="submitted")
    client.force_login(talent)
    assert client.get(en("orga_projects:queue")).status_code == 403
    client.force_login(verifier)
    client.get(en("orga_projects:queue"))
    with django_assert_max_num_queries(10):
        response = client.get(en("orga_projects:queue"), {"q": "域控制器"})
    assert response.content.decode().count('data-testid="queued-project"') == 3
    for _ in range(10):
        project = draft_of(UserFactory())
        Project.objects.filter(pk=project.pk).update(status="submitted")
    with django_assert_max_num_queries(10):
        response = client.get(en("orga_projects:queue"), {"q": "芯片"})
    assert response.status_code == 200
    assert client.get(en("orga_projects:queue"), {"q": "x\x00"}).status_code == 400
    assert client.get(en("orga_projects:review", 987654)).status_code == 404


def test_the_sums_of_investment_rounds_read_in_each_language():
    project = Project(amount_min=300_000_000, amount_max=None, currency="USD")
    with translation.override("zh-hans"):
        assert investment(project) == "3亿 美元（USD）"
    assert investment(project) == "300,000,000 US dollars (USD)"
    assert investment(Project(amount_min=None, amount_max=None)) == ""
