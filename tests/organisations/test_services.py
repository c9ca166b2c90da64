import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from yingcai.core.models import AuditEntry, District
from yingcai.organisations import services
from yingcai.organisations.models import Invitation, Membership, Organisation
from yingcai.organisations.validators import check_character, validate_credit_code

from ..factories import MembershipFactory, UserFactory, credit_code


def new_organisation(**fields):
    defaults = {
        "name_zh_hans": "重庆两江智能制造有限公司",
        "name_en": "Chongqing Liangjiang Smart Manufacturing Co., Ltd.",
        "kind": Organisation.Kind.ENTERPRISE,
        "district": District.objects.get(slug="liangjiang"),
        "credit_code": credit_code(424242),
    }
    defaults.update(fields)
    return Organisation(**defaults)


@pytest.mark.django_db
def test_registering_makes_the_person_owner_and_waits_for_verification(talent):
    organisation = services.register_organisation(talent, new_organisation())
    assert organisation.status == Organisation.Status.PENDING
    assert Membership.objects.get(organisation=organisation).user == talent
    assert Membership.objects.get(organisation=organisation).role == "owner"
    assert AuditEntry.objects.filter(action="organisation.registered", actor=talent).exists()


@pytest.mark.django_db
def test_anonymous_cannot_register():

    with pytest.raises(PermissionDenied):
        services.register_organisation(AnonymousUser(), new_organisation())


@pytest.mark.django_db
def test_public_institution_needs_a_level(talent):
    with pytest.raises(ValidationError):
        services.register_organisation(talent, new_organisation(kind="public_institution"))
    assert not Organisation.objects.exists()


@pytest.mark.django_db
def test_verify_and_reject_notify_the_owners(
    verifier, talent, mailoutbox, django_capture_on_commit_callbacks
):
    organisation = services.register_organisation(talent, new_organisation())
    with django_capture_on_commit_callbacks(execute=True):
        services.reject_organisation(verifier, organisation, "营业执照不清晰")
    organisation.refresh_from_db()
    assert organisation.status == "rejected"
    assert organisation.status_reason == "营业执照不清晰"
    assert "营业执照不清晰" in mailoutbox[-1].body
    with django_capture_on_commit_callbacks(execute=True):
        services.verify_organisation(verifier, organisation)
    organisation.refresh_from_db()
    assert organisation.is_verified
    assert organisation.verified_by == verifier
    assert mailoutbox[-1].to == [talent.email]


@pytest.mark.django_db
def test_owner_cannot_verify_their_own_organisation(talent):
    organisation = services.register_organisation(talent, new_organisation())
    with pytest.raises(PermissionDenied):
        services.verify_organisation(talent, organisation)
    organisation.refresh_from_db()
    assert organisation.status == "pending"


@pytest.mark.django_db
def test_rejection_needs_a_reason(verifier, organisation):
    organisation.status = "pending"
    organisation.save()
    with pytest.raises(ValidationError):
        services.reject_organisation(verifier, organisation, "  ")


@pytest.mark.django_db
def test_changing_the_name_of_a_verified_organisation_needs_verification_again(owner, organisation):
    organisation.name_zh_hans = "新名称有限公司"
    services.update_organisation(owner, organisation, ["name_zh_hans"])
    organisation.refresh_from_db()
    assert organisation.status == "pending"


@pytest.mark.django_db
def test_changing_the_website_keeps_verification(owner, organisation):
    organisation.website = "https://example.com"
    services.update_organisation(owner, organisation, ["website"])
    organisation.refresh_from_db()
    assert organisation.is_verified


@pytest.mark.django_db
def test_invitation_round_trip(owner, organisation, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invite_member(
            owner, organisation, "New.Hire@Example.com", "recruiter"
        )
    assert invitation.email == "new.hire@example.com"
    assert invitation.token in mailoutbox[-1].body
    newcomer = UserFactory(email="new.hire@example.com")
    membership = services.accept_invitation(newcomer, invitation.token)
    assert membership.role == "recruiter"
    invitation.refresh_from_db()
    assert invitation.accepted_by == newcomer
    with pytest.raises(ValidationError):
        services.accept_invitation(newcomer, invitation.token)


@pytest.mark.django_db
def test_invitation_is_only_for_its_address(owner, organisation, talent):
    invitation = services.invite_member(owner, organisation, "someone@example.com", "viewer")
    with pytest.raises(ValidationError, match=r"someone@example\.com"):
        services.accept_invitation(talent, invitation.token)
    assert not Membership.objects.filter(user=talent).exists()


@pytest.mark.django_db
def test_expired_invitation_is_refused_and_can_be_sent_again(owner, organisation):
    invitation = services.invite_member(owner, organisation, "late@example.com", "viewer")
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now())
    late = UserFactory(email="late@example.com")
    with pytest.raises(ValidationError):
        services.accept_invitation(late, invitation.token)
    again = services.invite_member(owner, organisation, "late@example.com", "viewer")
    assert services.accept_invitation(late, again.token).role == "viewer"


@pytest.mark.django_db
def test_double_invitation_and_inviting_a_member_are_refused(owner, recruiter, organisation):
    services.invite_member(owner, organisation, "x@example.com", "viewer")
    with pytest.raises(ValidationError):
        services.invite_member(owner, organisation, "x@example.com", "viewer")
    with pytest.raises(ValidationError):
        services.invite_member(owner, organisation, recruiter.email, "viewer")


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["recruiter", "viewer", "outsider", "verifier", "staff_admin"])
def test_only_owners_invite(request, organisation, who):
    user = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        services.invite_member(user, organisation, "x@example.com", "viewer")
    assert not Invitation.objects.exists()


@pytest.mark.django_db
def test_the_last_owner_stays(owner, organisation):
    membership = Membership.objects.get(user=owner, organisation=organisation)
    with pytest.raises(ValidationError):
        services.change_role(owner, membership, "viewer")
    with pytest.raises(ValidationError):
        services.remove_member(owner, membership)
    second = MembershipFactory(organisation=organisation, role="owner")
    services.change_role(owner, membership, "viewer")
    membership.refresh_from_db()
    assert membership.role == "viewer"
    assert second.role == "owner"


@pytest.mark.django_db
def test_members_can_leave_but_not_remove_others(recruiter, viewer, organisation):
    viewer_membership = Membership.objects.get(user=viewer)
    with pytest.raises(PermissionDenied):
        services.remove_member(recruiter, viewer_membership)
    services.remove_member(viewer, viewer_membership)
    assert not Membership.objects.filter(user=viewer).exists()


def test_credit_code_check_character():
    # A real code's structure: the 18th character is the checksum of the first 17.
    code = "91500000" + "123456789"
    valid = code + check_character(code)
    validate_credit_code(valid)
    wrong = valid[:-1] + ("0" if valid[-1] != "0" else "1")
    with pytest.raises(ValidationError):
        validate_credit_code(wrong)
    with pytest.raises(ValidationError):
        validate_credit_code("ABC")


@pytest.mark.django_db
def test_invitation_reaches_a_second_verified_address(owner, organisation, talent):

    EmailAddress.objects.create(user=talent, email="li.work@example.com", verified=True)
    invitation = services.invite_member(owner, organisation, "li.work@example.com", "viewer")
    assert services.accept_invitation(talent, invitation.token).user == talent


@pytest.mark.django_db
def test_invitation_is_written_in_the_invitees_language(
    owner, organisation, mailoutbox, django_capture_on_commit_callbacks
):
    UserFactory(email="english@example.com", language="en")
    owner.language = "zh-hans"
    with django_capture_on_commit_callbacks(execute=True):
        services.invite_member(owner, organisation, "english@example.com", "viewer")
        services.invite_member(owner, organisation, "unknown@example.com", "viewer")
    assert mailoutbox[0].subject.startswith("Invitation to join")
    assert not mailoutbox[1].subject.startswith("Invitation")
