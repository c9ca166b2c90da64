"""Memberships of organisations, invitations received, organisations registered."""

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from yingcai.core.registry.personal_data import ORDER_MEMBERSHIP, Provider, register

from .models import Invitation, Membership, Organisation


def _invitations(user):
    return Invitation.objects.filter(Q(accepted_by=user) | Q(email__iexact=user.email))


def check(user) -> None:
    owned = Membership.objects.filter(user=user, role=Membership.Role.OWNER)
    for membership in owned.select_related("organisation"):
        others = Membership.objects.filter(
            organisation_id=membership.organisation_id, role=Membership.Role.OWNER
        ).exclude(user=user)
        if not others.exists():
            raise ValidationError(
                _(
                    "You are the only owner of %(name)s: make someone else owner, "
                    "or ask the organisers to close it, before deleting your account."
                )
                % {"name": membership.organisation}
            )


def export(user) -> dict:
    return {
        "memberships": [
            {"organisation": str(m.organisation), "role": m.role}
            for m in user.memberships.select_related("organisation")
        ],
        "invitations_received": [
            {
                "organisation": str(i.organisation),
                "role": i.role,
                "sent_at": i.created_at.isoformat(),
                "accepted_at": i.accepted_at.isoformat() if i.accepted_at else None,
            }
            for i in _invitations(user).select_related("organisation")
        ],
        "organisations_registered": [
            str(o) for o in Organisation.objects.filter(created_by=user).order_by("pk")
        ],
    }


def erase(user) -> None:
    _invitations(user).update(email=f"erased-{user.pk}@invalid")
    Membership.objects.filter(user=user).delete()


def records(user):
    return [Membership.objects.filter(user=user), _invitations(user)]


register(
    Provider(
        key="organisations",
        models=(
            "organisations.Membership",
            "organisations.Invitation",
            "organisations.Organisation",
        ),
        check=check,
        export=export,
        erase=erase,
        records=records,
        order=ORDER_MEMBERSHIP,
        keeps="An organisation keeps who registered and verified it and who sent invitations "
        "(pointing at the anonymised account): its own records, not the person's data.",
    )
)
