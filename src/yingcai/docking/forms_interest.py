"""Forms of interest between a project and an organisation."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .services.interests import MESSAGE_MAX


class _MessageField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Message"))
        kwargs.setdefault("max_length", MESSAGE_MAX)
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 4}))
        super().__init__(**kwargs)


class ExpressForOrganisationForm(forms.Form):
    """An organisation's interest in a project: which of one's organisations, about which of
    its demands (optional), and a short message."""

    def __init__(self, *args, organisations=(), demands=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"] = forms.TypedChoiceField(
            label=_("On behalf of"),
            coerce=int,
            choices=[(o.pk, str(o)) for o in organisations],
            error_messages={"invalid_choice": _("Choose one of your organisations.")},
        )
        self.fields["demand"] = forms.TypedChoiceField(
            label=_("About the demand"),
            coerce=int,
            required=False,
            empty_value=None,
            choices=[("", _("none in particular")), *[(d.pk, str(d)) for d in demands]],
            error_messages={"invalid_choice": _("Choose one of your published demands.")},
        )
        self.fields["message"] = _MessageField(
            help_text=_("A few lines on why your organisation is interested in this project.")
        )


class ExpressForProjectForm(forms.Form):
    """A project's interest in an organisation, through one of its published demands."""

    def __init__(self, *args, projects=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"] = forms.TypedChoiceField(
            label=_("For the project"),
            coerce=int,
            choices=[(p.pk, str(p)) for p in projects],
            error_messages={"invalid_choice": _("Choose one of your listed projects.")},
        )
        self.fields["message"] = _MessageField(
            help_text=_("A few lines on why your project answers this demand.")
        )


class AnswerForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Answer"),
        choices=[("accept", _("Accept")), ("decline", _("Decline"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Accept or decline.")},
    )
    reply = _MessageField(
        label=_("Reply"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ShareForm(forms.Form):
    consent = forms.BooleanField(
        label=_("Yes, I agree to show our business plan to this organisation."),
        error_messages={"required": _("Tick the box to give your consent.")},
    )
