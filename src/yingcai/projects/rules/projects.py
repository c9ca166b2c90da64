"""Rules about projects, their teams and business plans.

A project belongs to its team: the lead (who registered it or was handed the lead) invites and
removes members and may withdraw the project; every member edits it, submits it, uploads the
business plan and shares it. Organisers who verify organisations (`is_verifier`) verify
projects too and read them, plans included, whatever their status. The business plan is read
by the team, those organisers, and the members of an organisation the team consented to
share it with — the consent is asked at every access, not only when it was given.
"""

import rules
from django.utils.translation import gettext_lazy as _

from yingcai.core.rules import (
    add_state_perm,
    cached,
    is_active_user,
    is_editor,
    is_organiser_staff,
    is_staff_admin,
    is_verifier,
    model_perms,
)
from yingcai.organisations.models import Organisation
from yingcai.organisations.rules import memberships

from ..models import PlanSharing, Project, TeamMember

# What the team may still edit: everything but a project the organisers are checking (they
# verify what they read). A listed project stays listed when edited (recorded in the trail).
EDITABLE = (
    Project.Status.DRAFT,
    Project.Status.REJECTED,
    Project.Status.VERIFIED,
    Project.Status.WITHDRAWN,
)
SUBMITTABLE = (Project.Status.DRAFT, Project.Status.REJECTED, Project.Status.WITHDRAWN)
WITHDRAWABLE = (Project.Status.SUBMITTED, Project.Status.VERIFIED)


def project_of(obj):
    """The project an object belongs to: itself, a member, an invitation, a plan, a sharing."""
    if obj is None:
        return None
    if isinstance(obj, Project):
        return obj
    return getattr(obj, "project", None)


def _project_id(obj) -> int | None:
    if obj is None:
        return None
    if isinstance(obj, Project):
        return obj.pk
    return getattr(obj, "project_id", None)


def team_roles(user) -> dict[int, str]:
    """{project id: role} of the user's teams, read once per user object."""
    if not (user.is_authenticated and user.is_active):
        return {}
    return cached(
        user,
        "project_teams",
        lambda: dict(TeamMember.objects.filter(user=user).values_list("project_id", "role")),
    )


@rules.predicate
def is_team_member(user, obj):
    project_id = _project_id(obj)
    return project_id is not None and project_id in team_roles(user)


@rules.predicate
def is_team_lead(user, obj):
    project_id = _project_id(obj)
    return project_id is not None and team_roles(user).get(project_id) == TeamMember.Role.LEAD


@rules.predicate
def is_own_team_membership(user, obj):
    return (
        isinstance(obj, TeamMember)
        and user.is_authenticated
        and user.is_active
        and obj.user_id == user.pk
    )


@rules.predicate
def is_not_the_lead(user, obj):
    return obj is not None and obj.role != TeamMember.Role.LEAD


@rules.predicate
def project_is_listed(user, obj):
    project = project_of(obj)
    return project is not None and project.status == Project.Status.VERIFIED


def _status_in(statuses, name):
    @rules.predicate(name=name)
    def predicate(user, obj):
        project = project_of(obj)
        return project is not None and project.status in statuses

    return predicate


project_is_editable = _status_in(EDITABLE, "project_is_editable")
project_is_submittable = _status_in(SUBMITTABLE, "project_is_submittable")
project_is_withdrawable = _status_in(WITHDRAWABLE, "project_is_withdrawable")
project_awaits_verification = _status_in((Project.Status.SUBMITTED,), "project_awaits_verification")


@rules.predicate
def sharing_is_active(user, obj):
    return isinstance(obj, PlanSharing) and obj.withdrawn_at is None


@rules.predicate
def shared_with_my_organisation(user, obj):
    """The team shares this project's business plan with a verified organisation the user is
    a member of, and that consent stands now (asked at every access)."""
    project_id = _project_id(obj)
    organisations = memberships(user)
    if project_id is None or not organisations:
        return False
    return PlanSharing.objects.filter(
        project_id=project_id,
        organisation_id__in=list(organisations),
        organisation__status=Organisation.Status.VERIFIED,
        withdrawn_at__isnull=True,
    ).exists()


rules.add_perm("projects", is_organiser_staff)
# Any signed-in person (their e-mail address is verified at sign-up), as for applying to jobs.
rules.add_perm("projects.register_project", is_active_user)
rules.add_perm("projects.read_project", project_is_listed | is_team_member | is_verifier)
rules.add_perm("projects.view_team", is_team_member)
add_state_perm(
    "projects.edit_project",
    is_team_member,
    (
        project_is_editable,
        _("The organisers are checking this project: withdraw it to edit it, or wait."),
    ),
)
add_state_perm(
    "projects.submit_project",
    is_team_member,
    (
        project_is_submittable,
        _("Only a draft, a rejected or a withdrawn project can be submitted."),
    ),
)
add_state_perm(
    "projects.withdraw_project",
    is_team_lead,
    (
        project_is_withdrawable,
        _("Only a project awaiting verification or listed can be withdrawn."),
    ),
)
# The organisers' queue (without an object) and the decision on one project.
rules.add_perm("projects.review_projects", is_verifier)
add_state_perm(
    "projects.verify_project",
    is_verifier,
    (project_awaits_verification, _("Only a project awaiting verification can be verified.")),
)
add_state_perm(
    "projects.reject_project",
    is_verifier,
    (project_awaits_verification, _("Only a project awaiting verification can be rejected.")),
)

# --- The team ------------------------------------------------------------------------------
rules.add_perm("projects.manage_team", is_team_lead)
add_state_perm(
    "projects.leave_team",
    is_own_team_membership,
    (is_not_the_lead, _("Hand the lead to another member before leaving the team.")),
)

# --- The business plan ---------------------------------------------------------------------
rules.add_perm("projects.upload_plan", is_team_member)
rules.add_perm("projects.view_plan", is_team_member | is_verifier | shared_with_my_organisation)
rules.add_perm("projects.share_plan", is_team_member)
add_state_perm(
    "projects.withdraw_sharing",
    is_team_member,
    (sharing_is_active, _("This consent has already been withdrawn.")),
)

# --- The back office -----------------------------------------------------------------------
model_perms("projects.project", view=is_verifier)
model_perms("projects.industry", view=is_organiser_staff, add=is_editor, change=is_editor)
model_perms("projects.teammember", view=is_verifier)
model_perms("projects.teaminvitation", view=is_staff_admin)
model_perms("projects.businessplan", view=is_staff_admin)
model_perms("projects.plansharing", view=is_staff_admin)
