"""The organisers' queues: organisations to verify, messages to moderate, reports to handle."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yingcai.core.access import staff_view
from yingcai.core.audit import history
from yingcai.core.rules import can
from yingcai.core.views import error_text
from yingcai.jobs.models import Job
from yingcai.organisations import services as organisation_services
from yingcai.organisations.models import Organisation
from yingcai.portal import services as portal_services
from yingcai.portal.models import Message, Report

from .forms import HandleReportForm, ReasonForm, ReplyForm, TakeDownForm

# The queues of the back office's home: each shown to those whose roles open it, counted only then.
QUEUES = [
    (
        "organisations",
        "organisations.verify_organisation",
        lambda: Organisation.objects.filter(status=Organisation.Status.PENDING),
    ),
    ("jobs", "jobs.review_job", lambda: Job.objects.filter(status=Job.Status.SUBMITTED)),
    (
        "messages",
        "portal.moderate_message",
        lambda: Message.objects.filter(status=Message.Status.PENDING),
    ),
    (
        "reports",
        "portal.handle_report",
        lambda: Report.objects.exclude(
            status__in=[Report.Status.RESOLVED, Report.Status.UNFOUNDED]
        ),
    ),
]


@staff_view("orga.access")
def home(request):
    counts = {key: pending().count() for key, rule, pending in QUEUES if can(request.user, rule)}
    return render(request, "orga/home.html", {"counts": counts})


# --- Organisations ----------------------------------------------------------------------
@staff_view("organisations.verify_organisation")
def organisations(request):
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
        "orga/organisations.html",
        {
            "page": page,
            "status": status,
            "statuses": [(v, label, totals.get(v, 0)) for v, label in Organisation.Status.choices],
            "q": q,
        },
    )


@staff_view("organisations.verify_organisation")
def organisation(request, pk):
    found = get_object_or_404(Organisation.objects.select_related("district", "created_by"), pk=pk)
    return render(
        request,
        "orga/organisation.html",
        {
            "organisation": found,
            "members": found.memberships.select_related("user"),
            "history": history(found)[:20],
            "reason_form": ReasonForm(),
        },
    )


@require_POST
@staff_view("organisations.verify_organisation")
def organisation_decide(request, pk, decision):
    found = get_object_or_404(Organisation, pk=pk)
    try:
        if decision == "verify":
            organisation_services.verify_organisation(request.user, found)
            messages.success(request, _("%(name)s is verified.") % {"name": found})
        elif decision in ("reject", "suspend"):
            form = ReasonForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Give the reason (at most 2000 characters)."))
            reason = form.cleaned_data["reason"]
            action = (
                organisation_services.reject_organisation
                if decision == "reject"
                else organisation_services.suspend_organisation
            )
            action(request.user, found, reason)
            messages.success(request, _("Decision recorded for %(name)s.") % {"name": found})
        else:
            raise ValidationError(_("Unknown decision."))
    except ValidationError as error:
        messages.error(request, error_text(error))
    return redirect("orga:organisation", pk=found.pk)


# --- Messages ---------------------------------------------------------------------------
@staff_view("portal.moderate_message")
def message_queue(request):
    status = request.GET.get("status", Message.Status.PENDING)
    if status not in Message.Status.values:
        status = Message.Status.PENDING
    page = Paginator(
        Message.objects.filter(status=status)
        .prefetch_related("replies")
        .order_by("created_at", "id"),
        20,
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "orga/messages.html",
        {
            "page": page,
            "status": status,
            "statuses": Message.Status.choices,
            "reply_form": ReplyForm(auto_id=False),
        },
    )


@require_POST
@staff_view("portal.moderate_message")
def message_action(request, pk, action):
    message = get_object_or_404(Message, pk=pk)
    reply_form = ReplyForm(auto_id=False)
    try:
        if action == "publish":
            portal_services.publish_message(request.user, message)
        elif action == "reject":
            portal_services.reject_message(
                request.user, message, request.POST.get("note", "")[:2000]
            )
        elif action == "reply":
            reply_form = ReplyForm(request.POST, auto_id=False)
            if not reply_form.is_valid():
                raise ValidationError(_("Write the reply (at most 4000 characters)."))
            portal_services.reply_to_message(
                request.user,
                message,
                reply_form.cleaned_data["body"],
                reply_form.cleaned_data["publish"],
            )
            reply_form = ReplyForm(auto_id=False)
        else:
            raise ValidationError(_("Unknown action."))
        messages.success(request, _("Done."))
    except ValidationError as error:
        messages.error(request, error_text(error))
    message.refresh_from_db()
    if request.htmx:
        return render(request, "orga/_message.html", {"message": message, "reply_form": reply_form})
    queue = request.POST.get("status", "")
    if queue not in Message.Status.values:
        queue = Message.Status.PENDING
    return redirect(f"{reverse('orga:messages')}?status={queue}")


# --- Reports ----------------------------------------------------------------------------
@staff_view("portal.handle_report")
def report_queue(request):
    status = request.GET.get("status", "open")
    queryset = Report.objects.select_related("handled_by")
    if status == "open":
        queryset = queryset.exclude(status__in=[Report.Status.RESOLVED, Report.Status.UNFOUNDED])
    elif status in Report.Status.values:
        queryset = queryset.filter(status=status)
    else:
        status = "open"
    category = request.GET.get("category", "")
    if category in Report.Category.values:
        queryset = queryset.filter(category=category)
    page = Paginator(queryset.order_by("created_at", "id"), 30).get_page(request.GET.get("page"))
    return render(
        request,
        "orga/reports.html",
        {
            "page": page,
            "status": status,
            "statuses": Report.Status.choices,
            "category": category,
            "categories": Report.Category.choices,
        },
    )


@staff_view("portal.handle_report")
def report_detail(request, pk):
    report = get_object_or_404(Report.objects.select_related("handled_by"), pk=pk)
    posted = request.POST if request.method == "POST" else None
    taking_down = posted is not None and posted.get("action") == "take_down"
    form = HandleReportForm(
        None if taking_down else posted,
        initial={
            "status": report.status,
            "public_response": report.public_response,
            "internal_note": report.internal_note,
        },
    )
    take_down_form = TakeDownForm(posted if taking_down else None, prefix="down")
    if request.method == "POST" and take_down_form.is_bound and take_down_form.is_valid():
        try:
            portal_services.take_down_reported(request.user, report, **take_down_form.cleaned_data)
        except ValidationError as error:
            take_down_form.add_error(None, error_text(error))
        except PermissionDenied:
            take_down_form.add_error(None, _("Your roles do not allow taking this item down."))
        else:
            messages.success(
                request,
                _("The reported item is taken down; report %(number)s is closed.")
                % {"number": report.tracking_number},
            )
            return redirect("orga:reports")
    elif request.method == "POST" and form.is_bound and form.is_valid():
        try:
            portal_services.handle_report(request.user, report, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error_text(error))
        else:
            messages.success(
                request, _("Report %(number)s updated.") % {"number": report.tracking_number}
            )
            return redirect("orga:reports")
    kind, item = portal_services.reported_item(report)
    can_take_down = item is not None and can(
        request.user, portal_services.TAKE_DOWN_RULES[kind], item
    )
    return render(
        request,
        "orga/report.html",
        {
            "report": report,
            "form": form,
            "take_down_form": take_down_form,
            "item": item,
            "item_kind": kind,
            "can_take_down": can_take_down,
            "is_open": report.status not in (Report.Status.RESOLVED, Report.Status.UNFOUNDED),
            "history": history(report)[:20],
        },
        status=400 if form.errors or take_down_form.errors else 200,
    )
