"""The organisations' panel of "My Yingcai": one's memberships and open invitations."""

from yingcai.accounts.panels import Panel, register

from .models import Invitation, Membership


def context(request) -> dict:
    memberships = Membership.objects.filter(user=request.user).select_related("organisation")
    invitations = Invitation.objects.filter(
        email=request.user.email, accepted_at__isnull=True, revoked_at__isnull=True
    ).select_related("organisation")
    return {"memberships": memberships, "invitations": [i for i in invitations if i.is_open]}


register(Panel("organisations", "organisations/_dashboard_panel.html", context, order=10))
