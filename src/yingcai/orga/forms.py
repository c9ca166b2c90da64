from django import forms
from django.utils.translation import gettext_lazy as _

from yingcai.portal.models import Report


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
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
