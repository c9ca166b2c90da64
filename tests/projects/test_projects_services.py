"""A project's life: registered as a draft by its lead, submitted, verified or sent back with
a reason, resubmitted, edited while listed, withdrawn — each change through one service, each
refusal in words, nothing half-written."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from yingcai.core.models import AuditEntry, DisciplineField
from yingcai.core.rules import can
from yingcai.organisations.models import Organisation
from yingcai.projects import recommendations, search
from yingcai.projects.models import Project, TeamMember
from yingcai.projects.services import projects as services

from ..factories import OrganisationFactory, UserFactory
from .team_helpers import draft_of, listed_project


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


@pytest.fixture
def refreshes(monkeypatch):
    """The project ids handed to the recommendations' refresh (a stub another engineer
    fills; recorded here rather than mocked away)."""
    seen = []
    original = recommendations.queue_refresh

    def record(project_ids=None, demand_ids=None):
        seen.append(project_ids)
        return original(project_ids=project_ids, demand_ids=demand_ids)

    monkeypatch.setattr(recommendations, "queue_refresh", record)
    return seen


def messages_of(error) -> str:
    return " ".join(error.value.messages)


@pytest.mark.django_db
def test_registering_makes_a_draft_led_by_its_registrant(talent):
    project = draft_of(talent)
    assert project.status == "draft" and project.created_by == talent
    assert project.first_submitted_at is None
    [member] = project.team.all()
    assert (member.user, member.role) == (talent, "lead")
    assert AuditEntry.objects.filter(action="project.registered").count() == 1


@pytest.mark.django_db
def test_the_search_document_is_kept_by_every_change(talent, verifier, monkeypatch):
    monkeypatch.setattr(search, "project_document", lambda project: f"doc {project.title}")
    project = draft_of(talent, title="氢能重卡")
    assert Project.objects.get(pk=project.pk).search_document == "doc 氢能重卡"
    project.title_zh_hans = "氢燃料电池重卡"
    services.update_project(talent, project, ["title_zh_hans"])
    assert Project.objects.get(pk=project.pk).search_document == "doc 氢燃料电池重卡"


@pytest.mark.django_db
def test_submit_verify_reject_and_resubmit_keep_the_first_submission(
    talent, verifier, django_capture_on_commit_callbacks, mailoutbox, refreshes
):
    project = draft_of(talent)
    services.submit_project(talent, project)
    project.refresh_from_db()
    first = project.first_submitted_at
    assert project.status == "submitted" and first is not None

    with django_capture_on_commit_callbacks(execute=True):
        services.reject_project(verifier, project, "  请补充专利证明。 ")
    project.refresh_from_db()
    assert (project.status, project.status_reason) == ("rejected", "请补充专利证明。")
    assert "请补充专利证明。" in mailoutbox[-1].body
    assert refreshes == []

    services.submit_project(talent, project)
    project.refresh_from_db()
    assert project.first_submitted_at == first and project.submitted_at > first
    assert project.status_reason == ""

    with django_capture_on_commit_callbacks(execute=True):
        services.verify_project(verifier, project)
    project.refresh_from_db()
    assert project.status == "verified" and project.verified_at and project.reviewed_by == verifier
    assert refreshes == [[project.pk]]
    assert mailoutbox[-1].to == [talent.email]


@pytest.mark.django_db
def test_editing_a_listed_project_keeps_it_listed_and_refreshes(
    talent, django_capture_on_commit_callbacks, refreshes
):
    project = listed_project(lead=talent)
    project.summary_zh_hans = "新的简介"
    with django_capture_on_commit_callbacks(execute=True):
        services.update_project(talent, project, ["summary_zh_hans"])
    project.refresh_from_db()
    assert project.status == "verified" and project.summary_zh_hans == "新的简介"
    assert refreshes == [[project.pk]]
    entry = AuditEntry.objects.get(action="project.changed")
    assert entry.data == {"fields": ["summary_zh_hans"], "listed": True}


@pytest.mark.django_db
def test_an_edit_from_a_page_opened_before_the_withdrawal_does_not_relist(talent):
    project = listed_project(lead=talent)
    stale = Project.objects.get(pk=project.pk)
    services.withdraw_project(talent, project)
    stale.title_zh_hans = "改名"
    services.update_project(talent, stale, ["title_zh_hans"])
    project.refresh_from_db()
    assert (project.status, project.title_zh_hans) == ("withdrawn", "改名")


@pytest.mark.django_db
def test_a_project_awaiting_verification_cannot_be_edited(talent):
    project = draft_of(talent)
    stale = Project.objects.get(pk=project.pk)
    services.submit_project(talent, project)
    stale.title_zh_hans = "改名"
    with pytest.raises(ValidationError) as error:
        services.update_project(talent, stale, ["title_zh_hans"])
    assert "organisers are checking" in messages_of(error)
    assert Project.objects.get(pk=project.pk).title_zh_hans != "改名"


@pytest.mark.django_db
def test_state_refusals_are_told_to_those_who_hold_the_role(talent, verifier):
    project = listed_project(lead=talent)
    with pytest.raises(ValidationError, match="draft, a rejected or a withdrawn"):
        services.submit_project(talent, project)
    with pytest.raises(ValidationError, match="awaiting verification can be verified"):
        services.verify_project(verifier, project)
    with pytest.raises(ValidationError, match="awaiting verification can be rejected"):
        services.reject_project(verifier, project, "no")
    with pytest.raises(ValidationError, match="Give the reason"):
        services.reject_project(verifier, project, "   ")
    services.withdraw_project(talent, project)
    with pytest.raises(ValidationError, match="awaiting verification or listed"):
        services.withdraw_project(talent, project)


@pytest.mark.django_db
def test_others_are_only_told_not_allowed(talent, outsider, verifier):
    project = listed_project(lead=talent)
    member = UserFactory()
    TeamMember.objects.create(project=project, user=member)
    for call in (
        lambda: services.update_project(outsider, project, []),
        lambda: services.withdraw_project(member, project),  # the lead's
        lambda: services.verify_project(talent, project),
        lambda: services.register_project(AnonymousUser(), project),
    ):
        with pytest.raises(PermissionDenied):
            call()


@pytest.mark.django_db
def test_a_project_deleted_meanwhile_is_no_longer_there(talent):
    project = draft_of(talent)
    stale = Project.objects.get(pk=project.pk)
    assert can(talent, "projects.view_team", stale)  # the request read the team before
    Project.objects.filter(pk=project.pk).delete()
    with pytest.raises(ValidationError, match="no longer exists"):
        services.submit_project(talent, stale)


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"title_zh_hans": "", "title_en": ""}, "title_zh_hans", "Chinese, in English or both"),
        ({"origin": "overseas", "country": " "}, "country", "country or region"),
        ({"seeks_investment": True, "amount_min": 9, "amount_max": 3}, "amount_max", "below"),
        ({"seeks_investment": True, "amount_min": -1}, "amount_min", "between 0 and"),
        ({"patents": "CN 2015\nUS 9,876,543 B2"}, "patents", "Line 1"),
        ({"patents": "\n".join(["CN105123456A"] * 51)}, "patents", "at most 50"),
        ({"currency": "EUR"}, "currency", "not a valid choice"),
        ({"title_zh_hans": "长" * 121}, "title_zh_hans", "at most 120"),
    ],
)
@pytest.mark.django_db
def test_bad_projects_are_refused_whole(talent, changes, field, words):
    project = Project(
        title_zh_hans="项目",
        summary_zh_hans="简介",
        field=DisciplineField.objects.get(slug="electronic-information"),
        stage="idea",
    )
    for name, value in changes.items():
        setattr(project, name, value)
    with pytest.raises(ValidationError) as error:
        services.register_project(talent, project)
    assert words in " ".join(error.value.message_dict[field])
    assert not Project.objects.exists() and not TeamMember.objects.exists()


@pytest.mark.django_db
def test_the_wished_park_is_a_verified_industrial_park(talent):
    enterprise = OrganisationFactory(kind=Organisation.Kind.ENTERPRISE)
    with pytest.raises(ValidationError, match="verified industrial park"):
        draft_of(talent, park=enterprise)
    park = OrganisationFactory(kind=Organisation.Kind.INDUSTRIAL_PARK)
    assert draft_of(talent, park=park).park == park


@pytest.mark.django_db
def test_a_project_not_seeking_investment_keeps_no_amount_and_a_domestic_one_no_country(
    talent,
):
    project = draft_of(talent, amount_min=1, amount_max=2, country="Germany")
    project.refresh_from_db()
    assert (project.amount_min, project.amount_max, project.country) == (None, None, "")


@pytest.mark.parametrize(
    "number",
    [
        "CN 201510123456.7",
        "ZL 2015 1 0123456.7",
        "CN105123456A",
        "US 9,876,543 B2",
        "US 2019/0123456 A1",
        "EP 1 234 567 B1",
        "WO 2019/123456 A1",
        "JP 2020-123456 A",
    ],
)
def test_patent_numbers_as_offices_print_them(number):
    assert services.validate_patents(f"  {number}  \n\n") == number


@pytest.mark.parametrize("number", ["123456", "CN", "patent pending", "CN 12", "US9876543B2X9"])
def test_what_is_not_a_patent_number(number):
    with pytest.raises(ValidationError):
        services.validate_patents(number)
