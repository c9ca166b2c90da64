from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Value
from django.db.models.functions import Coalesce, NullIf
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yingcai.core.access import public, signed_in
from yingcai.core.rules import can
from yingcai.core.views import error_text

from . import services
from .filters import DirectoryFilter
from .forms import InvitationForm, OrganisationForm, RoleForm
from .models import Invitation, Membership, Organisation
from .shortcuts import organisation_in_url, organisation_or_404


def _name_as_shown():
    """Sort by the name the reader sees: theirs, or the other language's when it is missing."""
    first, second = ("name_en", "name_zh_hans")
    if get_language() != "en":
        first, second = second, first
    return Coalesce(NullIf(first, Value("")), second)


@public
def directory(request):
    verified = Organisation.objects.filter(status=Organisation.Status.VERIFIED)
    filters = DirectoryFilter(request.GET or None, verified.select_related("district"))
    page = Paginator(filters.qs.order_by(_name_as_shown(), "id"), 24).get_page(
        request.GET.get("page")
    )
    template = (
        "organisations/_directory_results.html" if request.htmx else "organisations/directory.html"
    )
    return render(request, template, {"form": filters.form, "page": page})


@public
def detail(request, pk):
    organisation = get_object_or_404(Organisation.objects.select_related("district"), pk=pk)
    if not can(request.user, "organisations.view_organisation", organisation):
        raise Http404
    return render(request, "organisations/detail.html", {"organisation": organisation})


@signed_in()
def mine(request):
    memberships = Membership.objects.filter(user=request.user).select_related(
        "organisation", "organisation__district"
    )
    invitations = [
        inv
        for inv in Invitation.objects.filter(
            email=request.user.email, accepted_at__isnull=True, revoked_at__isnull=True
        ).select_related("organisation")
        if inv.is_open
    ]
    return render(
        request, "organisations/mine.html", {"memberships": memberships, "invitations": invitations}
    )


@signed_in("organisations.register_organisation")
def register(request):
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.register_organisation(request.user, form.instance)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _(
                    "%(name)s is registered. The organisers will verify it; "
                    "until then it cannot publish anything."
                )
                % {"name": organisation},
            )
            return redirect("organisations:manage", pk=organisation.pk)
    return render(request, "organisations/form.html", {"form": form, "creating": True})


@signed_in(
    "organisations.change_organisation", "organisations.view_organisation", fn=organisation_in_url
)
def edit(request, pk):
    organisation = organisation_in_url(request, pk=pk)
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_organisation(request.user, form.instance, form.changed_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("organisations:manage", pk=organisation.pk)
    return render(request, "organisations/form.html", {"form": form, "organisation": organisation})


def _manage_context(request, organisation, invite_form=None):
    return {
        "organisation": organisation,
        "memberships": organisation.memberships.select_related("user").order_by("role", "id"),
        "invitations": [
            inv
            for inv in organisation.invitations.filter(
                accepted_at__isnull=True, revoked_at__isnull=True
            ).select_related("invited_by")
            if inv.is_open
        ],
        "invite_form": invite_form or InvitationForm(),
        "can_manage": can(request.user, "organisations.manage_members", organisation),
        "can_edit": can(request.user, "organisations.change_organisation", organisation),
        "can_publish": can(request.user, "organisations.publish", organisation),
        "roles": Membership.Role.choices,
    }


@signed_in("organisations.view_organisation", "organisations.view_members", fn=organisation_in_url)
def manage(request, pk):
    organisation = organisation_in_url(request, pk=pk)
    return render(request, "organisations/manage.html", _manage_context(request, organisation))


@signed_in(
    "organisations.view_organisation", "organisations.manage_members", fn=organisation_in_url
)
@require_POST
def invite(request, pk):
    organisation = organisation_in_url(request, pk=pk)
    form = InvitationForm(request.POST)
    if form.is_valid():
        try:
            invitation = services.invite_member(
                request.user,
                organisation,
                form.cleaned_data["email"],
                form.cleaned_data["role"],
                request=request,
            )
        except ValidationError as error:
            form.add_error("email", error_text(error))
        else:
            messages.success(
                request, _("Invitation sent to %(email)s.") % {"email": invitation.email}
            )
            form = None
    context = _manage_context(request, organisation, invite_form=form)
    if request.htmx:
        return render(request, "organisations/_members.html", context)
    if form is not None:
        return render(request, "organisations/manage.html", context, status=400)
    return redirect("organisations:manage", pk=organisation.pk)


def _membership_for(request, pk, member_pk):
    organisation = organisation_or_404(request.user, pk, "organisations.view_members")
    return get_object_or_404(
        Membership.objects.select_related("user"), pk=member_pk, organisation=organisation
    )


def _after_member_change(request, organisation):
    if request.htmx:
        return render(
            request, "organisations/_members.html", _manage_context(request, organisation)
        )
    return redirect("organisations:manage", pk=organisation.pk)


@signed_in("organisations.view_organisation", "organisations.manage_members")
@require_POST
def change_role(request, pk, member_pk):
    membership = _membership_for(request, pk, member_pk)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a role."))
    else:
        try:
            services.change_role(request.user, membership, form.cleaned_data["role"])
            messages.success(request, _("Role changed."))
        except ValidationError as error:
            messages.error(request, error_text(error))
    return _after_member_change(request, membership.organisation)


@signed_in("organisations.view_organisation", "organisations.manage_members")
@require_POST
def remove_member(request, pk, member_pk):
    membership = _membership_for(request, pk, member_pk)
    organisation = membership.organisation
    leaving = membership.user_id == request.user.pk
    try:
        services.remove_member(request.user, membership)
    except ValidationError as error:
        messages.error(request, error_text(error))
        return _after_member_change(request, organisation)
    if leaving:
        messages.success(request, _("You have left %(name)s.") % {"name": organisation})
        return redirect("organisations:mine")
    messages.success(request, _("Member removed."))
    return _after_member_change(request, organisation)


@signed_in(
    "organisations.view_organisation", "organisations.manage_members", fn=organisation_in_url
)
@require_POST
def revoke_invitation(request, pk, invitation_pk):
    organisation = organisation_in_url(request, pk=pk)
    invitation = get_object_or_404(Invitation, pk=invitation_pk, organisation=organisation)
    try:
        services.revoke_invitation(request.user, invitation)
        messages.success(request, _("Invitation withdrawn."))
    except ValidationError as error:
        messages.error(request, error_text(error))
    return _after_member_change(request, organisation)


@public
def invitation(request, token):
    invitation = (
        Invitation.objects.select_related("organisation", "invited_by").filter(token=token).first()
    )
    if invitation is None:
        raise Http404
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.path)
        try:
            membership = services.accept_invitation(request.user, token)
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(
                request, _("You are now a member of %(name)s.") % {"name": membership.organisation}
            )
            return redirect("organisations:manage", pk=membership.organisation_id)
    return render(request, "organisations/invitation.html", {"invitation": invitation})
