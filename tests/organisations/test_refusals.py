"""Refusals of the organisations' services that their forms also check: a suspension without
reason, an unknown role."""

import pytest
from django.core.exceptions import ValidationError

from yingcai.organisations import services
from yingcai.organisations.models import Invitation, Membership, Organisation


def refused(call, *args) -> str:
    with pytest.raises(ValidationError) as refusal:
        call(*args)
    return " ".join(refusal.value.messages)


@pytest.mark.django_db
def test_a_suspension_needs_its_reason(verifier, organisation, english):
    assert refused(services.suspend_organisation, verifier, organisation, "  ") == (
        "Give the reason for the suspension."
    )
    organisation.refresh_from_db()
    assert organisation.status == Organisation.Status.VERIFIED


@pytest.mark.django_db
def test_invitations_and_role_changes_take_a_known_role(owner, recruiter, organisation, english):
    invite = services.invite_member
    assert refused(invite, owner, organisation, "x@example.com", "boss") == "Choose a role."
    assert not Invitation.objects.exists()
    membership = Membership.objects.get(user=recruiter)
    assert refused(services.change_role, owner, membership, "boss") == "Choose a role."
    membership.refresh_from_db()
    assert membership.role == Membership.Role.RECRUITER
