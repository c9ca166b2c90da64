from allauth.account import app_settings as allauth_settings
from allauth.account.views import SignupView as AllauthSignupView
from allauth.core.internal.ratelimit import parse_rates
from django.contrib import messages
from django.db import IntegrityError, transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from yingcai.core.access import public, signed_in
from yingcai.core.rules import staff_roles

from . import panels, services
from .forms import AccountSettingsForm


class SignupView(AllauthSignupView):
    """allauth's sign-up, answering a race between two identical sign-ups with a form error.

    The form checks that the e-mail address and mobile number are free, but two
    requests can pass that check at once; the database's unique constraints
    then refuse the second, and this turns that refusal into a message.
    """

    def form_valid(self, form):
        try:
            with transaction.atomic():
                return super().form_valid(form)
        except IntegrityError:
            form.add_error(
                None,
                _("An account with this e-mail address or mobile number already exists."),
            )
            return self.form_invalid(form)


signup = public(SignupView.as_view())


@signed_in()
def dashboard(request):
    return render(
        request,
        "accounts/dashboard.html",
        {
            "panels": panels.rendered_for(request),
            "staff_roles": sorted(staff_roles(request.user)),
        },
    )


@signed_in()
def account_settings(request):
    form = AccountSettingsForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        services.update_settings(form.instance, form.changed_data)
        messages.success(request, _("Saved."))
        return redirect("accounts:settings")
    return render(request, "accounts/settings.html", {"form": form})


# allauth's limits by the page that applies them (log-in failures are answered by the adapter,
# which knows the exact wait).
_LIMITED_ACTIONS = {
    "account_signup": "signup",
    "account_login": "login",
    "account_reset_password": "reset_password",
    "account_reset_password_from_key": "reset_password_from_key",
    "account_change_password": "change_password",
    "account_email": "manage_email",
    "account_reauthenticate": "reauthenticate",
    "account_confirm_email": "confirm_email",
    "account_verify_phone": "verify_phone",
    "account_change_phone": "change_phone",
}


def too_many_requests(request, exception=None):
    """allauth's other limits (sign-up, password reset, …) answer here: 429 with Retry-After,
    the longest window of the limit that applies, after which a request surely passes."""

    match = getattr(request, "resolver_match", None)
    action = _LIMITED_ACTIONS.get(match.url_name if match else "")
    configured = allauth_settings.RATE_LIMITS
    rates = (
        parse_rates(configured.get(action))
        if action
        else [r for a, spec in configured.items() if a != "login_failed" for r in parse_rates(spec)]
    )
    retry_after = int(max([60, *(rate.duration for rate in rates)]))
    response = render(request, "429.html", {"retry_minutes": -(-retry_after // 60)}, status=429)
    response["Retry-After"] = str(retry_after)
    return response
