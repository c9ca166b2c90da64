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


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Reply"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000
    )
    publish = forms.BooleanField(
        label=_("Publish the message with this reply"), required=False, initial=True
    )


class HandleReportForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Report.Status.choices)
    public_response = forms.CharField(
        label=_("Answer to the reporter"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=3000,
    )
    internal_note = forms.CharField(
        label=_("Internal note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=3000,
    )


class TakeDownForm(forms.Form):
    reason = forms.CharField(
        label=_("Why it is taken down (kept inside; told to the organisation concerned)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )
    public_response = forms.CharField(
        label=_("Answer to the reporter"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=3000,
        help_text=_("Empty: the reporter is told that the content was taken down."),
    )
