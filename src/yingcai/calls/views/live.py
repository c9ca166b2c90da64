"""Live scoring: a judge's panels and score sheet on the phone, and the results screen.

The sheet works without JavaScript (one form per entry, posted, the page again); with it,
`static/calls/live-scoring.js` posts the same form with `fetch` and reads JSON, keeps what
could not be sent in the page's storage and sends it when the network returns. Every
submission carries an idempotency key: the form's, made when the page was drawn, or one the
script makes per tap.
"""

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from yingcai.core.access import loaded, signed_in, staff_view
from yingcai.core.rules import can

from ..models import Assignment, Division, PanelMember, Stage
from ..services import live as services

SCREEN_RULE = "calls.view_live_screen"
ALL = "all"


@loaded
def load_stage(request, stage_pk) -> Stage:
    return get_object_or_404(
        Stage.objects.select_related("call"), pk=stage_pk, kind=Stage.Kind.PANEL
    )


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


# --- The judges ------------------------------------------------------------------------------
@signed_in()
def panels(request):
    """The panels the signed-in judge sits on."""
    seats = list(
        PanelMember.objects.filter(reviewer__user=request.user, reviewer__is_active=True)
        .select_related("stage__call", "division")
        .order_by("-stage__call__opens_at", "stage__position")
    )
    return render(request, "calls/live/panels.html", {"seats": seats})


def _sheet_context(request, stage, errors=None, typed=None):
    member = services.seat_of(request.user, stage)
    criteria = list(stage.criteria.order_by("position", "pk"))
    rows = services.sheet(member) if member else []
    errors = errors or {}
    for row in rows:
        # A key per form for a submission without JavaScript; the script makes its own.
        row.key = uuid.uuid4()
        row.errors = errors.get(row.stage_entry.entry_id, [])
        # What the judge typed, when it was refused: shown again, not lost.
        stored = (typed or {}).get(row.stage_entry.entry_id) or (
            row.review.values if row.review else {}
        )
        row.fields = [(c, stored.get(str(c.pk))) for c in criteria]
    return {
        "stage": stage,
        "call": stage.call,
        "member": member,
        "criteria": criteria,
        "rows": rows,
        "scored": sum(1 for row in rows if row.review is not None),
        "to_score": sum(1 for row in rows if row.assignment is not None),
    }


@signed_in("calls.judge_on_panel", fn=load_stage)
@never_cache
def sheet(request, stage_pk):
    stage = load_stage(request, stage_pk)
    return render(request, "calls/live/sheet.html", _sheet_context(request, stage))


@signed_in()
@require_POST
def score(request, pk):
    """One judge's score of one entry: JSON for the script, the sheet again for a form."""
    assignment = get_object_or_404(
        Assignment.objects.select_related("stage__call", "entry__project"),
        pk=pk,
        source=Assignment.Source.PANEL,
    )
    criteria = list(assignment.stage.criteria.order_by("position", "pk"))
    values = {str(c.pk): request.POST.get(f"score-{c.pk}", "")[:20] for c in criteria}
    key = request.POST.get("key", "")[:100]
    try:
        if not can(request.user, "calls.judge_on_panel", assignment):
            raise PermissionDenied(_("This entry is not on your panel: the score was not saved."))
        result = services.submit_live_score(request.user, assignment, values, key)
    except PermissionDenied as error:
        message = str(error) or _("You are not allowed to do this.")
        if _wants_json(request):
            return JsonResponse({"ok": False, "message": message}, status=403)
        raise PermissionDenied(message) from None
    except ValidationError as error:
        fields = dict(error.message_dict) if hasattr(error, "error_dict") else {}
        message = " ".join(error.messages)
        if _wants_json(request):
            return JsonResponse({"ok": False, "message": message, "errors": fields}, status=400)
        context = _sheet_context(
            request,
            assignment.stage,
            errors={assignment.entry_id: error.messages},
            typed={assignment.entry_id: values},
        )
        return render(request, "calls/live/sheet.html", context, status=400)
    review = result.review
    if _wants_json(request):
        return JsonResponse(
            {
                "ok": True,
                "replayed": result.replayed,
                "total": round(review.total, 2),
                "entry": assignment.entry_id,
                "message": _("Score saved: %(total)s") % {"total": f"{review.total:.2f}"},
            }
        )
    messages.success(
        request,
        _("Score saved for “%(entry)s”: %(total)s")
        % {"entry": assignment.entry.project, "total": f"{review.total:.2f}"},
    )
    return redirect(
        reverse("live:sheet", args=[assignment.stage_id]) + f"#entry-{assignment.entry_id}"
    )


# --- The results screen ----------------------------------------------------------------------
def _screen_context(stage_pk, division):
    stage = get_object_or_404(
        Stage.objects.select_related("call"), pk=stage_pk, kind=Stage.Kind.PANEL
    )
    chosen = None
    if division != ALL:
        chosen = Division.objects.filter(call_id=stage.call_id, slug=division).first()
        if chosen is None:
            raise Http404
    rows = services.screen_rows(stage, chosen)
    return {
        "stage": stage,
        "call": stage.call,
        "division": chosen,
        "division_slug": division,
        "rows": rows,
        "polling": stage.status in (Stage.Status.PLANNED, Stage.Status.SCORING),
        "received": sum(row.received for row in rows),
        "expected": sum(row.expected for row in rows),
    }


@staff_view(SCREEN_RULE)
@never_cache
def screen(request, stage_pk, division):
    return render(request, "calls/live/screen.html", _screen_context(stage_pk, division))


@staff_view(SCREEN_RULE)
@never_cache
def screen_rows(request, stage_pk, division):
    """The part of the screen its page fetches every second."""
    return render(request, "calls/live/_screen_rows.html", _screen_context(stage_pk, division))
