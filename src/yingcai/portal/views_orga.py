"""The organisers' pages of the portal: messages to moderate, reports to handle."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yingcai.core.access import staff_view
from yingcai.core.audit import history
from yingcai.core.rules import can
from yingcai.core.views import error_text

from . import services
from .forms import HandleReportForm, ReplyForm, TakeDownForm
from .models import Message, Report


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
        "portal/orga/messages.html",
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
            services.publish_message(request.user, message)
        elif action == "reject":
            services.reject_message(request.user, message, request.POST.get("note", "")[:2000])
        elif action == "reply":
            reply_form = ReplyForm(request.POST, auto_id=False)
            if not reply_form.is_valid():
                raise ValidationError(_("Write the reply (at most 4000 characters)."))
            services.reply_to_message(
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
        return render(
            request, "portal/orga/_message.html", {"message": message, "reply_form": reply_form}
        )
    queue = request.POST.get("status", "")
    if queue not in Message.Status.values:
        queue = Message.Status.PENDING
    return redirect(f"{reverse('orga_portal:messages')}?status={queue}")


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
        "portal/orga/reports.html",
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
            services.take_down_reported(request.user, report, **take_down_form.cleaned_data)
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
            return redirect("orga_portal:reports")
    elif request.method == "POST" and form.is_bound and form.is_valid():
        try:
            services.handle_report(request.user, report, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error_text(error))
        else:
            messages.success(
                request, _("Report %(number)s updated.") % {"number": report.tracking_number}
            )
            return redirect("orga_portal:reports")
    kind, item = services.reported_item(report)
    can_take_down = item is not None and can(request.user, services.TAKE_DOWN_RULES[kind], item)
    return render(
        request,
        "portal/orga/report.html",
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
