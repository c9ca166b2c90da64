"""A talent's own pages: profile, CVs, and their data (export, deletion)."""

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yingcai.accounts import services as accounts
from yingcai.core.access import signed_in
from yingcai.core.http import private_file_response
from yingcai.core.rules import can
from yingcai.core.views import error_text, form_error

from . import services
from .forms import CVUploadForm, DeleteAccountForm, EducationFormSet, ProfileForm, WorkFormSet
from .models import CV, TalentProfile


def _stored_profile(user) -> TalentProfile | None:
    return TalentProfile.objects.filter(user=user).first()


# --- Profile ---------------------------------------------------------------------------------
@signed_in()
def profile(request):
    # Reading the page writes nothing: a profile exists once its owner saves one, so that
    # a staff member or an employer who merely opens the page is not counted as a talent.
    profile = _stored_profile(request.user) or TalentProfile(user=request.user)
    data = request.POST if request.method == "POST" else None
    form = ProfileForm(data, instance=profile, user=request.user)
    work = WorkFormSet(data, instance=profile, prefix="work")
    education = EducationFormSet(data, instance=profile, prefix="education")
    if data is not None:
        if form.is_valid() and work.is_valid() and education.is_valid():
            try:
                _save_profile(request.user, form, work, education)
            except ValidationError as error:
                request.user.refresh_from_db(fields=["name"])  # the change was rolled back
                form_error(form, error)
            except IntegrityError:
                # Two first saves at once (two windows): one profile per person, the other
                # save is refused by the database and told so.
                request.user.refresh_from_db(fields=["name"])
                form.add_error(
                    None,
                    _("Your profile was saved meanwhile from another window: reload the page."),
                )
            else:
                messages.success(request, _("Your profile is saved."))
                return redirect("talent:profile")
        messages.error(request, _("Please correct the errors below."))
    return render(
        request,
        "talents/profile.html",
        {"form": form, "work": work, "education": education, "profile": profile},
        status=400 if data is not None else 200,
    )


def _save_profile(user, form, work, education):
    with transaction.atomic():
        name = form.cleaned_data["name"]
        if name != user.name:
            user.name = name
            accounts.update_settings(user, ["name"])
        services.save_profile(
            user,
            form.save(commit=False),
            [f for f in form.changed_data if f != "name"],
            fields=form.cleaned_data["fields"],
            desired_districts=form.cleaned_data["desired_districts"],
            history=[work, education],
        )


# --- CVs ---------------------------------------------------------------------------------------
def _cv_context(request, form=None):
    profile = _stored_profile(request.user)
    return {
        "cvs": list(profile.cvs.all()) if profile else [],
        "form": form or CVUploadForm(),
        "max_cvs": services.MAX_CVS,
    }


@signed_in()
def cvs(request):
    form = None
    if request.method == "POST":
        form = CVUploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                cv = services.upload_cv(request.user, form.cleaned_data["file"])
            except ValidationError as error:
                form.add_error("file", error_text(error))
            else:
                messages.success(
                    request,
                    _("%(name)s is uploaded and is now your current CV.") % {"name": cv},
                )
                return redirect("talent:cvs")
        return render(request, "talents/cvs.html", _cv_context(request, form), status=400)
    return render(request, "talents/cvs.html", _cv_context(request))


def _own_cv(request, cv_pk) -> CV:
    return get_object_or_404(
        CV.objects.select_related("profile"), pk=cv_pk, profile__user=request.user
    )


@signed_in()
@require_POST
def cv_current(request, cv_pk):
    cv = _own_cv(request, cv_pk)
    services.set_current_cv(request.user, cv)
    messages.success(request, _("%(name)s is now your current CV.") % {"name": cv})
    return redirect("talent:cvs")


@signed_in()
@require_POST
def cv_delete(request, cv_pk):
    cv = _own_cv(request, cv_pk)
    name = str(cv)
    services.delete_cv(request.user, cv)
    messages.success(request, _("%(name)s is deleted.") % {"name": name})
    return redirect("talent:cvs")


@signed_in("talents.view_cv")
def cv_download(request, cv_pk):
    """The file, to those the rules allow; to anyone else it does not exist."""
    cv = CV.objects.select_related("profile").filter(pk=cv_pk).first()
    if cv is None or not can(request.user, "talents.view_cv", cv):
        raise Http404
    return private_file_response(cv.file, cv.original_name, cv.content_type)


# --- My data (PIPL Art. 45 and 47) -------------------------------------------------------------
@signed_in()
def data(request):
    form = DeleteAccountForm(user=request.user)
    return render(request, "talents/data.html", {"form": form})


@signed_in()
def data_export(request):
    payload = json.dumps(
        services.export_data(request.user), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2
    )
    response = HttpResponse(payload, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = "attachment; filename=yingcai-my-data.json"
    response["Cache-Control"] = "private, no-store"
    return response


@signed_in()
@require_POST
def delete_account(request):
    form = DeleteAccountForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            services.delete_account(request.user, password_confirmed=True)
        except ValidationError as error:
            form.add_error(None, error_text(error))
        else:
            logout(request)
            messages.success(
                request,
                _(
                    "Your account is deleted: your personal data is erased, and what remains "
                    "counts only in the statistics."
                ),
            )
            return redirect("portal:home")
    return render(request, "talents/data.html", {"form": form}, status=400)
