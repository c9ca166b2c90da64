from allauth.account.views import SignupView as AllauthSignupView
from django.contrib import messages
from django.db import IntegrityError, transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from yingcai.core.access import public, signed_in
from yingcai.organisations.models import Invitation, Membership
from yingcai.permissions import staff_roles

from . import services
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
    memberships = Membership.objects.filter(user=request.user).select_related("organisation")
    invitations = Invitation.objects.filter(
        email=request.user.email, accepted_at__isnull=True, revoked_at__isnull=True
    ).select_related("organisation")
    return render(
        request,
        "accounts/dashboard.html",
        {
            "memberships": memberships,
            "invitations": [i for i in invitations if i.is_open],
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
