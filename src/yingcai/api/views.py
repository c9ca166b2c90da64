"""The account's API tokens: made (the secret shown once) and revoked, with HTMX or without."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yingcai.core.access import loaded, signed_in
from yingcai.core.rules import can
from yingcai.core.views import form_error

from . import services
from .forms import TokenForm
from .models import ApiToken

SHOWN = 50


def _context(request, form=None, secret=None, new_token=None) -> dict:
    return {
        "tokens": list(ApiToken.objects.filter(user=request.user)[:SHOWN]),
        "form": form or TokenForm(),
        "secret": secret,
        "new_token": new_token,
        "can_add": can(request.user, "api.add_token"),
    }


def _render(request, context, status=200):
    template = "api/_tokens.html" if request.htmx else "api/tokens.html"
    return render(request, template, context, status=status)


@signed_in("api.add_token")
def tokens(request):
    return _render(request, _context(request))


@signed_in("api.add_token")
@require_POST
def create(request):
    if not can(request.user, "api.add_token"):
        raise Http404
    form = TokenForm(request.POST)
    if form.is_valid():
        try:
            token, secret = services.create_token(
                request.user,
                form.cleaned_data["name"],
                form.cleaned_data["scope"],
                form.cleaned_data["expires"],
            )
        except ValidationError as error:
            form_error(form, error)
        else:
            # Shown in this answer only: no redirect, the secret is stored nowhere.
            return _render(request, _context(request, secret=secret, new_token=token), 201)
    # HTMX swaps only successful answers: the form with its errors comes as 200 to it.
    return _render(request, _context(request, form=form), 200 if request.htmx else 400)


@loaded
def own_token(request, pk) -> ApiToken:
    # Someone else's token does not exist here (404, not 403).
    return get_object_or_404(ApiToken, pk=pk, user_id=request.user.pk)


@signed_in("api.add_token", "api.revoke_token", fn=own_token)
@require_POST
def revoke(request, pk):
    token = own_token(request, pk=pk)
    services.revoke_token(request.user, token)
    messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
    if request.htmx:
        return _render(request, _context(request))
    return redirect("api_tokens:list")
