"""State changes of organisations, their members and invitations.

One function per change: it checks permission, locks what it changes and
re-checks its state, writes in a transaction, records the audit trail and
queues the notifications. Views, the API, the admin and commands call these
and nothing else (see "State changes and concurrency" in docs/architecture.md).
"""

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from yingcai.accounts.models import User
from yingcai.core import audit
from yingcai.core.mail import notify_user, send_templated_mail
from yingcai.core.rules import can, forget
from yingcai.core.services import require

from .models import Invitation, Membership, Organisation

# Changing any of these on a verified organisation sends it back to the
# organisers for verification: they identify who is publishing.
IDENTITY_FIELDS = ("name_zh_hans", "name_en", "kind", "level", "credit_code")


def _lock_members(organisation_id) -> None:
    """Serialise changes to one organisation's members: "at least one owner" is a fact about
    several rows, which locking only the membership being changed would not protect."""
    list(
        Organisation.objects.select_for_update(no_key=True)
        .filter(pk=organisation_id)
        .order_by()
        .values("pk")
    )


def _owners(org):
    return [
        m.user for m in org.memberships.filter(role=Membership.Role.OWNER).select_related("user")
    ]


def _notify_owners(org, template, **context):
    for owner in _owners(org):
        notify_user(owner, template, {"organisation": org, **context})


@transaction.atomic
def register_organisation(user, organisation: Organisation) -> Organisation:
    """A person registers an organisation; it waits for the organisers' verification."""
    require(user, "organisations.register_organisation")
    organisation.status = Organisation.Status.PENDING
    organisation.created_by = user
    organisation.verified_at = None
    organisation.verified_by = None
    organisation.full_clean()
    organisation.save()
    Membership.objects.create(organisation=organisation, user=user, role=Membership.Role.OWNER)
    forget(user)
    audit.record(user, "organisation.registered", organisation, kind=organisation.kind)
    return organisation


@transaction.atomic
def create_organisation(actor, organisation: Organisation) -> Organisation:
    """Organisers add an organisation themselves (their own, or one they vouch for): verified."""
    require(actor, "organisations.add_organisation")
    organisation.created_by = actor
    organisation.status = Organisation.Status.VERIFIED
    organisation.verified_at = timezone.now()
    organisation.verified_by = actor
    organisation.full_clean()
    organisation.save()
    audit.record(actor, "organisation.created", organisation, kind=organisation.kind)
    return organisation


@transaction.atomic
def update_organisation(actor, organisation: Organisation, changed: list[str]) -> Organisation:
    require(actor, "organisations.change_organisation", organisation)
    # The verification is the organisers': taken as stored now, never written back from a
    # form opened before they verified, rejected or suspended the organisation.
    current = Organisation.objects.select_for_update().get(pk=organisation.pk)
    for name in ("status", "status_reason", "verified_at", "verified_by"):
        attname = Organisation._meta.get_field(name).attname
        setattr(organisation, attname, getattr(current, attname))
    organisation.full_clean()
    back_to_review = organisation.is_verified and any(f in IDENTITY_FIELDS for f in changed)
    if back_to_review and not can(actor, "organisations.verify_organisation", organisation):
        organisation.status = Organisation.Status.PENDING
        organisation.verified_at = None
        organisation.verified_by = None
    organisation.save()
    audit.record(
        actor,
        "organisation.changed",
        organisation,
        fields=changed,
        back_to_review=back_to_review and not organisation.is_verified,
    )
    return organisation


def _set_status(actor, organisation, status, action, reason="", refuse=None):
    """`refuse(previous status)` answers why the change cannot be made, or None."""
    require(actor, "organisations.verify_organisation", organisation)
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    previous = organisation.status
    # Decided on the status stored now: two organisers clicking at once verify it once.
    problem = refuse(previous) if refuse else None
    if problem:
        raise ValidationError(problem)
    organisation.status = status
    organisation.status_reason = reason
    if status == Organisation.Status.VERIFIED:
        organisation.verified_at = timezone.now()
        organisation.verified_by = actor
    organisation.save(update_fields=["status", "status_reason", "verified_at", "verified_by"])
    audit.record(actor, action, organisation, previous=previous, reason=reason)
    _notify_owners(organisation, f"organisation_{status}", reason=reason)
    return organisation


@transaction.atomic
def verify_organisation(actor, organisation: Organisation) -> Organisation:
    def refuse(status):
        if status == Organisation.Status.VERIFIED:
            return _("This organisation is already verified.")
        return None

    return _set_status(
        actor, organisation, Organisation.Status.VERIFIED, "organisation.verified", refuse=refuse
    )


@transaction.atomic
def reject_organisation(actor, organisation: Organisation, reason: str) -> Organisation:
    if not (reason or "").strip():
        raise ValidationError(_("Give the reason, so the organisation can correct it."))

    def refuse(status):
        if status == Organisation.Status.REJECTED:
            return _("This organisation is already rejected.")
        return None

    return _set_status(
        actor,
        organisation,
        Organisation.Status.REJECTED,
        "organisation.rejected",
        reason.strip(),
        refuse=refuse,
    )


@transaction.atomic
def suspend_organisation(actor, organisation: Organisation, reason: str) -> Organisation:
    if not (reason or "").strip():
        raise ValidationError(_("Give the reason for the suspension."))

    def refuse(status):
        if status != Organisation.Status.VERIFIED:
            return _("Only a verified organisation can be suspended.")
        return None

    return _set_status(
        actor,
        organisation,
        Organisation.Status.SUSPENDED,
        "organisation.suspended",
        reason.strip(),
        refuse=refuse,
    )


# --- Members ----------------------------------------------------------------------------
@transaction.atomic
def invite_member(actor, organisation: Organisation, email: str, role: str, request=None):
    require(actor, "organisations.manage_members", organisation)
    email = (email or "").strip().lower()
    if role not in Membership.Role.values:
        raise ValidationError(_("Choose a role."))
    _lock_members(organisation.pk)
    if organisation.memberships.filter(user__email__iexact=email).exists():
        raise ValidationError(_("%(email)s is already a member.") % {"email": email})
    open_invitations = organisation.invitations.filter(
        email=email, accepted_at__isnull=True, revoked_at__isnull=True
    )
    if any(inv.is_open for inv in open_invitations):
        raise ValidationError(
            _("%(email)s has already been invited and has not answered yet.") % {"email": email}
        )
    # An expired invitation no longer blocks a new one. Only the expired: an invitation sent
    # a moment ago by someone else is open, and its invitee has its link.
    now = timezone.now()
    open_invitations.filter(expires_at__lte=now).update(revoked_at=now)
    try:
        with transaction.atomic():
            invitation = Invitation.objects.create(
                organisation=organisation, email=email, role=role, invited_by=actor
            )
    except IntegrityError:
        raise ValidationError(
            _("%(email)s has already been invited and has not answered yet.") % {"email": email}
        ) from None
    audit.record(actor, "organisation.member_invited", organisation, email=email, role=role)
    path = reverse("organisations:invitation", args=[invitation.token])
    link = request.build_absolute_uri(path) if request is not None else path
    # In the invitee's language when they already have an account, else in the inviter's.
    language = (
        User.objects.filter(email=email).values_list("language", flat=True).first()
        or actor.language
    )
    send_templated_mail(
        email,
        "organisation_invitation",
        {"invitation": invitation, "organisation": organisation, "inviter": actor, "link": link},
        language=language,
    )
    return invitation


@transaction.atomic
def revoke_invitation(actor, invitation: Invitation) -> Invitation:
    require(actor, "organisations.manage_members", invitation.organisation)
    # Locked like an acceptance, so an invitation ends accepted or revoked, never both.
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at or invitation.revoked_at:
        raise ValidationError(_("This invitation is no longer open."))
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    audit.record(
        actor, "organisation.invitation_revoked", invitation.organisation, email=invitation.email
    )
    return invitation


@transaction.atomic
def accept_invitation(user, token: str) -> Membership:
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("organisation")
        .filter(token=token)
        .first()
    )
    if invitation is None or not invitation.is_open:
        raise ValidationError(_("This invitation does not exist, has expired or was withdrawn."))
    if not _has_address(user, invitation.email):
        raise ValidationError(
            _("This invitation was sent to %(email)s. Log in with that address to accept it.")
            % {"email": invitation.email}
        )
    membership, _created = Membership.objects.get_or_create(
        organisation=invitation.organisation, user=user, defaults={"role": invitation.role}
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    forget(user)
    audit.record(user, "organisation.member_joined", invitation.organisation, role=membership.role)
    return membership


def _has_address(user, email: str) -> bool:
    """The account's own address, or another verified address of the same person."""
    return (
        user.email.lower() == email
        or EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists()
    )


def _other_owners_exist(membership) -> bool:
    return (
        Membership.objects.filter(organisation_id=membership.organisation_id, role="owner")
        .exclude(pk=membership.pk)
        .exists()
    )


@transaction.atomic
def change_role(actor, membership: Membership, role: str) -> Membership:
    require(actor, "organisations.manage_members", membership.organisation)
    if role not in Membership.Role.values:
        raise ValidationError(_("Choose a role."))
    _lock_members(membership.organisation_id)
    membership = Membership.objects.filter(pk=membership.pk).first()
    if membership is None:
        raise ValidationError(_("This person is no longer a member."))
    # The actor's own role as stored now: another owner may have just demoted them.
    forget(actor)
    require(actor, "organisations.manage_members", membership.organisation)
    demoting_owner = membership.role == Membership.Role.OWNER and role != Membership.Role.OWNER
    if demoting_owner and not _other_owners_exist(membership):
        raise ValidationError(_("An organisation needs at least one owner."))
    previous, membership.role = membership.role, role
    membership.save(update_fields=["role"])
    audit.record(
        actor,
        "organisation.role_changed",
        membership.organisation,
        member=membership.user.email,
        previous=previous,
        role=role,
    )
    return membership


@transaction.atomic
def remove_member(actor, membership: Membership) -> None:
    leaving = membership.user_id == actor.pk
    if leaving:
        require(actor, "organisations.leave_organisation", membership)
    else:
        require(actor, "organisations.manage_members", membership.organisation)
    _lock_members(membership.organisation_id)
    membership = Membership.objects.filter(pk=membership.pk).first()
    if membership is None:
        raise ValidationError(_("This person is no longer a member."))
    if not leaving:
        forget(actor)
        require(actor, "organisations.manage_members", membership.organisation)
    if membership.role == Membership.Role.OWNER and not _other_owners_exist(membership):
        raise ValidationError(
            _("An organisation needs at least one owner: make someone else owner first.")
        )
    organisation, member = membership.organisation, membership.user
    membership.delete()
    forget(member)
    audit.record(
        actor,
        "organisation.member_left" if leaving else "organisation.member_removed",
        organisation,
        member=member.email,
    )
