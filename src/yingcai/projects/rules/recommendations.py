"""Who reads the stored project ⇄ demand recommendations.

"Demands and investors for this project": the project's team only (what the engine found
for a project says something about it before anyone else has looked). "Projects for this
demand": the members of the demand's organisation only, whatever their role.
"""

import rules

from yingcai.core.rules import cached
from yingcai.organisations.rules import is_org_member

from ..models import TeamMember


def team_projects(user) -> frozenset[int]:
    """The ids of the projects whose team the user is in, read once per user object."""
    if not (user.is_authenticated and user.is_active):
        return frozenset()
    teams = TeamMember.objects.filter(user=user)
    return cached(
        user, "project_teams", lambda: frozenset(teams.values_list("project_id", flat=True))
    )


@rules.predicate
def is_in_project_team(user, project):
    return project is not None and project.pk in team_projects(user)


rules.add_perm("projects.view_project_recommendations", is_in_project_team)
# is_org_member reads the demand's organisation (organisations.rules.organisation_of).
rules.add_perm("projects.view_demand_recommendations", is_org_member)
