"""The public list and search of projects and of demands, and a demand's page.

Projects are listed once the organisers verified them, with their summary only (never the
business plan, the patents' owners or the team's contacts); demands once published, while
their organisation is verified, without their contacts. Searches use the job fair's machinery
(`projects.search` over `yingcai.search`) and the FilterSets of `projects.filters`.
"""

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.text import Truncator

from yingcai.core.access import public
from yingcai.core.models import DisciplineField, District
from yingcai.core.rules import can
from yingcai.core.views import render_page_or_fragment, url_maker

from .. import hooks
from ..filters import search_demands, search_projects
from ..models import Demand, Industry, Stage

PER_PAGE = 20
EXCERPT = 200


@public
def project_list(request):
    found = search_projects(request.GET)
    projects = found.results.select_related("field", "district").prefetch_related(
        Prefetch("industries", queryset=Industry.objects.order_by("position", "id"))
    )
    page = Paginator(projects, PER_PAGE).get_page(request.GET.get("page"))
    url = url_maker("projects:project")
    for project in page:
        project.url = url(project.pk)
        project.excerpt = Truncator(project.summary).chars(EXCERPT)
    context = {
        "found": found,
        "form": found.filters.form,
        "text": found.text,
        "page": page,
        "q": found.text.valid_data.get("q", ""),
    }
    return render_page_or_fragment(
        request, "projects/search.html", "projects/search_results.html", context
    )


def _demand_relations():
    return [
        Prefetch("fields", queryset=DisciplineField.objects.order_by("position", "id")),
        Prefetch("industries", queryset=Industry.objects.order_by("position", "id")),
        Prefetch("districts", queryset=District.objects.order_by("position", "id")),
    ]


@public
def demand_list(request):
    found = search_demands(request.GET)
    demands = found.results.select_related("organisation").prefetch_related(*_demand_relations())
    page = Paginator(demands, PER_PAGE).get_page(request.GET.get("page"))
    url = url_maker("projects:demand")
    for demand in page:
        demand.url = url(demand.pk)
        demand.excerpt = Truncator(demand.description).chars(EXCERPT)
    context = {
        "found": found,
        "form": found.filters.form,
        "text": found.text,
        "page": page,
        "q": found.text.valid_data.get("q", ""),
    }
    return render_page_or_fragment(
        request, "projects/demands/search.html", "projects/demands/_results.html", context
    )


@public
def demand_detail(request, pk):
    demand = get_object_or_404(
        Demand.objects.select_related("organisation").prefetch_related(*_demand_relations()),
        pk=pk,
    )
    if not can(request.user, "projects.view_demand", demand):
        raise Http404
    stages = dict(Stage.choices)
    return render(
        request,
        "projects/demands/detail.html",
        {
            "demand": demand,
            "stages": [stages[s] for s in demand.stage_list if s in stages],
            "show_contacts": can(request.user, "projects.view_demand_contacts", demand),
            "actions": hooks.actions(hooks.demand_actions, request.user, demand),
        },
    )
