"""Talent search for employers: profiles whose owners opted in to being found."""

from django.core.paginator import Paginator
from django.db.models import F
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse

from yingcai.core.access import signed_in
from yingcai.core.choices import Degree, ProfessionalTitle
from yingcai.core.rules import can
from yingcai.core.views import render_page_or_fragment
from yingcai.organisations.shortcuts import organisation_or_404
from yingcai.talents.models import TalentProfile
from yingcai.talents.search import search_talents

from .. import search as full_text
from ..forms_search import RELEVANCE, UPDATED, TalentSearchForm, reference_lists

PER_PAGE = 20

ORDERINGS = {
    RELEVANCE: [F("rank").desc(), "-updated_at", "-id"],
    UPDATED: ["-updated_at", "-id"],
}


# Searching on behalf of an organisation (org_pk): a member of it, once it is verified.
SEARCHING = ("jobs.search_talents", "jobs.search_talents_for")


def findable_profiles():
    """Profiles their owners opened to employers' search, of active accounts, with a degree."""
    return TalentProfile.objects.filter(
        visibility=TalentProfile.Visibility.OPEN, user__is_active=True
    ).exclude(degree="")


def filter_profiles(profiles, data: dict):
    """Apply the valid filters of a `TalentSearchForm` (its `valid_data`)."""
    if "field" in data:
        profiles = profiles.filter(fields=data["field"])
    if "district" in data:
        profiles = profiles.filter(desired_districts=data["district"])
    if "degree" in data:
        profiles = profiles.filter(degree__in=Degree.at_least(data["degree"]))
    if "title" in data:
        profiles = profiles.filter(title__in=ProfessionalTitle.at_least(data["title"]))
    if "origin" in data:
        profiles = profiles.filter(origin=data["origin"])
    return search_talents(profiles, data.get("q", ""))


@signed_in("organisations.view_organisation", "jobs.search_talents", "jobs.search_talents_for")
def talent_search(request, org_pk):
    organisation = organisation_or_404(request.user, org_pk, SEARCHING)
    fields, districts = reference_lists()
    form = TalentSearchForm(request.GET, fields=fields.values(), districts=districts.values())
    data = form.valid_data
    q = data.get("q", "").strip()
    has_words = bool(full_text.query_words(q))
    profiles = (
        filter_profiles(findable_profiles(), data)
        .select_related("user")
        .prefetch_related("fields", "desired_districts")
    )
    sort = data.get("sort") or (RELEVANCE if has_words else UPDATED)
    if sort == RELEVANCE and not has_words:
        sort = UPDATED
    page = Paginator(profiles.order_by(*ORDERINGS[sort]), PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        "organisation": organisation,
        "form": form,
        "page": page,
        "q": q,
        "unsearchable": bool(q) and not has_words,
        "ignored": form.ignored,
    }
    return render_page_or_fragment(
        request, "jobs/talent_search/search.html", "jobs/talent_search/_results.html", context
    )


@signed_in(
    "organisations.view_organisation",
    "jobs.search_talents",
    "jobs.search_talents_for",
    "talents.view_cv",
    "talents.view_profile",
)
def profile(request, org_pk, user_id):
    organisation = organisation_or_404(request.user, org_pk, SEARCHING)
    talent_profile = get_object_or_404(
        TalentProfile.objects.select_related("user").prefetch_related(
            "fields", "desired_districts", "work", "education"
        ),
        user_id=user_id,
        user__is_active=True,
    )
    if not can(request.user, "talents.view_profile", talent_profile):
        raise Http404
    cv = talent_profile.cvs.filter(is_current=True).first()
    cv_url = None
    if cv is not None and can(request.user, "talents.view_cv", cv):
        try:
            cv_url = reverse("talent:cv", args=[cv.pk])
        except NoReverseMatch:  # the CV pages are another part of the job fair
            cv_url = None
    return render(
        request,
        "jobs/talent_search/profile.html",
        {
            "organisation": organisation,
            "profile": talent_profile,
            "cv": cv if cv_url else None,
            "cv_url": cv_url,
        },
    )
