"""The organisers' approval queue of project demands: approving publishes, rejecting says why.

The same role approves job requirements (verifiers); moderated as they are."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from yingcai.core.access import staff_view

from ..forms_demand import ReasonForm
from ..models import Demand, Stage
from ..services import demands as services
from .organisation import demand_history, relations_prefetch

PER_PAGE = 30


@staff_view("projects.review_demand")
def queue(request):
    waiting = Demand.objects.filter(status=Demand.Status.SUBMITTED).select_related("organisation")
    q = request.GET.get("q", "").replace("\x00", "").strip()[:100]
    if q:
        waiting = waiting.filter(
            # Both languages, whatever the page's.
            Q(title_zh_hans__icontains=q)
            | Q(title_en__icontains=q)
            | Q(organisation__name_zh_hans__icontains=q)
            | Q(organisation__name_en__icontains=q)
        )
    page = Paginator(waiting.order_by("submitted_at", "id"), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "projects/orga/demands.html", {"page": page, "q": q})


@staff_view("projects.review_demand")
def review(request, pk):
    demand = get_object_or_404(
        Demand.objects.select_related("organisation", "created_by").prefetch_related(
            *relations_prefetch()
        ),
        pk=pk,
    )
    reason_form = ReasonForm()
    if request.method == "POST":
        decision = request.POST.get("decision", "")
        try:
            if decision == "approve":
                services.approve_demand(request.user, demand)
                messages.success(request, _("“%(title)s” is published.") % {"title": demand.title})
            elif decision == "reject":
                reason_form = ReasonForm(request.POST)
                if not reason_form.is_valid():
                    raise ValidationError(_("Give the reason, so the organisation can correct it."))
                services.reject_demand(request.user, demand, reason_form.cleaned_data["reason"])
                messages.success(
                    request,
                    _("“%(title)s” is sent back to the organisation.") % {"title": demand.title},
                )
            else:
                raise ValidationError(_("Unknown decision."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            return redirect("orga_projects:demands")
    stages = dict(Stage.choices)
    return render(
        request,
        "projects/orga/demands_review.html",
        {
            "demand": demand,
            "stages": [stages[s] for s in demand.stage_list if s in stages],
            "show_contacts": True,
            "history": demand_history(demand),
            "reason_form": reason_form,
            "other_waiting": Demand.objects.filter(
                organisation=demand.organisation, status=Demand.Status.SUBMITTED
            )
            .exclude(pk=demand.pk)
            .count(),
        },
        status=400 if request.method == "POST" else 200,
    )
