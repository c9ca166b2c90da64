"""The projects' panel of "My Yingcai": one's projects and open invitations to teams."""

from yingcai.accounts.panels import Panel, register

from .models import TeamInvitation, TeamMember

SHOWN = 10


def context(request) -> dict:
    memberships = (
        TeamMember.objects.filter(user=request.user)
        .select_related("project")
        .order_by("-project__updated_at", "-pk")[:SHOWN]
    )
    invitations = TeamInvitation.objects.filter(
        email__iexact=request.user.email, accepted_at__isnull=True, revoked_at__isnull=True
    ).select_related("project")[:SHOWN]
    return {"memberships": memberships, "invitations": [i for i in invitations if i.is_open]}


register(Panel("projects", "projects/team/_dashboard_panel.html", context, order=30))
