from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Message, Report


class MessageForm(forms.ModelForm):
    class Meta:
        model = Message
        fields = ["name", "email", "subject", "body", "allow_publication"]
        labels = {
            "allow_publication": _(
                "My message and the answer may be published on this site "
                "(my e-mail address is never shown)."
            )
        }
        # The model's help text speaks to the moderators; the label says it to the author.
        help_texts = {"allow_publication": ""}
        widgets = {"body": forms.Textarea(attrs={"rows": 6})}


class ReportForm(forms.ModelForm):
    class Meta:
        model = Report
        fields = [
            "category",
            "url",
            "description",
            "evidence_url",
            "reporter_name",
            "reporter_email",
            "reporter_phone",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("Choose a category")), *Report.Category.choices]
        for name in ("reporter_name", "reporter_email", "reporter_phone"):
            self.fields[name].help_text = _("Optional. You may report anonymously.")


class TrackingForm(forms.Form):
    tracking_number = forms.CharField(
        label=_("Tracking number"),
        max_length=40,
        widget=forms.TextInput(
            attrs={"placeholder": "JB20201119-XXXXX-XXXXX", "autocomplete": "off"}
        ),
    )
