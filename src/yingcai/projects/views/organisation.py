"""An organisation's project demands: list, post, edit, submit, close, Excel in and out.

Every page sits under /organisations/<org_pk>/demands/. An organisation a visitor may not see,
or a demand of another organisation, answers 404; what their role does not allow, 403
(rules/demands.py).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from yingcai.core import audit, spreadsheets
from yingcai.core.access import signed_in
from yingcai.core.models import DisciplineField, District
from yingcai.core.rules import can
from yingcai.core.views import error_text, form_error
from yingcai.organisations.shortcuts import organisation_or_404

from .. import excel
from ..forms_demand import DemandForm, ImportForm
from ..models import Demand, Industry, Stage
from ..rules.demands import demand_kind_of
from ..services import demands as services

PER_PAGE = 25
MEMBERS = "organisations.view_members"
HISTORY = (
    "demand.created",
    "demand.changed",
    "demand.submitted",
    "demand.approved",
    "demand.rejected",
    "demand.closed",
)


def relations_prefetch():
    return [
        Prefetch("fields", queryset=DisciplineField.objects.order_by("position", "id")),
        Prefetch("industries", queryset=Industry.objects.order_by("position", "id")),
        Prefetch("districts", queryset=District.objects.order_by("position", "id")),
    ]


def _demand_for(request, org_pk: int, pk: int, perm: str = MEMBERS):
    organisation = organisation_or_404(request.user, org_pk, perm)
    demand = get_object_or_404(
        Demand.objects.prefetch_related(*relations_prefetch()), pk=pk, organisation=organisation
    )
    demand.organisation = organisation
    return organisation, demand


def demand_history(demand: Demand) -> list[dict]:
    """The demand's changes of status, oldest first, in the reader's words."""
    return [
        {
            "at": e.created_at,
            "actor": e.actor,
            "what": audit.label(e.action),
            "reason": e.data.get("reason"),
        }
        for e in audit.history(demand).filter(action__in=HISTORY).order_by("created_at", "id")
    ]


@signed_in("projects.add_demand", MEMBERS, "organisations.view_organisation")
def demands(request, org_pk):
    organisation = organisation_or_404(request.user, org_pk, MEMBERS)
    status = request.GET.get("status", "")
    if status not in Demand.Status.values:
        status = ""
    queryset = organisation.demands.prefetch_related(*relations_prefetch())
    if status:
        queryset = queryset.filter(status=status)
    page = Paginator(queryset.order_by("-created_at", "-id"), PER_PAGE).get_page(
        request.GET.get("page")
    )
    totals = dict(organisation.demands.order_by().values_list("status").annotate(n=Count("id")))
    return render(
        request,
        "projects/demands/organisation_list.html",
        {
            "organisation": organisation,
            "page": page,
            "status": status,
            "statuses": [(v, label, totals.get(v, 0)) for v, label in Demand.Status.choices],
            "total": sum(totals.values()),
            "can_add": can(request.user, "projects.add_demand", organisation),
            "posts_demands": demand_kind_of(organisation) is not None,
        },
    )


@signed_in("projects.add_demand", "organisations.view_organisation")
def demand_create(request, org_pk):
    organisation = organisation_or_404(request.user, org_pk, "projects.add_demand")
    kind = demand_kind_of(organisation)
    form = DemandForm(request.POST or None, kind=kind, instance=Demand(kind=kind))
    if request.method == "POST" and form.is_valid():
        try:
            demand = services.create_demand(
                request.user, organisation, form.instance, form.relations
            )
        except ValidationError as error:
            form_error(form, error)
        else:
            messages.success(
                request,
                _("Draft saved. Submit it for the organisers' approval when it is ready."),
            )
            return redirect("org_demands:detail", org_pk=organisation.pk, pk=demand.pk)
    return render(
        request,
        "projects/demands/form.html",
        {"organisation": organisation, "form": form, "kind": Demand.Kind(kind).label},
        status=400 if form.errors else 200,
    )


@signed_in("projects.change_demand", MEMBERS, "organisations.view_organisation")
def demand_edit(request, org_pk, pk):
    organisation, demand = _demand_for(request, org_pk, pk)
    if not can(request.user, "projects.change_demand", demand):
        raise PermissionDenied
    form = DemandForm(request.POST or None, kind=demand.kind, instance=demand)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_demand(request.user, form.instance, form.relations, form.changed_data)
        except ValidationError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("org_demands:detail", org_pk=organisation.pk, pk=demand.pk)
    return render(
        request,
        "projects/demands/form.html",
        {
            "organisation": organisation,
            "form": form,
            "demand": demand,
            "kind": demand.get_kind_display(),
        },
        status=400 if form.errors else 200,
    )


@signed_in(
    "projects.change_demand",
    "projects.submit_demand",
    "projects.close_demand",
    MEMBERS,
    "organisations.view_organisation",
)
def demand_detail(request, org_pk, pk):
    organisation, demand = _demand_for(request, org_pk, pk)
    stages = dict(Stage.choices)
    return render(
        request,
        "projects/demands/organisation_detail.html",
        {
            "organisation": organisation,
            "demand": demand,
            "stages": [stages[s] for s in demand.stage_list if s in stages],
            "history": demand_history(demand),
            "show_contacts": True,
            "can_edit": can(request.user, "projects.change_demand", demand),
            "can_submit": can(request.user, "projects.submit_demand", demand),
            "can_close": can(request.user, "projects.close_demand", demand),
        },
    )


@signed_in("projects.submit_demand", MEMBERS, "organisations.view_organisation")
@require_POST
def demand_submit(request, org_pk, pk):
    organisation, demand = _demand_for(request, org_pk, pk)
    try:
        # Refuses those without the role (403), and names the state that forbids it.
        services.submit_demand(request.user, demand)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(
            request, _("Submitted. The organisers will review it before it is published.")
        )
    return redirect("org_demands:detail", org_pk=organisation.pk, pk=demand.pk)


@signed_in("projects.close_demand", MEMBERS, "organisations.view_organisation")
@require_POST
def demand_close(request, org_pk, pk):
    organisation, demand = _demand_for(request, org_pk, pk)
    try:
        services.close_demand(request.user, demand)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("Closed: it no longer appears in searches."))
    return redirect("org_demands:detail", org_pk=organisation.pk, pk=demand.pk)


# --- Excel ---------------------------------------------------------------------------------
@signed_in(MEMBERS, "organisations.view_organisation")
def demands_template(request, org_pk):
    organisation_or_404(request.user, org_pk, MEMBERS)
    return spreadsheets.download(excel.template_workbook(), "yingcai-demands-template.xlsx")


@signed_in("projects.add_demand", "organisations.view_organisation")
def demands_import(request, org_pk):
    organisation = organisation_or_404(request.user, org_pk, "projects.add_demand")
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            result = excel.import_demands(request.user, organisation, form.cleaned_data["file"])
        except ValidationError as error:
            form.add_error("file", error)
        else:
            if result.ok:
                messages.success(
                    request,
                    ngettext(
                        "%(n)d demand imported as a draft.",
                        "%(n)d demands imported as drafts.",
                        len(result.created),
                    )
                    % {"n": len(result.created)},
                )
                url = reverse("org_demands:list", args=[organisation.pk])
                return redirect(f"{url}?status=draft")
    return render(
        request,
        "projects/demands/import.html",
        {
            "organisation": organisation,
            "form": form,
            "result": result,
            "max_rows": excel.MAX_ROWS,
            "max_mb": spreadsheets.MAX_BYTES // (1024 * 1024),
        },
        status=400 if form.errors or (result and not result.ok) else 200,
    )


@signed_in(MEMBERS, "organisations.view_organisation")
def demands_export(request, org_pk):
    organisation = organisation_or_404(request.user, org_pk, MEMBERS)
    queryset = organisation.demands.prefetch_related(*relations_prefetch()).order_by(
        "-created_at", "-id"
    )
    stamp = timezone.localdate().isoformat()
    return spreadsheets.download(
        excel.demands_workbook(queryset),
        f"{spreadsheets.file_stem(organisation)}-demands-{stamp}.xlsx",
    )
