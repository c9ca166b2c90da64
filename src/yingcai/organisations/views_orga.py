"""The organisers' pages of the organisations: the queue of organisations to verify."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yingcai.core.access import staff_view
from yingcai.core.audit import history
from yingcai.core.views import error_text

from . import services
from .forms import ReasonForm
from .models import Organisation


@staff_view("organisations.verify_organisation")
def queue(request):
    status = request.GET.get("status", Organisation.Status.PENDING)
    if status not in Organisation.Status.values:
        status = Organisation.Status.PENDING
    queryset = Organisation.objects.filter(status=status).select_related("district", "created_by")
    q = request.GET.get("q", "").strip()[:100]
    if q:
        queryset = queryset.filter(
            Q(name_zh_hans__icontains=q) | Q(name_en__icontains=q) | Q(credit_code__icontains=q)
        )
    page = Paginator(queryset.order_by("created_at", "id"), 30).get_page(request.GET.get("page"))
    totals = dict(
        # Without the model's ordering, which would join the GROUP BY and make every group one.
        Organisation.objects.order_by()
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    return render(
        request,
        "organisations/orga/list.html",
        {
            "page": page,
            "status": status,
            "statuses": [(v, label, totals.get(v, 0)) for v, label in Organisation.Status.choices],
            "q": q,
        },
    )


@staff_view("organisations.verify_organisation")
def detail(request, pk):
    found = get_object_or_404(Organisation.objects.select_related("district", "created_by"), pk=pk)
    return render(
        request,
        "organisations/orga/detail.html",
        {
            "organisation": found,
            "members": found.memberships.select_related("user"),
            "history": history(found)[:20],
            "reason_form": ReasonForm(),
        },
    )


@require_POST
@staff_view("organisations.verify_organisation")
def decide(request, pk, decision):
    found = get_object_or_404(Organisation, pk=pk)
    try:
        if decision == "verify":
            services.verify_organisation(request.user, found)
            messages.success(request, _("%(name)s is verified.") % {"name": found})
        elif decision in ("reject", "suspend"):
            form = ReasonForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Give the reason (at most 2000 characters)."))
            reason = form.cleaned_data["reason"]
            action = (
                services.reject_organisation
                if decision == "reject"
                else services.suspend_organisation
            )
            action(request.user, found, reason)
            messages.success(request, _("Decision recorded for %(name)s.") % {"name": found})
        else:
            raise ValidationError(_("Unknown decision."))
    except ValidationError as error:
        messages.error(request, error_text(error))
    return redirect("orga_organisations:detail", pk=found.pk)
