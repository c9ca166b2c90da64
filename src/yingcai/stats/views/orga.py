"""The organisers' statistics: the live dashboard and the press report."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from yingcai.core.access import enforced_inside, staff_view
from yingcai.core.audit import history
from yingcai.core.registry import figures as registry
from yingcai.core.rules import can

from .. import report, services
from ..forms import MomentForm, ReportForm
from ..models import PressReport
from ..presentation import (
    DASHBOARD_FRAGMENT,
    REPORT_LINKS,
    STOP_POLLING,
    live_html,
    page_or_fragment,
)

PER_PAGE = 30


def _report_links() -> str | None:
    try:
        get_template(REPORT_LINKS)
    except TemplateDoesNotExist:
        return None
    return REPORT_LINKS


@require_safe
@never_cache
@staff_view("stats.view_dashboard")
def dashboard(request):
    return page_or_fragment(
        request,
        "stats/dashboard.html",
        DASHBOARD_FRAGMENT,
        dashboard=True,
        report_links=_report_links(),
    )


@enforced_inside("staff", "stats.view_dashboard")
@require_safe
@never_cache
def dashboard_live(request):
    """The dashboard's live section, polled. A poll whose session has ended (or whose user
    lost the right) stops polling (HTMX's status 286) rather than swapping in a log-in page."""
    if request.htmx and not can(request.user, "stats.view_dashboard"):
        return HttpResponse(status=STOP_POLLING)
    return _dashboard_live(request)


@staff_view("stats.view_dashboard")
def _dashboard_live(request):
    return HttpResponse(live_html(DASHBOARD_FRAGMENT, dashboard=True))


@require_POST
@staff_view("stats.view_dashboard")
def refresh(request):
    """Drop the cached figures and count them again now."""
    registry.invalidate()
    registry.current()
    messages.success(request, _("The figures were counted again just now."))
    return redirect("orga_stats:dashboard")


def _downloads():
    return [
        {"language": language, "extension": extension, "name": name}
        for language, name in (("zh-hans", "中文"), ("en", "English"))
        for extension in report.WRITERS
    ]


@staff_view("stats.draft_report")
def report_list(request):
    form = MomentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        press_report = services.draft_report(request.user, form.cleaned_data["moment"])
        messages.success(request, _("The draft is ready: check it, then publish it."))
        return redirect("press_report:edit", press_report.pk)
    reports = PressReport.objects.select_related("created_by", "news_item")[:PER_PAGE]
    return render(
        request,
        "stats/report_list.html",
        {"form": form, "reports": reports},
        status=400 if request.method == "POST" else 200,
    )


@staff_view("stats.draft_report")
def report_edit(request, pk):
    press_report = get_object_or_404(
        PressReport.objects.select_related("created_by", "news_item"), pk=pk
    )
    initial = {
        name: getattr(press_report, name) for name in ("title_zh", "title_en", "body_zh", "body_en")
    }
    form = ReportForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.save_report(request.user, press_report, **form.cleaned_data)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("The report is saved."))
                return redirect("press_report:edit", press_report.pk)
        status = 400
    return render(
        request,
        "stats/report_edit.html",
        {
            "report": press_report,
            "form": form,
            "figures": sorted(press_report.figures.items()),
            "downloads": _downloads(),
            "history": history(press_report)[:20],
        },
        status=status,
    )


@require_POST
@staff_view("stats.publish_report")
def report_publish(request, pk):
    press_report = get_object_or_404(PressReport, pk=pk)
    try:
        press_report = services.publish_report(request.user, press_report)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The report is published as a news item."))
    return redirect("press_report:edit", press_report.pk)


@staff_view("stats.draft_report")
def report_download(request, pk, language, extension):
    press_report = get_object_or_404(PressReport, pk=pk)
    if language not in report.LANGUAGES or extension not in report.WRITERS:
        return render(
            request,
            "stats/report_not_found.html",
            {
                "report": press_report,
                "message": _(
                    "There is no download “%(language)s.%(extension)s”: choose zh-hans or en, "
                    "and docx or pdf."
                )
                % {"language": language[:20], "extension": extension[:10]},
                "downloads": _downloads(),
            },
            status=404,
        )
    write, content_type = report.WRITERS[extension]
    response = HttpResponse(write(press_report, language), content_type=content_type)
    name = report.filename(press_report, language, extension)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
