"""Projects a person is in, invitations to teams, business plans they uploaded, sharings they
consented to; and who registered or reviewed projects and demands.

Erasure: a project belongs to its team, not to the one who registered it. Leaving it, the
person's membership goes; a lead hands the lead to the longest-standing member; a lead alone
takes the project with them (its business plans' files deleted once committed). The other
references (registered, reviewed, invited, uploaded, consented by) are cleared; invitations
sent to the person lose the address.
"""

from django.db import transaction
from django.db.models import Q

from yingcai.core import audit
from yingcai.core.registry.personal_data import ORDER_MEMBERSHIP, Provider, register

from .models import BusinessPlan, Demand, PlanSharing, Project, TeamInvitation, TeamMember


def _when(moment):
    return moment.isoformat() if moment else None


def _invitations_received(user):
    return TeamInvitation.objects.filter(Q(accepted_by=user) | Q(email__iexact=user.email))


def export(user) -> dict:
    memberships = (
        TeamMember.objects.filter(user=user)
        .select_related("project__field", "project__district")
        .order_by("pk")
    )
    return {
        "projects": [
            {
                "title": m.project.title,
                "summary": m.project.summary,
                "role": m.role,
                "joined_at": _when(m.joined_at),
                "status": m.project.status,
                "field": str(m.project.field),
                "district": str(m.project.district) if m.project.district_id else None,
                "registered_by_me": m.project.created_by_id == user.pk,
            }
            for m in memberships
        ],
        "project_invitations_received": [
            {
                "project": str(i.project),
                "sent_at": _when(i.created_at),
                "accepted_at": _when(i.accepted_at),
                "revoked_at": _when(i.revoked_at),
            }
            for i in _invitations_received(user).select_related("project").order_by("pk")
        ],
        "project_invitations_sent": [
            {"project": str(i.project), "email": i.email, "sent_at": _when(i.created_at)}
            for i in TeamInvitation.objects.filter(invited_by=user)
            .select_related("project")
            .order_by("pk")
        ],
        "business_plans_uploaded": [
            {"project": str(p.project), "file_name": p.original_name, "at": _when(p.uploaded_at)}
            for p in BusinessPlan.objects.filter(uploaded_by=user)
            .select_related("project")
            .order_by("pk")
        ],
        "business_plan_sharings": [
            {
                "project": str(s.project),
                "organisation": str(s.organisation),
                "text_shown": s.text_shown,
                "given_at": _when(s.given_at),
                "withdrawn_at": _when(s.withdrawn_at),
            }
            for s in PlanSharing.objects.filter(given_by=user)
            .select_related("project", "organisation")
            .order_by("pk")
        ],
        "projects_reviewed": [
            str(p) for p in Project.objects.filter(reviewed_by=user).order_by("pk")
        ],
        "demands_written_or_reviewed": [
            str(d)
            for d in Demand.objects.filter(Q(created_by=user) | Q(reviewed_by=user)).order_by("pk")
        ],
    }


def _delete_project(project: Project) -> None:
    for plan in project.plans.all():
        storage, path = plan.file.storage, plan.file.name
        transaction.on_commit(lambda storage=storage, path=path: storage.delete(path))
    audit.record(None, "project.deleted_on_erasure", project)
    project.delete()


def erase(user) -> None:
    memberships = list(
        TeamMember.objects.filter(user=user).select_related("project").order_by("project_id")
    )
    for member in memberships:
        project = member.project
        # Locked like every change to a team (services._hold_project).
        list(
            Project.objects.select_for_update(no_key=True)
            .filter(pk=project.pk)
            .order_by()
            .values_list("pk", flat=True)
        )
        if member.role == TeamMember.Role.LEAD:
            successor = (
                TeamMember.objects.filter(project=project)
                .exclude(pk=member.pk)
                .order_by("joined_at", "pk")
                .first()
            )
            if successor is None:
                _delete_project(project)
                continue
            member.delete()
            successor.role = TeamMember.Role.LEAD
            successor.save(update_fields=["role"])
            audit.record(None, "project.lead_handed_over_on_erasure", project)
        else:
            member.delete()
    _invitations_received(user).update(email=f"erased-{user.pk}@invalid", accepted_by=None)
    TeamInvitation.objects.filter(invited_by=user).update(invited_by=None)
    # The team keeps the plan; its file name, which may name the uploader, does not stay.
    BusinessPlan.objects.filter(uploaded_by=user).update(
        uploaded_by=None, original_name="business-plan.pdf"
    )
    PlanSharing.objects.filter(given_by=user).update(given_by=None)
    Project.objects.filter(created_by=user).update(created_by=None)
    Project.objects.filter(reviewed_by=user).update(reviewed_by=None)
    Demand.objects.filter(created_by=user).update(created_by=None)
    Demand.objects.filter(reviewed_by=user).update(reviewed_by=None)


def records(user):
    return [TeamMember.objects.filter(user=user), _invitations_received(user)]


register(
    Provider(
        key="projects",
        models=(
            "projects.Project",
            "projects.TeamMember",
            "projects.TeamInvitation",
            "projects.BusinessPlan",
            "projects.PlanSharing",
            "projects.Demand",
        ),
        export=export,
        erase=erase,
        records=records,
        # Before the organisations (ORDER_MEMBERSHIP): a project leaves with its team member.
        order=ORDER_MEMBERSHIP - 5,
        keeps="A project stays with its team (the lead handed over); a sharing consent given "
        "for the team stands without naming who gave it; the texts are the team's.",
    )
)
