"""Organisations under simultaneous clients: owners, invitations and verification are decided
on the rows as stored now, under a lock (PostgreSQL, 20 parallel clients), and a stale page
is refused in words (any database)."""

from collections import Counter

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from yingcai.core.models import AuditEntry
from yingcai.core.rules import STAFF_VERIFIER, can
from yingcai.organisations import services
from yingcai.organisations.models import Invitation, Membership, Organisation

from ..concurrency import at_once, postgresql_only, put_back_reference_rows
from ..factories import MembershipFactory, OrganisationFactory, StaffFactory, UserFactory

LAST_OWNER = "An organisation needs at least one owner: make someone else owner first."
NOT_OPEN = "This invitation does not exist, has expired or was withdrawn."


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


@pytest.fixture
def reference_rows(transactional_db):
    put_back_reference_rows()
    Group.objects.get_or_create(name=STAFF_VERIFIER)


def owners(organisation):
    return Membership.objects.filter(organisation=organisation, role="owner").count()


# --- PostgreSQL: parallel clients --------------------------------------------------------------
@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_twenty_owners_leaving_at_once_leave_one_owner(reference_rows):
    organisation = OrganisationFactory()
    memberships = [MembershipFactory(organisation=organisation, role="owner") for _ in range(20)]
    outcomes = at_once([lambda m=m: services.remove_member(m.user, m) for m in memberships])
    assert Counter(outcomes) == {"ok": 19, LAST_OWNER: 1}
    assert owners(organisation) == 1


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_twenty_owners_demoting_each_other_at_once_leave_an_owner(reference_rows):
    organisation = OrganisationFactory()
    memberships = [MembershipFactory(organisation=organisation, role="owner") for _ in range(20)]
    outcomes = at_once(
        [
            lambda i=i: services.change_role(
                memberships[i].user, memberships[(i + 1) % 20], "viewer"
            )
            for i in range(20)
        ]
    )
    assert set(outcomes) <= {
        "ok",
        "An organisation needs at least one owner.",
        "You are not allowed to do this.",
    }
    assert owners(organisation) >= 1
    # Every demotion was made by someone who was an owner when it was made.
    demoted = AuditEntry.objects.filter(action="organisation.role_changed").count()
    assert demoted == outcomes.count("ok") == 20 - owners(organisation)


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_an_invitation_accepted_and_revoked_at_once_ends_one_way(reference_rows):
    organisation = OrganisationFactory()
    owner = MembershipFactory(organisation=organisation, role="owner").user
    invitation = services.invite_member(owner, organisation, "new.hire@example.com", "recruiter")
    newcomer = UserFactory(email="new.hire@example.com")
    calls = [lambda: services.accept_invitation(newcomer, invitation.token)] * 10
    calls += [lambda: services.revoke_invitation(owner, invitation)] * 10
    outcomes = at_once(calls)
    invitation.refresh_from_db()
    assert (invitation.accepted_at is None) != (invitation.revoked_at is None)
    joined = Membership.objects.filter(organisation=organisation, user=newcomer).count()
    assert joined == (1 if invitation.accepted_at else 0)
    assert outcomes.count("ok") == 1
    assert set(outcomes) <= {"ok", NOT_OPEN, "This invitation is no longer open."}


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_twenty_invitations_of_one_address_at_once_make_one(reference_rows):
    organisation = OrganisationFactory()
    owner = MembershipFactory(organisation=organisation, role="owner").user
    outcomes = at_once(
        [
            lambda: services.invite_member(owner, organisation, "x@example.com", "viewer")
            for _ in range(20)
        ]
    )
    assert outcomes.count("ok") == 1
    assert set(outcomes) == {
        "ok",
        "x@example.com has already been invited and has not answered yet.",
    }
    assert Invitation.objects.filter(organisation=organisation).count() == 1


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_twenty_organisers_verifying_at_once_verify_once(reference_rows):
    organisation = OrganisationFactory(status=Organisation.Status.PENDING)
    MembershipFactory(organisation=organisation, role="owner")
    verifiers = [StaffFactory(roles=[STAFF_VERIFIER]) for _ in range(20)]
    outcomes = at_once(
        [lambda v=v: services.verify_organisation(v, organisation) for v in verifiers]
    )
    assert Counter(outcomes) == {"ok": 1, "This organisation is already verified.": 19}
    assert AuditEntry.objects.filter(action="organisation.verified").count() == 1


# --- Stale pages, on any database ----------------------------------------------------------------
@pytest.mark.django_db
def test_an_invitation_accepted_meanwhile_is_not_revoked(owner, organisation):
    invitation = services.invite_member(owner, organisation, "new.hire@example.com", "viewer")
    stale = Invitation.objects.get(pk=invitation.pk)
    services.accept_invitation(UserFactory(email="new.hire@example.com"), invitation.token)
    with pytest.raises(ValidationError, match="This invitation is no longer open"):
        services.revoke_invitation(owner, stale)
    invitation.refresh_from_db()
    assert invitation.accepted_at and invitation.revoked_at is None


@pytest.mark.django_db
def test_an_organisation_verified_meanwhile_is_not_verified_again(verifier, staff_admin):
    organisation = OrganisationFactory(status=Organisation.Status.PENDING)
    stale = Organisation.objects.get(pk=organisation.pk)
    services.verify_organisation(verifier, organisation)
    with pytest.raises(ValidationError, match="already verified"):
        services.verify_organisation(staff_admin, stale)
    assert AuditEntry.objects.filter(action="organisation.verified").count() == 1


@pytest.mark.django_db
def test_an_owner_demoted_meanwhile_cannot_change_roles(owner, organisation):
    second = MembershipFactory(organisation=organisation, role="owner")
    third = MembershipFactory(organisation=organisation, role="owner")
    # The page of the second owner was opened while they were an owner: their roles are read.
    assert can(second.user, "organisations.manage_members", organisation)
    services.change_role(owner, second, "viewer")
    with pytest.raises(PermissionDenied):
        services.change_role(second.user, third, "viewer")
    assert Membership.objects.get(pk=third.pk).role == "owner"


@pytest.mark.django_db
def test_a_member_removed_meanwhile_is_refused_in_words(owner, recruiter, organisation):
    membership = Membership.objects.get(user=recruiter)
    stale = Membership.objects.get(pk=membership.pk)
    services.remove_member(owner, membership)
    with pytest.raises(ValidationError, match="no longer a member"):
        services.remove_member(owner, stale)
    with pytest.raises(ValidationError, match="no longer a member"):
        services.change_role(owner, stale, "viewer")


@pytest.mark.django_db
def test_an_edit_from_a_page_opened_before_the_verification_keeps_it(owner, verifier):
    organisation = Organisation.objects.get(memberships__user=owner)
    Organisation.objects.filter(pk=organisation.pk).update(status=Organisation.Status.PENDING)
    stale = Organisation.objects.get(pk=organisation.pk)
    services.verify_organisation(verifier, Organisation.objects.get(pk=organisation.pk))
    stale.website = "https://www.example.cn"
    services.update_organisation(owner, stale, ["website"])
    organisation.refresh_from_db()
    assert organisation.status == Organisation.Status.VERIFIED
    assert organisation.website == "https://www.example.cn"
