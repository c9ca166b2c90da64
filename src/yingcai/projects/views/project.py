"""A project's public page: the summary only, for listed projects (and for its team and the
organisers, whatever its status). The plan's link shows only to those who may open it."""

from django.http import Http404
from django.shortcuts import render

from yingcai.core.access import public
from yingcai.core.rules import can

from .. import hooks
from ..models import Project


@public
def project(request, pk):
    found = (
        Project.objects.select_related("field", "district", "park")
        .prefetch_related("industries")
        .filter(pk=pk)
        .first()
    )
    if found is None or not can(request.user, "projects.read_project", found):
        raise Http404
    plan = found.plans.filter(is_current=True).first()
    return render(
        request,
        "projects/project.html",
        {
            "project": found,
            "plan": plan if plan and can(request.user, "projects.view_plan", plan) else None,
            "on_team": can(request.user, "projects.view_team", found),
            "actions": hooks.actions(hooks.project_actions, request.user, found),
        },
    )
