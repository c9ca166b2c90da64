"""Export and erasure of what projects hold about a person (PIPL Art. 45, 47): a lead's
project goes to another member, or, the lead alone, is deleted with its business plan's file;
afterwards no row names the person."""

import json

import pytest

from yingcai.core.models import AuditEntry
from yingcai.projects.models import BusinessPlan, PlanSharing, Project, TeamInvitation, TeamMember
from yingcai.projects.services import projects as services
from yingcai.talents import services as talents

from ..factories import DemandFactory, OrganisationFactory, UserFactory
from ..privacy.test_personal_data import rows_naming
from ..talents.helpers import en, media, stored_files  # noqa: F401
from .team_helpers import draft_of, listed_project, pdf_file

NAME = "欧阳娜娜"
EMAIL = "nana.ouyang@example.com"


@pytest.fixture
def nana(db):
    return UserFactory(name=NAME, email=EMAIL)


@pytest.fixture
def world(nana, verifier, media):  # noqa: F811
    """Nana leads a project with a teammate, leads one alone (with a plan), is a member of a
    third, was invited to a fourth, shared a plan, reviewed nothing but wrote a demand."""
    teammate = UserFactory(name="韩梅梅", email="meimei@example.com")
    shared = listed_project(lead=nana, members=[teammate])
    investor = OrganisationFactory()
    services.upload_plan(nana, shared, pdf_file(f"{NAME}的计划书.pdf"))
    sharing = services.share_plan(nana, shared, investor)
    services.invite_member(nana, shared, "friend@example.com")
    alone = draft_of(nana, title="独自的项目")
    services.upload_plan(nana, alone, pdf_file())
    other_lead = UserFactory()
    elsewhere = listed_project(lead=other_lead)
    invitation = services.invite_member(other_lead, elsewhere, EMAIL)
    services.accept_invitation(nana, invitation.token)
    fourth = listed_project()
    services.invite_member(fourth.team.get().user, fourth, EMAIL)
    demand = DemandFactory(created_by=nana)
    return {
        "shared": shared,
        "alone": alone,
        "elsewhere": elsewhere,
        "teammate": teammate,
        "sharing": sharing,
        "demand": demand,
    }


@pytest.mark.django_db
def test_the_export_holds_the_projects_invitations_plans_and_consents(client, nana, world):
    client.force_login(nana)
    data = json.loads(client.get(en("talent:data_export")).content)
    assert {(p["title"], p["role"]) for p in data["projects"]} == {
        (world["shared"].title, "lead"),
        ("独自的项目", "lead"),
        (world["elsewhere"].title, "member"),
    }
    assert len(data["project_invitations_received"]) == 2
    assert data["project_invitations_sent"][0]["email"] == "friend@example.com"
    assert data["business_plans_uploaded"][0]["file_name"] == f"{NAME}的计划书.pdf"
    assert data["business_plan_sharings"][0]["text_shown"] == world["sharing"].text_shown
    assert data["demands_written_or_reviewed"] == [str(world["demand"])]


@pytest.mark.django_db
def test_erasure_hands_the_lead_over_deletes_what_was_alone_and_names_nobody(
    nana,
    world,
    media,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    assert len(stored_files(media)) == 2
    assert rows_naming(NAME, EMAIL)
    with django_capture_on_commit_callbacks(execute=True):
        talents.delete_account(nana, password_confirmed=True)
    assert rows_naming(NAME, EMAIL) == {}
    # The shared project stays with its team, led by the teammate.
    shared = world["shared"]
    assert {(m.user, m.role) for m in shared.team.all()} == {(world["teammate"], "lead")}
    plan = BusinessPlan.objects.get(project=shared)
    assert plan.uploaded_by is None
    assert stored_files(media) == [media / plan.file.name]
    sharing = PlanSharing.objects.get(pk=world["sharing"].pk)
    assert sharing.given_by is None and sharing.withdrawn_at is None
    # The project Nana was alone in is gone with its file.
    assert not Project.objects.filter(pk=world["alone"].pk).exists()
    assert not TeamMember.objects.filter(user=nana).exists()
    assert world["elsewhere"].team.count() == 1
    assert not TeamInvitation.objects.filter(invited_by=nana).exists()
    assert not TeamInvitation.objects.filter(accepted_by=nana).exists()
    world["demand"].refresh_from_db()
    assert world["demand"].created_by is None
    assert AuditEntry.objects.filter(action="project.lead_handed_over_on_erasure").count() == 1
    assert AuditEntry.objects.filter(action="project.deleted_on_erasure").count() == 1
    assert Project.objects.filter(created_by=nana).count() == 0
