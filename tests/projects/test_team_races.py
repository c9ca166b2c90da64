"""A project's team under simultaneous clients (PostgreSQL, 20 parallel clients): one
membership per person, one lead per project, one open invitation per address — decided on
the rows as stored now, under the project's lock, with the constraints behind it."""

from collections import Counter

import pytest
from allauth.account.models import EmailAddress
from django.utils import translation

from yingcai.accounts.models import User
from yingcai.projects.models import TeamInvitation, TeamMember
from yingcai.projects.services import projects as services

from ..concurrency import at_once, postgresql_only, put_back_reference_rows
from ..factories import ProjectFactory, UserFactory

NOT_OPEN = "This invitation does not exist, has expired or was withdrawn."
NOT_ALLOWED = "You are not allowed to do this."


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


@pytest.fixture
def reference_rows(transactional_db):
    put_back_reference_rows()


def fresh(user):
    """Each client is its own request: its own user object."""
    return User.objects.get(pk=user.pk)


def project_led_by(lead):
    return ProjectFactory(lead=lead, district=None)


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_twenty_clicks_on_one_invitation_make_one_membership(reference_rows):
    lead, person = UserFactory(), UserFactory(email="joiner@example.com")
    project = project_led_by(lead)
    invitation = services.invite_member(lead, project, "joiner@example.com")
    outcomes = at_once([lambda: services.accept_invitation(fresh(person), invitation.token)] * 20)
    assert Counter(outcomes) == {"ok": 1, NOT_OPEN: 19}
    assert TeamMember.objects.filter(project=project, user=person).count() == 1
    assert TeamMember.objects.filter(project=project).count() == 2


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_two_invitations_of_one_person_accepted_at_once_make_one_membership(reference_rows):
    """Invited at two of their addresses, the person clicks both links again and again."""
    lead, person = UserFactory(), UserFactory(email="home@example.com")
    EmailAddress.objects.create(user=person, email="work@example.com", verified=True)
    project = project_led_by(lead)
    tokens = [
        services.invite_member(fresh(lead), project, address).token
        for address in ("home@example.com", "work@example.com")
    ]
    outcomes = at_once(
        [lambda t=tokens[i % 2]: services.accept_invitation(fresh(person), t) for i in range(20)]
    )
    assert Counter(outcomes) == {"ok": 2, NOT_OPEN: 18}
    assert TeamMember.objects.filter(project=project, user=person).count() == 1
    assert TeamInvitation.objects.filter(accepted_by=person).count() == 2


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_twenty_invitations_of_one_address_at_once_make_one(reference_rows):
    lead = UserFactory()
    project = project_led_by(lead)
    outcomes = at_once(
        [lambda: services.invite_member(fresh(lead), project, "same@example.com")] * 20
    )
    waiting = "same@example.com has already been invited and has not answered yet."
    assert Counter(outcomes) == {"ok": 1, waiting: 19}
    assert TeamInvitation.objects.filter(project=project).count() == 1


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_twenty_hand_overs_at_once_leave_one_lead(reference_rows):
    lead = UserFactory()
    project = project_led_by(lead)
    members = [TeamMember.objects.create(project=project, user=UserFactory()) for _ in range(20)]
    outcomes = at_once([lambda m=m: services.hand_over_lead(fresh(lead), m) for m in members])
    assert Counter(outcomes) == {"ok": 1, NOT_ALLOWED: 19}
    assert TeamMember.objects.filter(project=project, role="lead").count() == 1
    assert TeamMember.objects.filter(project=project).count() == 21


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_twenty_members_leaving_while_the_lead_hands_over(reference_rows):
    """Members leave while the lead hands the lead to one of them: the one who became lead
    is refused leaving, the team keeps exactly one lead."""
    lead = UserFactory()
    project = project_led_by(lead)
    members = [TeamMember.objects.create(project=project, user=UserFactory()) for _ in range(19)]
    calls = [lambda: services.hand_over_lead(fresh(lead), members[0])]
    calls += [lambda m=m: services.remove_member(fresh(m.user), m) for m in members]
    outcomes = at_once(calls)
    assert "error" not in " ".join(outcomes)
    assert TeamMember.objects.filter(project=project, role="lead").count() == 1
