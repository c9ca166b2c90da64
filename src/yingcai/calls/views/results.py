"""Published results of a call's stages: the public page (the entries accepted, by division or
track, no scores), and a team's own result with its appeal (services.results)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from yingcai.core.access import loaded, public, signed_in
from yingcai.core.rules import can
from yingcai.core.views import form_error
from yingcai.projects.rules.projects import team_roles

from ..forms_decision import AppealForm
from ..models import Appeal, Call, Decision, Stage
from ..services import results as services


def _call(call_slug) -> Call:
    return get_object_or_404(Call, slug=call_slug, is_published=True)


@public
def index(request, call_slug):
    call = _call(call_slug)
    stages = list(call.stages.filter(status=Stage.Status.PUBLISHED).order_by("position"))
    return render(
        request, "calls/results/index.html", {"call": call, "stages": stages, "now": timezone.now()}
    )


@public
def stage(request, call_slug, stage_slug):
    call = _call(call_slug)
    stage = get_object_or_404(call.stages.all(), slug=stage_slug)
    if not can(request.user, "calls.view_results", stage):
        raise Http404
    accepted = list(
        stage.decisions.filter(outcome=Decision.Outcome.ACCEPT, confirmed_at__isnull=False)
        .select_related("entry__project", "entry__division", "entry__track")
        .order_by("entry__division__position", "entry__track__position", "entry__project__title")
    )
    groups: dict = {}
    for decision in accepted:
        entry = decision.entry
        key = entry.division if stage.per_division else entry.track
        groups.setdefault(key, []).append(decision)
    teams = team_roles(request.user)
    mine = []
    if teams:
        mine = list(
            stage.decisions.filter(
                entry__project_id__in=sorted(teams), confirmed_at__isnull=False
            ).select_related("entry__project")
        )
    return render(
        request,
        "calls/results/stage.html",
        {
            "call": call,
            "stage": stage,
            "mine": mine,
            "groups": list(groups.items()),
            "count": len(accepted),
            "final": stage.results_final(),
        },
    )


@loaded
def _decision(request, call_slug, stage_slug, entry_pk):
    return get_object_or_404(
        Decision.objects.select_related("stage__call", "entry__project"),
        stage__call__slug=call_slug,
        stage__call__is_published=True,
        stage__slug=stage_slug,
        entry_id=entry_pk,
    )


@signed_in("calls.view_own_result", fn=_decision)
def entry(request, call_slug, stage_slug, entry_pk):
    decision = _decision(request, call_slug=call_slug, stage_slug=stage_slug, entry_pk=entry_pk)
    stage = decision.stage
    appeal = Appeal.objects.filter(stage=stage, entry_id=entry_pk).first()
    form = None
    may_appeal = appeal is None and can(request.user, "calls.lodge_appeal", decision)
    if may_appeal:
        form = AppealForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.lodge_appeal(request.user, decision, form.cleaned_data["text"])
            except ValidationError as error:
                form_error(form, error)
            else:
                messages.success(
                    request, _("Your appeal is lodged: the organisers will answer it.")
                )
                return redirect(request.path)
    elif request.method == "POST":
        # A page opened before the window closed, or a second appeal: the rule says why.
        try:
            services.lodge_appeal(request.user, decision, request.POST.get("text", ""))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect(request.path)
    return render(
        request,
        "calls/results/entry.html",
        {
            "call": stage.call,
            "stage": stage,
            "decision": decision,
            "appeal": appeal,
            "form": form,
            "final": stage.results_final(),
        },
        status=400 if form is not None and form.errors else 200,
    )
