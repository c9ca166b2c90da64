"""The organisers' ranking, decisions, outbox of decision mails, results and appeals of a call's
stages (services.ranking, decisions, outbox, results)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, F, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yingcai.core.access import staff_view
from yingcai.core.rules import can
from yingcai.core.views import error_text

from ..forms_decision import AnswerForm, DecisionForm, MailsForm, PublishForm
from ..models import Appeal, Call, Decision, OutboxMessage, Stage
from ..services import decisions as decision_services
from ..services import outbox as outbox_services
from ..services import ranking as ranking_services
from ..services import results as result_services

RULE = "calls.manage_decisions"
PER_PAGE = 100
MAILS_PER_PAGE = 50
FILTERS = ("tied", "accept", "waitlist", "reject", "changed")


def _stage(call_pk, stage_pk) -> Stage:
    return get_object_or_404(Stage.objects.select_related("call"), pk=stage_pk, call_id=call_pk)


def _back(stage, name="stage"):
    return redirect(f"orga_decisions:{name}", stage.call_id, stage.pk)


def _refused(request, error: ValidationError):
    messages.error(request, error_text(error))


@staff_view(RULE)
def index(request, call_pk):
    call = get_object_or_404(Call, pk=call_pk)
    stages = list(
        call.stages.annotate(
            entries_count=Count("stage_entries", distinct=True),
            decisions_count=Count("decisions", distinct=True),
            held_count=Count("outbox", filter=Q(outbox__status="held"), distinct=True),
            open_appeals=Count("appeals", filter=Q(appeals__status="open"), distinct=True),
        ).order_by("position")
    )
    return render(request, "calls/orga/decisions_index.html", {"call": call, "stages": stages})


@staff_view("calls.view_ranking")
def ranking(request, call_pk, stage_pk):
    stage = _stage(call_pk, stage_pk)
    result = ranking_services.rank(stage, request.GET.get("by"))
    groupings = [
        (ranking_services.OVERALL, _("Overall")),
        (ranking_services.BY_DIVISION, _("By division")),
        (ranking_services.BY_TRACK, _("By track")),
    ]
    return render(
        request,
        "calls/orga/decisions_ranking.html",
        {"call": stage.call, "stage": stage, "ranking": result, "groupings": groupings},
    )


@staff_view(RULE)
def stage(request, call_pk, stage_pk):
    stage = _stage(call_pk, stage_pk)
    found = stage.decisions.select_related("entry__project", "entry__division", "entry__track")
    shown = request.GET.get("show", "")
    if shown == "tied":
        found = found.filter(tied=True)
    elif shown == "changed":
        found = found.exclude(outcome="").exclude(outcome=F("proposed"))
    elif shown in ("accept", "waitlist", "reject"):
        found = found.filter(Q(outcome=shown) | Q(outcome="", proposed=shown))
    page = Paginator(found.order_by("entry__division__position", "rank", "pk"), PER_PAGE).get_page(
        request.GET.get("page")
    )
    counts = stage.decisions.aggregate(
        total=Count("pk"),
        tied_count=Count("pk", filter=Q(tied=True)),
        undecided_ties=Count("pk", filter=Q(tied=True, outcome="")),
        accepted=Count("pk", filter=Q(outcome="accept") | Q(outcome="", proposed="accept")),
        waitlisted=Count("pk", filter=Q(outcome="waitlist") | Q(outcome="", proposed="waitlist")),
        rejected=Count("pk", filter=Q(outcome="reject") | Q(outcome="", proposed="reject")),
        wildcards=Count("pk", filter=Q(wildcard=True)),
    )
    mails = stage.outbox.aggregate(
        held=Count("pk", filter=Q(status="held")),
        released=Count("pk", filter=Q(status="released")),
        sent=Count("pk", filter=Q(status="sent")),
    )
    return render(
        request,
        "calls/orga/decisions_stage.html",
        {
            "call": stage.call,
            "stage": stage,
            "page": page,
            "counts": counts,
            "mails": mails,
            "shown": shown,
            "filters": FILTERS,
            "outcomes": Decision.Outcome.choices,
            "may_change": can(request.user, "calls.change_decision", stage),
            "may_publish": can(request.user, "calls.publish_results", stage),
            "publish_form": PublishForm(),
            "open_appeals": stage.appeals.filter(status=Appeal.Status.OPEN).count(),
        },
    )


@staff_view(RULE)
@require_POST
def propose(request, call_pk, stage_pk):
    stage = _stage(call_pk, stage_pk)
    try:
        made = decision_services.propose(request.user, stage)
    except ValidationError as error:
        _refused(request, error)
    else:
        tied = sum(d.tied for d in made)
        messages.success(request, _("%(count)s decisions proposed.") % {"count": len(made)})
        if tied:
            messages.warning(
                request,
                _("%(count)s entries are tied at the cut: decide each of them by hand.")
                % {"count": tied},
            )
    return _back(stage)


@staff_view(RULE)
@require_POST
def change(request, call_pk, pk):
    decision = get_object_or_404(
        Decision.objects.select_related("stage"), pk=pk, stage__call_id=call_pk
    )
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose accept, waiting list or reject."))
        return _back(decision.stage)
    try:
        decision_services.change(request.user, decision, form.cleaned_data["outcome"])
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(
            request, _("The decision for “%(entry)s” is changed.") % {"entry": decision.entry}
        )
    url = redirect("orga_decisions:stage", call_pk, decision.stage_id).url
    show = request.POST.get("show", "")
    page = request.POST.get("page", "")
    query = "&".join(
        f"{k}={v}" for k, v in (("show", show), ("page", page)) if v and str(v).isalnum()
    )
    return redirect(f"{url}?{query}#decision-{decision.pk}" if query else url)


@staff_view(RULE)
@require_POST
def confirm(request, call_pk, stage_pk):
    stage = _stage(call_pk, stage_pk)
    try:
        count = decision_services.confirm(request.user, stage)
    except ValidationError as error:
        _refused(request, error)
        return _back(stage)
    messages.success(
        request,
        _(
            "%(count)s decisions confirmed. The mails are held in the outbox: read them, then "
            "release them."
        )
        % {"count": count},
    )
    return _back(stage, "outbox")


@staff_view(RULE)
def outbox(request, call_pk, stage_pk):
    stage = _stage(call_pk, stage_pk)
    found = stage.outbox.select_related("entry__project").order_by("pk")
    status = request.GET.get("status", "")
    if status in OutboxMessage.Status.values:
        found = found.filter(status=status)
    page = Paginator(found, MAILS_PER_PAGE).get_page(request.GET.get("page"))
    counts = dict(
        stage.outbox.order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    return render(
        request,
        "calls/orga/decisions_outbox.html",
        {
            "call": stage.call,
            "stage": stage,
            "page": page,
            "counts": [(s, label, counts.get(s, 0)) for s, label in OutboxMessage.Status.choices],
            "status": status,
            "may_release": can(request.user, "calls.release_outbox", stage),
        },
    )


@staff_view(RULE)
def message(request, call_pk, pk):
    mail = get_object_or_404(
        OutboxMessage.objects.select_related("stage__call", "entry__project", "released_by"),
        pk=pk,
        stage__call_id=call_pk,
    )
    return render(
        request,
        "calls/orga/decisions_message.html",
        {"call": mail.stage.call, "stage": mail.stage, "mail": mail},
    )


def _mails(request, stage, act, done_text):
    held = list(stage.outbox.filter(status=OutboxMessage.Status.HELD).values_list("pk", flat=True))
    form = MailsForm(request.POST, choices=held)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return _back(stage, "outbox")
    try:
        count = act(request.user, stage, form.chosen())
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, done_text % {"count": count})
    return _back(stage, "outbox")


@staff_view(RULE)
@require_POST
def release(request, call_pk, stage_pk):
    return _mails(
        request,
        _stage(call_pk, stage_pk),
        outbox_services.release,
        _("%(count)s mails released: they are being sent."),
    )


@staff_view(RULE)
@require_POST
def discard(request, call_pk, stage_pk):
    return _mails(
        request,
        _stage(call_pk, stage_pk),
        outbox_services.discard,
        _("%(count)s mails discarded: they will not be sent."),
    )


@staff_view(RULE)
@require_POST
def publish(request, call_pk, stage_pk):
    stage = _stage(call_pk, stage_pk)
    form = PublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return _back(stage)
    try:
        result_services.publish(request.user, stage, form.cleaned_data["appeal_days"])
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, _("The results of this stage are published."))
    return _back(stage)


@staff_view(RULE)
def appeals(request, call_pk, stage_pk):
    stage = _stage(call_pk, stage_pk)
    found = stage.appeals.select_related("entry__project", "created_by").order_by("status", "pk")
    page = Paginator(found, MAILS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "calls/orga/decisions_appeals.html",
        {
            "call": stage.call,
            "stage": stage,
            "page": page,
            "appeals": [(a, AnswerForm(auto_id=f"id_{a.pk}_%s")) for a in page],
        },
    )


@staff_view(RULE)
@require_POST
def answer(request, call_pk, pk):
    appeal = get_object_or_404(
        Appeal.objects.select_related("stage", "entry__project"), pk=pk, stage__call_id=call_pk
    )
    form = AnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    else:
        try:
            result_services.answer_appeal(
                request.user, appeal, form.cleaned_data["status"], form.cleaned_data["answer"]
            )
        except ValidationError as error:
            _refused(request, error)
        else:
            messages.success(request, _("The appeal is answered; the team is told by mail."))
    return redirect("orga_decisions:appeals", call_pk, appeal.stage_id)
