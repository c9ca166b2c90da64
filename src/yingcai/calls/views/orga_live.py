"""The organisers' live panels of a call: judges seated per division, the order of
appearance, the scoring opened and closed, links to the results screens."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yingcai.core.access import staff_view
from yingcai.core.rules import can
from yingcai.core.views import error_text

from ..forms_live import SeatForm
from ..models import Assignment, Call, PanelMember, Stage
from ..services import panels as services
from ..services.panels import taking_part

RULE = "calls.manage_live_panels"


def _stage(call_pk, stage_pk) -> Stage:
    return get_object_or_404(
        Stage.objects.select_related("call"), pk=stage_pk, call_id=call_pk, kind=Stage.Kind.PANEL
    )


@staff_view(RULE)
def stages(request, call_pk):
    call = get_object_or_404(Call, pk=call_pk)
    panels = list(call.stages.filter(kind=Stage.Kind.PANEL).order_by("position"))
    return render(request, "calls/live/orga_stages.html", {"call": call, "panels": panels})


def _context(request, stage, seat_form=None, order_errors=None):
    members = list(
        stage.panel_members.select_related("reviewer__user", "division").order_by(
            "division__position", "division_id", "pk"
        )
    )
    entries = list(
        taking_part(stage)
        .select_related("entry__project", "entry__division")
        .order_by("entry__division__position", "entry__division_id", "order", "entry_id")
    )
    divisions = list(stage.call.divisions.order_by("position", "pk")) if stage.per_division else []
    user = request.user
    return {
        "call": stage.call,
        "stage": stage,
        "members": members,
        "entries": entries,
        "divisions": divisions,
        "assignments": Assignment.objects.filter(
            stage=stage, source=Assignment.Source.PANEL
        ).count(),
        "seat_form": seat_form or SeatForm(stage=stage),
        "order_errors": order_errors or [],
        "may": {
            "seat": can(user, "calls.seat_panel_judge", stage),
            "order": can(user, "calls.order_panel", stage),
            "open": can(user, "calls.open_panel", stage),
            "close": can(user, "calls.close_panel", stage),
        },
    }


@staff_view(RULE)
def panel(request, call_pk, stage_pk):
    stage = _stage(call_pk, stage_pk)
    return render(request, "calls/live/orga_panel.html", _context(request, stage))


@staff_view(RULE)
@require_POST
def seat(request, call_pk, stage_pk):
    stage = _stage(call_pk, stage_pk)
    form = SeatForm(request.POST, stage=stage)
    if form.is_valid():
        try:
            services.seat_judge(
                request.user,
                stage,
                form.cleaned_data["reviewer"],
                form.cleaned_data.get("division"),
            )
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, _refusal(error))
        else:
            messages.success(request, _("The judge is seated."))
            return redirect("orga_live:panel", call_pk=call_pk, stage_pk=stage.pk)
    return render(
        request, "calls/live/orga_panel.html", _context(request, stage, seat_form=form), status=400
    )


@staff_view(RULE)
@require_POST
def unseat(request, call_pk, stage_pk, pk):
    stage = _stage(call_pk, stage_pk)
    member = get_object_or_404(PanelMember, pk=pk, stage=stage)
    try:
        services.unseat_judge(request.user, member)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _refusal(error))
    else:
        messages.success(request, _("The judge no longer sits on this panel."))
    return redirect("orga_live:panel", call_pk=call_pk, stage_pk=stage.pk)


@staff_view(RULE)
@require_POST
def order(request, call_pk, stage_pk):
    stage = _stage(call_pk, stage_pk)
    orders = {
        name.removeprefix("order-"): value[:10]
        for name, value in request.POST.items()
        if name.startswith("order-")
    }
    try:
        changed = services.set_order(request.user, stage, orders)
    except (ValidationError, PermissionDenied) as error:
        return render(
            request,
            "calls/live/orga_panel.html",
            _context(request, stage, order_errors=[_refusal(error)]),
            status=400,
        )
    messages.success(
        request, _("The order of appearance is saved (%(n)s changed).") % {"n": changed}
    )
    return redirect("orga_live:panel", call_pk=call_pk, stage_pk=stage.pk)


@staff_view(RULE)
@require_POST
def act(request, call_pk, stage_pk, action):
    stage = _stage(call_pk, stage_pk)
    if action == "open":
        do, done = (
            services.open_scoring,
            _("The scoring is open: the judges score on their phones."),
        )
    elif action == "close":
        do, done = services.close_scoring, _("The scoring is closed: the scores stand as they are.")
    else:
        raise Http404
    try:
        do(request.user, stage)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _refusal(error))
    else:
        messages.success(request, done)
    return redirect("orga_live:panel", call_pk=call_pk, stage_pk=stage.pk)


def _refusal(error) -> str:
    if isinstance(error, ValidationError):
        return error_text(error)
    return str(error)
