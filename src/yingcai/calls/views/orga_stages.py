"""The organisers' stages of a call: the list in order, a stage added or changed, deleted
while planned; a stage's rubric (weighted criteria); the advancement rules of a stage ranked
per division (top N per division, wildcards)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yingcai.core.access import staff_view
from yingcai.core.views import error_text, form_error

from ..forms_stage import AdvancementForm, CriterionFormSet, StageForm
from ..models import Advancement, Call, Criterion, Stage
from ..services import stages as services

RULE = "calls.manage_stages"


def _stage(call_pk, pk):
    return get_object_or_404(Stage.objects.select_related("call"), pk=pk, call_id=call_pk)


@staff_view(RULE)
def stages(request, call_pk):
    call = get_object_or_404(Call, pk=call_pk)
    found = (
        Stage.objects.filter(call=call)
        .annotate(criteria_count=Count("criteria", distinct=True))
        .prefetch_related(
            Prefetch("criteria", queryset=Criterion.objects.order_by("position", "pk")),
            Prefetch(
                "advancements",
                queryset=Advancement.objects.select_related("division").order_by(
                    "division__position", "division__pk"
                ),
            ),
        )
        .order_by("position", "pk")
    )
    return render(request, "calls/orga/stage_list.html", {"call": call, "stages": found})


def _save(request, call, stage):
    form = StageForm(request.POST or None, instance=stage)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_stage(
                request.user,
                call,
                form.save(commit=False),
                position=form.cleaned_data.get("place"),
                changed=form.changed_data,
            )
        except ValidationError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("orga_stages:stages", call_pk=call.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "calls/orga/stage_form.html",
        {"call": call, "stage": stage if stage.pk else None, "form": form},
        status=status,
    )


@staff_view("calls.add_stage")
def create(request, call_pk):
    call = get_object_or_404(Call, pk=call_pk)
    return _save(request, call, Stage(call=call, kind=Stage.Kind.REVIEW))


@staff_view("calls.change_stage")
def change(request, call_pk, pk):
    stage = _stage(call_pk, pk)
    return _save(request, stage.call, stage)


@staff_view(RULE)
@require_POST
def delete(request, call_pk, pk):
    stage = _stage(call_pk, pk)
    try:
        services.delete_stage(request.user, stage)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("The stage is deleted."))
    return redirect("orga_stages:stages", call_pk=call_pk)


@staff_view(RULE)
def rubric(request, call_pk, pk):
    stage = _stage(call_pk, pk)
    formset = CriterionFormSet(
        request.POST or None,
        instance=stage,
        prefix="criteria",
        queryset=Criterion.objects.filter(stage=stage).order_by("position", "pk"),
    )
    if request.method == "POST" and formset.is_valid():
        saved = formset.save(commit=False)
        try:
            services.save_rubric(request.user, stage, saved, formset.deleted_objects)
        except ValidationError as error:
            formset.non_form_errors().extend(error.messages)
        else:
            messages.success(request, _("Saved."))
            return redirect("orga_stages:stages", call_pk=call_pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "calls/orga/stage_rubric.html",
        {"call": stage.call, "stage": stage, "formset": formset},
        status=status,
    )


@staff_view(RULE)
def advancement(request, call_pk, pk):
    stage = _stage(call_pk, pk)
    form = AdvancementForm(
        request.POST or None,
        divisions=stage.call.divisions.order_by("position", "pk"),
        rules=dict(Advancement.objects.filter(stage=stage).values_list("division_id", "top_n")),
        wildcards=stage.wildcards,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.set_advancement(
                request.user, stage, form.top_n(), form.cleaned_data["wildcards"]
            )
        except ValidationError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("orga_stages:stages", call_pk=call_pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "calls/orga/stage_advancement.html",
        {"call": stage.call, "stage": stage, "form": form},
        status=status,
    )
