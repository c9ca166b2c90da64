"""What the docking adds to a project's and a demand's page (yingcai.projects.hooks).

A verified organisation's owner or recruiter-reviewer sees "Express interest" on a listed
project; a team member of a listed project sees "Express interest for <project>" on a
published demand, once per project of theirs. Where the interest exists, the action opens
it instead.
"""

from django.urls import reverse
from django.utils.translation import gettext as _

from yingcai.core.rules import can
from yingcai.projects.hooks import Action
from yingcai.projects.models import Project

from .models import Interest
from .rules.interests import speaking_organisations, team_projects


def project_actions(user, project) -> list[Action]:
    if not can(user, "docking.express_interest_in_project", project):
        return []
    existing = Interest.objects.filter(
        project=project, organisation__in=speaking_organisations(user)
    ).first()
    if existing is not None:
        return [
            Action(
                _("Our interest in this project"), reverse("docking:interest", args=[existing.pk])
            )
        ]
    return [Action(_("Express interest"), reverse("docking:express_project", args=[project.pk]))]


def demand_actions(user, demand) -> list[Action]:
    if not can(user, "docking.express_interest_in_demand", demand):
        return []
    projects = Project.objects.filter(
        pk__in=list(team_projects(user)), status=Project.Status.VERIFIED
    ).order_by("pk")
    existing = dict(
        Interest.objects.filter(
            organisation_id=demand.organisation_id, project__in=projects
        ).values_list("project_id", "pk")
    )
    found = []
    for project in projects:
        if project.pk in existing:
            url = reverse("docking:interest", args=[existing[project.pk]])
            label = _("Interest of %(project)s") % {"project": project}
        else:
            url = reverse("docking:express_demand", args=[demand.pk]) + f"?project={project.pk}"
            label = _("Express interest for %(project)s") % {"project": project}
        found.append(Action(label, url))
    return found
