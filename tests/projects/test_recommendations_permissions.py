"""Refusals of the recommendations' rules beyond the matrix (tests/test_permissions.py)."""

import pytest

from yingcai.core.rules import can

from ..factories import ProjectFactory, UserFactory


@pytest.mark.django_db
def test_leaving_the_team_or_being_inactive_loses_the_list(talent):
    project = ProjectFactory(lead=talent)
    member = UserFactory()
    project.team.create(user=member, role="member")
    assert can(member, "projects.view_project_recommendations", project)
    project.team.filter(user=member).delete()
    member = type(member).objects.get(pk=member.pk)  # a new request: nothing cached
    assert not can(member, "projects.view_project_recommendations", project)
    talent.is_active = False
    talent.save()
    assert not can(talent, "projects.view_project_recommendations", project)
    assert not can(talent, "projects.view_project_recommendations", None)
