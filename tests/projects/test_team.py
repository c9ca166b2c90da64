"""A project's team: the lead invites by e-mail (a link valid 14 days, in the invitee's
language), revokes, removes members and hands the lead over; members edit and may leave;
accepting needs the invited address. Over HTTP and through the services."""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from yingcai.core.rules import can, forget
from yingcai.projects.models import TeamInvitation, TeamMember
from yingcai.projects.services import projects as services
from yingcai.projects.views import team as team_views

from ..factories import ProjectFactory, UserFactory
from ..talents.helpers import en
from .team_helpers import draft_of, listed_project


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


@pytest.fixture
def lead(db):
    return UserFactory(name="王芳", email="lead@example.com")


@pytest.fixture
def project(lead):
    return listed_project(lead=lead)


def roles(project) -> dict:
    return {m.user.email: m.role for m in project.team.select_related("user")}


@pytest.mark.django_db
def test_an_invitation_goes_out_in_the_invitees_language_and_is_accepted_over_http(
    client, lead, project, django_capture_on_commit_callbacks, mailoutbox
):
    invitee = UserFactory(email="zhang@example.com", language="zh-hans")
    client.force_login(lead)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            en("project_team:invite", project.pk), {"email": "Zhang@Example.com"}
        )
    assert response.status_code == 302
    invitation = TeamInvitation.objects.get()
    assert invitation.email == "zhang@example.com"
    assert (
        timedelta(days=13, hours=23) < invitation.expires_at - timezone.now() <= timedelta(days=14)
    )
    [mail] = mailoutbox
    assert mail.to == ["zhang@example.com"] and "邀请" in mail.subject
    assert f"/me/projects/invitations/{invitation.token}/" in mail.body

    client.force_login(invitee)
    page = client.get(en("project_team:invitation", invitation.token))
    assert page.status_code == 200 and "Accept the invitation" in page.content.decode()
    response = client.post(en("project_team:invitation", invitation.token))
    assert response.status_code == 302
    assert roles(project) == {"lead@example.com": "lead", "zhang@example.com": "member"}
    # The member edits the project (members may edit).
    assert can(invitee, "projects.edit_project", project)
    assert not can(invitee, "projects.manage_team", project)


@pytest.mark.django_db
def test_a_stranger_to_the_address_cannot_accept(client, lead, project):
    invitation = services.invite_member(lead, project, "someone@example.com")
    client.force_login(UserFactory(email="other@example.com"))
    response = client.post(en("project_team:invitation", invitation.token), follow=True)
    assert "Log in with that address" in response.content.decode()
    assert TeamMember.objects.filter(project=project).count() == 1


@pytest.mark.django_db
def test_another_verified_address_of_the_person_accepts(lead, project):
    person = UserFactory(email="main@example.com")
    EmailAddress.objects.create(user=person, email="second@example.com", verified=True)
    invitation = services.invite_member(lead, project, "second@example.com")
    assert services.accept_invitation(person, invitation.token).role == "member"


@pytest.mark.django_db
def test_an_anonymous_visitor_is_asked_to_log_in(client, lead, project):
    invitation = services.invite_member(lead, project, "x@example.com")
    page = client.get(en("project_team:invitation", invitation.token))
    assert "Log in with that e-mail address" in page.content.decode()
    response = client.post(en("project_team:invitation", invitation.token))
    assert response.status_code == 302 and "login" in response["Location"]
    with pytest.raises(PermissionDenied):
        services.accept_invitation(page.wsgi_request.user, invitation.token)


@pytest.mark.django_db
def test_expired_revoked_and_unknown_invitations(client, lead, project):
    person = UserFactory(email="late@example.com")
    invitation = services.invite_member(lead, project, "late@example.com")
    TeamInvitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now())
    with pytest.raises(ValidationError, match="has expired"):
        services.accept_invitation(person, invitation.token)
    # An expired invitation does not block a new one.
    again = services.invite_member(lead, project, "late@example.com")
    services.revoke_invitation(lead, again)
    with pytest.raises(ValidationError, match="no longer open"):
        services.revoke_invitation(lead, again)
    with pytest.raises(ValidationError, match="has expired"):
        services.accept_invitation(person, again.token)
    with pytest.raises(ValidationError, match="does not exist"):
        services.accept_invitation(person, "no-such-token")
    client.force_login(person)
    assert client.get(en("project_team:invitation", "no-such-token")).status_code == 404
    expired_page = client.get(en("project_team:invitation", again.token))
    assert "has expired, was withdrawn" in expired_page.content.decode()


@pytest.mark.django_db
def test_refused_invitations_say_why(client, lead, project):
    member = UserFactory(email="member@example.com")
    TeamMember.objects.create(project=project, user=member)
    with pytest.raises(ValidationError, match="already in the team"):
        services.invite_member(lead, project, "MEMBER@example.com")
    services.invite_member(lead, project, "new@example.com")
    with pytest.raises(ValidationError, match="already been invited"):
        services.invite_member(lead, project, "new@example.com")
    for bad in ("", "no-at-sign", "a\x00@example.com"):
        with pytest.raises(ValidationError, match="valid e-mail"):
            services.invite_member(lead, project, bad)
    with pytest.raises(PermissionDenied):
        services.invite_member(member, project, "x@example.com")
    client.force_login(lead)
    response = client.post(en("project_team:invite", project.pk), {"email": "a\x00b@example.com"})
    assert response.status_code == 400
    client.force_login(member)
    assert (
        client.post(en("project_team:invite", project.pk), {"email": "y@x.cn"}).status_code == 403
    )


@pytest.mark.django_db
def test_a_team_has_at_most_thirty_members(lead, project):
    TeamMember.objects.bulk_create(
        [TeamMember(project=project, user=UserFactory()) for _ in range(services.MAX_TEAM - 1)]
    )
    with pytest.raises(ValidationError, match="at most 30"):
        services.invite_member(lead, project, "thirty-one@example.com")


@pytest.mark.django_db
def test_a_lead_who_handed_over_meanwhile_is_refused(lead, project):
    member = UserFactory()
    other = TeamMember.objects.create(project=project, user=member)
    assert can(lead, "projects.manage_team", project)  # the page was read as the lead
    TeamMember.objects.filter(project=project, role="lead").update(role="member")
    TeamMember.objects.filter(pk=other.pk).update(role="lead")
    with pytest.raises(PermissionDenied):
        services.invite_member(lead, project, "z@example.com")


@pytest.mark.django_db
def test_the_lead_hands_over_removes_and_members_leave(
    client, lead, project, mailoutbox, django_capture_on_commit_callbacks
):
    first, second = UserFactory(email="first@example.com"), UserFactory(email="second@example.com")
    m1 = TeamMember.objects.create(project=project, user=first)
    m2 = TeamMember.objects.create(project=project, user=second)
    client.force_login(lead)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(en("project_team:hand_over", project.pk, m1.pk))
    assert response.status_code == 302
    assert roles(project)["first@example.com"] == "lead"
    assert roles(project)["lead@example.com"] == "member"
    assert mailoutbox[-1].to == ["first@example.com"]
    # The former lead no longer manages the team.
    assert client.post(en("project_team:remove_member", project.pk, m2.pk)).status_code == 403
    client.force_login(first)
    response = client.post(en("project_team:remove_member", project.pk, m2.pk))
    assert response.status_code == 302 and "second@example.com" not in roles(project)
    # The lead cannot leave before handing over; a member can.
    response = client.post(en("project_team:remove_member", project.pk, m1.pk), follow=True)
    assert "Hand the lead to another member" in response.content.decode()
    with pytest.raises(ValidationError, match="already leads"):
        services.hand_over_lead(first, m1)
    client.force_login(lead)
    former = TeamMember.objects.get(project=project, user=lead)
    response = client.post(en("project_team:remove_member", project.pk, former.pk))
    assert response.status_code == 302 and response["Location"] == en("project_team:mine")
    assert roles(project) == {"first@example.com": "lead"}


@pytest.mark.django_db
def test_a_member_removed_meanwhile(lead, project):
    member = TeamMember.objects.create(project=project, user=UserFactory())
    TeamMember.objects.filter(pk=member.pk).delete()
    with pytest.raises(ValidationError, match="no longer in the team"):
        services.remove_member(lead, member)


@pytest.mark.django_db
def test_a_talent_may_be_in_several_projects(client, lead):
    mine = [listed_project(lead=lead), draft_of(lead)]
    elsewhere = listed_project(members=[lead])
    client.force_login(lead)
    response = client.get(en("project_team:mine"))
    body = response.content.decode()
    assert all(p.title in body for p in [*mine, elsewhere])
    assert body.count('data-testid="my-project"') == 3


@pytest.mark.django_db
def test_my_projects_and_the_dashboard_panel_read_a_bounded_number_of_rows(
    client, lead, django_assert_max_num_queries
):
    for _ in range(3):
        project = listed_project(lead=lead, members=[UserFactory(), UserFactory()])
        forget(lead)  # a new request would read the new team
        services.invite_member(lead, project, f"p{project.pk}@example.com")
    other = listed_project()
    services.invite_member(other.team.get().user, other, "lead@example.com")
    client.force_login(lead)
    client.get(en("project_team:mine"))  # warm the session and the site's settings
    with django_assert_max_num_queries(8):
        response = client.get(en("project_team:mine"))
    assert response.content.decode().count('data-testid="my-project"') == 3
    for _ in range(5):
        listed_project(lead=lead)
    with django_assert_max_num_queries(8):
        client.get(en("project_team:mine"))
    response = client.get(en("accounts:dashboard"))
    assert 'data-testid="projects-panel"' in response.content.decode()


@pytest.mark.django_db
def test_open_invitations_show_under_my_projects(client, lead, project):
    person = UserFactory(email="invited@example.com")
    invitation = services.invite_member(lead, project, "invited@example.com")
    client.force_login(person)
    body = client.get(en("project_team:mine")).content.decode()
    assert invitation.token in body


@pytest.mark.django_db
def test_the_team_page_is_the_teams_only(client, lead, project, outsider, verifier):
    client.force_login(lead)
    page = client.get(en("project_team:detail", project.pk))
    assert page.status_code == 200 and "lead@example.com" in page.content.decode()
    for other in (outsider, verifier):
        client.force_login(other)
        assert client.get(en("project_team:detail", project.pk)).status_code == 404
        assert client.get(en("project_team:edit", project.pk)).status_code == 404
    client.logout()
    response = client.get(en("project_team:detail", project.pk))
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.django_db
def test_invitations_are_rate_limited_per_person(client, lead, project, monkeypatch):
    monkeypatch.setattr(team_views, "INVITATION_RATE", "2/h")
    client.force_login(lead)
    url = en("project_team:invite", project.pk)
    assert client.post(url, {"email": "a@example.com"}).status_code == 302
    assert client.post(url, {"email": "b@example.com"}).status_code == 302
    refused = client.post(url, {"email": "c@example.com"})
    assert refused.status_code == 429 and int(refused["Retry-After"]) >= 1
    assert TeamInvitation.objects.filter(project=project).count() == 2


@pytest.mark.django_db
def test_open_invitations_count_towards_the_size_of_the_team(lead, project):
    for n in range(services.MAX_TEAM - 1):
        services.invite_member(lead, project, f"n{n}@example.com")
    with pytest.raises(ValidationError, match="at most 30"):
        services.invite_member(lead, project, "one-too-many@example.com")


@pytest.mark.django_db
def test_the_team_lists_the_lead_first_then_members_by_joining():
    lead = UserFactory()
    project = ProjectFactory(lead=lead)
    first, second = UserFactory(), UserFactory()
    project.team.create(user=first)
    project.team.create(user=second)
    assert [m.user for m in services.team_of(project)] == [lead, first, second]
