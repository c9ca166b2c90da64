from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import ResetPasswordForm as AllauthResetPasswordForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from .models import User


class LoginForm(AllauthLoginForm):
    """allauth's log-in form in the site's words (sentence case, formal Chinese)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].label = _("E-mail address or mobile number")
        self.fields["login"].widget.attrs.pop("placeholder", None)
        self.fields["password"].label = _("Password")
        self.fields["password"].widget.attrs.pop("placeholder", None)
        if "remember" in self.fields:
            self.fields["remember"].label = _("Remember me on this device")


class ResetPasswordForm(AllauthResetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("E-mail address")
        self.fields["email"].widget.attrs.pop("placeholder", None)


class SignupForm(AllauthSignupForm):
    """allauth's sign-up form with a name; the consent to the legal texts comes from the
    privacy app through `ACCOUNT_SIGNUP_FORM_CLASS` (allauth's base of this form)."""

    name = forms.CharField(label=_("Name"), max_length=100)

    field_order = ["name", "email", "phone", "password1", "password2", "accept_terms"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # allauth's field has no length limit; the column has one.
        self.fields["email"].max_length = User._meta.get_field("email").max_length
        self.fields["email"].validators.append(MaxLengthValidator(self.fields["email"].max_length))
        self.fields["email"].label = _("E-mail address")
        self.fields["password1"].label = _("Password")
        # Django's own help texts speak informally in Chinese (你) and come as four lines.
        self.fields["password1"].help_text = _(
            "At least 8 characters, not only digits, not a common password and not like your "
            "name or e-mail address."
        )
        if "password2" in self.fields:
            self.fields["password2"].label = _("Password again")
        for field in self.fields.values():
            field.widget.attrs.pop("placeholder", None)
        if "phone" in self.fields:
            self.fields["phone"].label = _("Mobile number (optional)")
            self.fields["phone"].help_text = _(
                "You can then log in with it too; we send a code to verify it."
            )


class AccountSettingsForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["name", "language"]

    language = forms.ChoiceField(label=_("Preferred language"), choices=settings.LANGUAGES)
