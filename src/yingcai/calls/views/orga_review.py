"""The organisers' review of a call: the reviewer pool, opening a review stage, running and
adjusting the assignment, closing the scoring. Every page reads with a bounded number of
queries, whatever the numbers of entries and reviewers."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from yingcai.core.access import staff_view
from yingcai.core.rules import can
from yingcai.core.views import error_text, form_error

from ..forms_review import HandAssignmentForm, ReviewerForm
from ..models import Assignment, Call, Conflict, Entry, Reviewer, Stage
from ..services import assignment as assignment_services
from ..services import reviewers as reviewer_services
from ..services import reviews as review_services

RULE = "calls.review_manage"
PER_PAGE = 30


def _call(call_pk) -> Call:
    return get_object_or_404(Call, pk=call_pk)


def _stage(call, stage_pk) -> Stage:
    return get_object_or_404(Stage, pk=stage_pk, call=call, kind=Stage.Kind.REVIEW)


@staff_view(RULE)
def index(request, call_pk):
    call = _call(call_pk)
    stages = list(
        call.stages.filter(kind=Stage.Kind.REVIEW)
        .annotate(
            assigned=Count("assignments", distinct=True),
            scored=Count("assignments__review", distinct=True),
        )
        .order_by("position")
    )
    counts = {
        "reviewers": call.reviewers.filter(is_active=True).count(),
        "entries": call.entries.filter(status=Entry.Status.SUBMITTED).count(),
    }
    return render(
        request, "calls/orga/review_index.html", {"call": call, "stages": stages, "counts": counts}
    )


# --- The pool ---------------------------------------------------------------------------------
def _fields(form) -> dict:
    return {
        "fields": form.cleaned_data["expertise"],
        "organisation": form.cleaned_data["organisation"],
        "affiliation": form.cleaned_data["affiliation"],
    }


@staff_view(RULE)
def reviewers(request, call_pk):
    call = _call(call_pk)
    form = ReviewerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            reviewer = reviewer_services.add_reviewer(
                request.user, call, form.cleaned_data["email"], **_fields(form)
            )
        except ValidationError as error:
            form_error(form, error)
        else:
            messages.success(
                request, _("%(person)s is in the pool now.") % {"person": reviewer.user}
            )
            return redirect("orga_review:reviewers", call_pk=call.pk)
    pool = (
        call.reviewers.select_related("user", "organisation")
        .prefetch_related("fields")
        .annotate(
            load=Count("assignments", distinct=True),
            conflict_count=Count("conflicts", distinct=True),
        )
        .order_by("-is_active", "pk")
    )
    page = Paginator(pool, PER_PAGE).get_page(request.GET.get("page"))
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "calls/orga/review_reviewers.html",
        {"call": call, "page": page, "form": form},
        status=status,
    )


@staff_view(RULE)
def reviewer(request, call_pk, pk):
    call = _call(call_pk)
    reviewer = get_object_or_404(
        Reviewer.objects.select_related("user", "organisation"), pk=pk, call=call
    )
    form = ReviewerForm.of(reviewer, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if reviewer.is_active:
                reviewer_services.change_reviewer(request.user, reviewer, **_fields(form))
            else:
                reviewer_services.add_reviewer(
                    request.user, call, reviewer.user.email, **_fields(form)
                )
        except ValidationError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The reviewer is saved."))
            return redirect("orga_review:reviewers", call_pk=call.pk)
    conflicts = list(
        Conflict.objects.filter(reviewer=reviewer)
        .select_related("entry__project")
        .order_by("pk")[:200]
    )
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "calls/orga/review_reviewer.html",
        {"call": call, "reviewer": reviewer, "form": form, "conflicts": conflicts},
        status=status,
    )


@staff_view(RULE)
@require_POST
def deactivate(request, call_pk, pk):
    call = _call(call_pk)
    reviewer = get_object_or_404(Reviewer, pk=pk, call=call)
    try:
        removed = reviewer_services.deactivate_reviewer(request.user, reviewer)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(
            request,
            ngettext(
                "The reviewer is out of the pool; %(n)s assignment not yet scored was removed.",
                "The reviewer is out of the pool; %(n)s assignments not yet scored were removed.",
                removed,
            )
            % {"n": removed},
        )
    return redirect("orga_review:reviewers", call_pk=call.pk)


# --- A review stage: open, assign, adjust, close ----------------------------------------------
@staff_view(RULE)
def stage(request, call_pk, stage_pk):
    call = _call(call_pk)
    stage = _stage(call, stage_pk)
    check = assignment_services.check_assignment(stage)
    short = set(check["short"]) | set(check["over"])
    entries = (
        assignment_services.stage_entries(stage)
        .select_related("project")
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=Assignment.objects.filter(stage=stage)
                .select_related("reviewer__user", "review")
                .order_by("reviewer_id"),
                to_attr="in_stage",
            )
        )
        .order_by("pk")
    )
    if request.GET.get("show") == "short":
        entries = entries.filter(pk__in=sorted(short))
    page = Paginator(entries, PER_PAGE).get_page(request.GET.get("page"))
    user = request.user
    return render(
        request,
        "calls/orga/review_stage.html",
        {
            "call": call,
            "stage": stage,
            "check": check,
            "page": page,
            "short": short,
            "showing_short": request.GET.get("show") == "short",
            "may": {
                "open": can(user, "calls.review_open_stage", stage),
                "assign": can(user, "calls.review_assign", stage),
                "close": can(user, "calls.review_close_scoring", stage),
            },
        },
    )


def _opened(n):
    return ngettext(
        "The stage takes scores now; %(n)s entry takes part.",
        "The stage takes scores now; %(n)s entries take part.",
        n,
    ) % {"n": n}


def _assigned(summary):
    text = ngettext(
        "%(entries)s entry assigned to the reviewers.",
        "%(entries)s entries assigned to the reviewers.",
        summary["entries"],
    ) % {"entries": summary["entries"]}
    if summary["kept"]:
        text += " " + ngettext(
            "%(n)s assignment already scored was kept.",
            "%(n)s assignments already scored were kept.",
            summary["kept"],
        ) % {"n": summary["kept"]}
    return text


def _closed(n):
    return ngettext(
        "The scoring is closed with %(n)s review.", "The scoring is closed with %(n)s reviews.", n
    ) % {"n": n}


ACTIONS = {
    "open": (assignment_services.open_stage, _opened),
    "assign": (assignment_services.assign, _assigned),
    "close": (review_services.close_scoring, _closed),
}


@staff_view(RULE)
@require_POST
def act(request, call_pk, stage_pk, action):
    call = _call(call_pk)
    stage = _stage(call, stage_pk)
    if action not in ACTIONS:
        raise Http404
    service, done = ACTIONS[action]
    try:
        result = service(request.user, stage)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, done(result))
    return redirect("orga_review:stage", call_pk=call.pk, stage_pk=stage.pk)


@staff_view(RULE)
def entry(request, call_pk, stage_pk, entry_pk):
    """One entry's reviewers in a stage: remove one not yet scored, add one by hand."""
    call = _call(call_pk)
    stage = _stage(call, stage_pk)
    entry = get_object_or_404(Entry.objects.select_related("project"), pk=entry_pk, call=call)
    conflicted = Conflict.objects.filter(entry=entry).values("reviewer_id")
    candidates = (
        Reviewer.objects.filter(call=call, is_active=True)
        .exclude(pk__in=conflicted)
        .exclude(assignments__stage=stage, assignments__entry=entry)
        .select_related("user")
        .order_by("pk")
    )
    form = HandAssignmentForm(request.POST or None, reviewers=candidates)
    if request.method == "POST" and form.is_valid():
        try:
            assignment_services.add_assignment(
                request.user, stage, form.cleaned_data["reviewer"], entry
            )
        except ValidationError as error:
            form.add_error(None, error_text(error))
        else:
            messages.success(request, _("The reviewer is assigned."))
            return redirect(
                "orga_review:entry", call_pk=call.pk, stage_pk=stage.pk, entry_pk=entry.pk
            )
    assigned = list(
        Assignment.objects.filter(stage=stage, entry=entry)
        .select_related("reviewer__user", "review")
        .order_by("pk")
    )
    loads = dict(
        Assignment.objects.filter(stage=stage)
        .values_list("reviewer_id")
        .annotate(n=Count("pk"))
        .values_list("reviewer_id", "n")
    )
    conflicts = list(
        Conflict.objects.filter(entry=entry).select_related("reviewer__user").order_by("pk")
    )
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "calls/orga/review_entry.html",
        {
            "call": call,
            "stage": stage,
            "entry": entry,
            "assigned": [(a, loads.get(a.reviewer_id, 0)) for a in assigned],
            "form": form,
            "candidates": [(r, loads.get(r.pk, 0)) for r in candidates],
            "conflicts": conflicts,
            "may_assign": can(request.user, "calls.review_assign", stage),
        },
        status=status,
    )


@staff_view(RULE)
@require_POST
def remove(request, call_pk, pk):
    call = _call(call_pk)
    assignment = get_object_or_404(
        Assignment.objects.select_related("stage"), pk=pk, stage__call=call
    )
    try:
        assignment_services.remove_assignment(request.user, assignment)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("The assignment is removed."))
    return redirect(
        "orga_review:entry",
        call_pk=call.pk,
        stage_pk=assignment.stage_id,
        entry_pk=assignment.entry_id,
    )
