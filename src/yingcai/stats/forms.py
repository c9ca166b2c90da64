"""The forms of the organisers' statistics pages."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import services
from .moments import parse_moment


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
