"""The press report in the back office: draft at a moment, edit both languages, publish."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from yingcai.core.access import staff_view
from yingcai.core.audit import history

from . import report, services
from .models import PressReport
from .moments import parse_moment

PER_PAGE = 30


class MomentForm(forms.Form):
    moment = forms.CharField(
        label=gettext_lazy("Figures as of"),
        required=False,
        max_length=40,
        help_text=gettext_lazy(
            "A date (2020-11-19: the end of that day) or a date and time (2020-11-19 18:00). "
            "Empty: now."
        ),
        widget=forms.TextInput(attrs={"placeholder": "2020-11-19 18:00", "inputmode": "numeric"}),
    )

    def clean_moment(self):
        text = self.cleaned_data["moment"].strip()
        if not text:
            return None
        try:
            moment = parse_moment(text)
        except ValueError:
            raise ValidationError(
                _("“%(value)s” is not a date (2020-11-19) or a date and time (2020-11-19 18:00).")
                % {"value": text}
            ) from None
        now = timezone.now()
        if moment > now:
            # Today's date means "today so far"; a later day has no figures yet.
            if timezone.localdate(moment) > timezone.localdate(now):
                raise ValidationError(_("The moment is in the future."))
            return None
        if moment.year < 2000:
            raise ValidationError(_("Choose a moment after the year 2000."))
        return moment


class ReportForm(forms.Form):
    title_zh = forms.CharField(label=gettext_lazy("Title (Chinese)"), max_length=200)
    body_zh = forms.CharField(
        label=gettext_lazy("Text (Chinese)"),
        max_length=services.MAX_BODY,
        widget=forms.Textarea(attrs={"rows": 12, "lang": "zh-CN"}),
        help_text=gettext_lazy("Markdown: an empty line starts a new paragraph."),
    )
    title_en = forms.CharField(label=gettext_lazy("Title (English)"), max_length=200)
    body_en = forms.CharField(
        label=gettext_lazy("Text (English)"),
        max_length=services.MAX_BODY,
        widget=forms.Textarea(attrs={"rows": 12, "lang": "en"}),
        help_text=gettext_lazy("Markdown: an empty line starts a new paragraph."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title_zh"].widget.attrs["lang"] = "zh-CN"
        self.fields["title_en"].widget.attrs["lang"] = "en"


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
