"""Forms of the talent's side of the job fair: applying, messages, interviews."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Application, ApplicationMessage


class ApplyForm(forms.Form):
    cover_note = forms.CharField(
        label=_("Cover note"),
        required=False,
        max_length=Application._meta.get_field("cover_note").max_length,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Optional: a few lines to the employer about why you apply."),
    )


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Message"),
        max_length=ApplicationMessage._meta.get_field("body").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class WithdrawForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Yes, withdraw this application."),
        error_messages={"required": _("Tick the box to confirm.")},
    )


class BookForm(forms.Form):
    def __init__(self, *args, slots=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"] = forms.TypedChoiceField(
            label=_("Interview time"),
            coerce=int,
            choices=[(slot.pk, str(slot.pk)) for slot in slots],
            widget=forms.RadioSelect,
            error_messages={"required": _("Choose one of the times offered.")},
        )
