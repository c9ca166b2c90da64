"""The stored project ⇄ demand recommendations, read-only pages.

"Demands and investors for this project" (the team) and "Projects for this demand" (the
demand's organisation). Nothing is computed here: the rows were stored by
`projects.recommendations.refresh`, run by a worker. Two queries for the list, whatever
its length (the rows with what they show, in one join).
"""

from datetime import timedelta

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.timesince import timesince
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from yingcai.core.access import loaded, signed_in
from yingcai.core.rules import can
from yingcai.organisations.models import Organisation

from ..models import Demand, Project, Recommendation
from ..recommendations import listed_projects, published_demands

# A list older than the change that queued its refresh is "being refreshed" for this long;
# after it, a worker that never came is not waited for.
PENDING_FOR = timedelta(minutes=10)


def _reasons(row: Recommendation) -> list[str]:
    language = get_language() or "zh-hans"
    other = "en" if language == "zh-hans" else "zh-hans"
    reasons = row.reasons or {}
    return list(reasons.get(language) or reasons.get(other) or [])


def _freshness(changed_at, refreshed_at) -> dict:
    pending = (
        changed_at is not None
        and (refreshed_at is None or refreshed_at < changed_at)
        and timezone.now() - changed_at < PENDING_FOR
    )
    ago = ""
    if refreshed_at is not None:
        if timezone.now() - refreshed_at < timedelta(minutes=1):
            ago = _("Refreshed just now")
        else:
            ago = _("Refreshed %(time)s ago") % {"time": timesince(refreshed_at, depth=1)}
    return {"pending": pending, "refreshed": refreshed_at, "refreshed_ago": ago}


@loaded
def team_project(request, pk, **_other) -> Project:
    """The project of the URL, 404 for someone outside its team who may not know of it."""
    project = get_object_or_404(Project.objects.select_related("field"), pk=pk)
    if not project.is_listed and not can(
        request.user, "projects.view_project_recommendations", project
    ):
        raise Http404
    return project


@signed_in("projects.view_project_recommendations", fn=team_project)
def for_project(request, pk):
    project = team_project(request, pk=pk)
    rows = list(
        Recommendation.objects.filter(
            direction=Recommendation.Direction.FOR_PROJECT,
            project=project,
            demand__in=published_demands(),
        )
        .select_related("demand__organisation")
        .order_by("position", "id")
    )
    items = [{"demand": row.demand, "score": row.score, "reasons": _reasons(row)} for row in rows]
    return render(
        request,
        "projects/recommendations_for_project.html",
        {
            "project": project,
            "items": items,
            **_freshness(
                project.verified_at if project.is_listed else None,
                project.recommendations_refreshed_at,
            ),
        },
    )


@loaded
def organisation_demand(request, org_pk, pk, **_other) -> Demand:
    """The demand of the URL, in the organisation of the URL (another organisation's id is a
    404), which the person may see (organisations' rules: else 404 too)."""
    demand = get_object_or_404(
        Demand.objects.select_related("organisation"), pk=pk, organisation_id=org_pk
    )
    if not can(request.user, "organisations.view_organisation", demand.organisation):
        raise Http404
    return demand


@signed_in("projects.view_demand_recommendations", fn=organisation_demand)
def for_demand(request, org_pk, pk):
    demand = organisation_demand(request, org_pk=org_pk, pk=pk)
    organisation: Organisation = demand.organisation
    rows = list(
        Recommendation.objects.filter(
            direction=Recommendation.Direction.FOR_DEMAND,
            demand=demand,
            project__in=listed_projects(),
        )
        .select_related("project__field", "project__district")
        .order_by("position", "id")
    )
    items = [{"project": row.project, "score": row.score, "reasons": _reasons(row)} for row in rows]
    taking_part = demand.status == Demand.Status.PUBLISHED and organisation.is_verified
    return render(
        request,
        "projects/recommendations_for_demand.html",
        {
            "organisation": organisation,
            "demand": demand,
            "taking_part": taking_part,
            "items": items,
            **_freshness(
                demand.published_at if taking_part else None,
                demand.recommendations_refreshed_at,
            ),
        },
    )
