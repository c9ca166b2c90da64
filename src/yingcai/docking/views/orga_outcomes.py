"""The organisers' queue of signed agreements to confirm, with the amounts signed."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yingcai.core.access import staff_view
from yingcai.core.models import DisciplineField, District
from yingcai.core.views import error_text
from yingcai.projects.models import Currency

from ..figures import amounts_signed
from ..models import Outcome
from ..services import outcomes as services

PER_PAGE = 30


def _named(rows, names):
    currencies = dict(Currency.choices)
    return [
        {
            **row,
            "name": names.get(row["bucket"], _("not given")),
            "currency_label": currencies.get(row["currency"], row["currency"]),
        }
        for row in rows
    ]


@staff_view("docking.review_outcomes")
def queue(request):
    found = services.awaiting_confirmation().select_related(
        "project",
        "district",
        "participant__project",
        "participant__organisation",
        "meeting__session",
        "meeting__slot",
        "recorded_by",
    )
    page = Paginator(found.order_by("recorded_at", "pk"), PER_PAGE).get_page(
        request.GET.get("page")
    )
    districts = {d.slug: str(d) for d in District.objects.all()}
    fields = {f.slug: str(f) for f in DisciplineField.objects.all()}
    return render(
        request,
        "docking/orga/outcomes.html",
        {
            "page": page,
            "by_district": _named(amounts_signed("district"), districts),
            "by_field": _named(amounts_signed("field"), fields),
        },
    )


@staff_view("docking.review_outcomes")
@require_POST
def confirm(request, pk):
    outcome = get_object_or_404(Outcome, pk=pk)
    try:
        services.confirm_outcome(request.user, outcome)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("The agreement is confirmed and counted."))
    return redirect("orga_docking:outcomes")
