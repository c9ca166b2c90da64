"""Certificates: the public page that verifies one by its code (where its QR code leads), the
team's certificates and their PDFs, and the call managers' page of awards and certificates.

A code that is not found answers 404 and counts against the address (the public forms'
rate, `PUBLIC_FORM_RATE`): past it every lookup from there answers 429, hits included, so
codes cannot be guessed by trying.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yingcai.core.access import loaded, public, signed_in, staff_view
from yingcai.core.http import limit_reached, over_limit
from yingcai.core.views import error_text, form_error
from yingcai.projects.models import TeamMember

from .. import certificates as documents
from ..forms_certificates import AwardCategoryForm, AwardForm, LookupForm
from ..models import AwardCategory, Call, Certificate, Entry
from ..services import certificates as services

MISSES = "calls.certificate_miss"
RULE = "calls.manage_certificates"


def _too_many(request, retry_after: int):
    response = render(
        request,
        "429.html",
        {
            "message": _("Too many codes were tried from your address. Please try again later."),
            "retry_minutes": max(1, (retry_after + 59) // 60),
        },
        status=429,
    )
    response["Retry-After"] = str(retry_after)
    return response


@public
def lookup(request):
    """Type a code (printed under the QR code) to verify a certificate."""
    form = LookupForm(request.GET if "code" in request.GET else None)
    if form.is_bound and form.is_valid():
        return redirect("certificates:verify", code=form.cleaned_data["code"])
    return render(
        request,
        "calls/certificates/lookup.html",
        {"form": form},
        status=400 if form.is_bound else 200,
    )


@public
def verify(request, code):
    if retry_after := limit_reached(request, MISSES, settings.PUBLIC_FORM_RATE):
        return _too_many(request, retry_after)
    certificate = services.find(code)
    if certificate is None:
        if retry_after := over_limit(request, MISSES, settings.PUBLIC_FORM_RATE):
            return _too_many(request, retry_after)
        return render(
            request, "calls/certificates/not_found.html", {"form": LookupForm()}, status=404
        )
    return render(
        request,
        "calls/certificates/verify.html",
        {"certificate": certificate, "lines": documents.lines(certificate)},
    )


@signed_in()
def mine(request):
    """The certificates of the projects whose team the person is in."""
    projects = TeamMember.objects.filter(user=request.user).values("project_id")
    found = (
        Certificate.objects.filter(entry__project__in=projects)
        .select_related("entry__project", "entry__call", "award")
        .order_by("-issued_at", "pk")[:200]
    )
    return render(request, "calls/certificates/mine.html", {"certificates": found})


@loaded
def own_certificate(request, pk, **_other):
    certificate = get_object_or_404(
        Certificate.objects.select_related("entry__project", "entry__call", "award"), pk=pk
    )
    return certificate


@signed_in("calls.download_certificate", fn=own_certificate)
def download(request, pk):
    certificate = own_certificate(request, pk)
    url = request.build_absolute_uri(reverse("certificates:verify", args=[certificate.code]))
    response = HttpResponse(documents.pdf(certificate, url), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{certificate.code}.pdf"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- The call managers ---------------------------------------------------------------------
@staff_view(RULE)
def calls(request):
    found = Call.objects.exclude(kind=Call.Kind.OTHER).order_by("-opens_at", "pk")[:100]
    return render(request, "calls/certificates/orga_calls.html", {"calls": found})


def _call_page(request, call, *, category_form=None, status=200):
    stage = services.last_stage(call)
    categories = list(call.award_categories.order_by("position", "pk"))
    finalists = list(
        services.finalists(call)
        .select_related("project")
        .prefetch_related(
            Prefetch(
                "certificates",
                queryset=Certificate.objects.select_related("award").order_by("issued_at", "pk"),
            )
        )
        .order_by("pk")
    )
    return render(
        request,
        "calls/certificates/orga_call.html",
        {
            "call": call,
            "stage": stage,
            "categories": categories,
            "finalists": [
                (entry, AwardForm(categories=categories, prefix=f"e{entry.pk}"))
                for entry in finalists
            ],
            "category_form": category_form or AwardCategoryForm(),
        },
        status=status,
    )


@staff_view(RULE)
def call(request, pk):
    return _call_page(request, get_object_or_404(Call, pk=pk))


@staff_view(RULE)
@require_POST
def add_category(request, pk):
    found = get_object_or_404(Call, pk=pk)
    form = AwardCategoryForm(request.POST)
    if form.is_valid():
        try:
            services.add_award_category(
                request.user,
                found,
                form.cleaned_data["name_zh_hans"],
                form.cleaned_data["name_en"],
            )
        except ValidationError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The award is added."))
            return redirect("orga_certificates:call", pk=found.pk)
    return _call_page(request, found, category_form=form, status=400)


@staff_view(RULE)
@require_POST
def issue(request, pk):
    found = get_object_or_404(Call, pk=pk)
    stage = services.last_stage(found)
    if stage is None:
        raise Http404
    try:
        issued = services.issue_certificates(request.user, stage)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("Certificates issued: %(n)s.") % {"n": len(issued)})
    return redirect("orga_certificates:call", pk=found.pk)


@staff_view(RULE)
@require_POST
def give_award(request, pk):
    entry = get_object_or_404(Entry.objects.select_related("call", "project"), pk=pk)
    categories = list(AwardCategory.objects.filter(call=entry.call_id))
    form = AwardForm(request.POST, categories=categories, prefix=f"e{entry.pk}")
    if not form.is_valid():
        messages.error(request, _("Choose one of the call's awards."))
    else:
        category = next(c for c in categories if str(c.pk) == form.cleaned_data["award"])
        try:
            services.award(request.user, entry, category)
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, _("The award is given; its certificate is issued."))
    return redirect("orga_certificates:call", pk=entry.call_id)


@staff_view(RULE)
@require_POST
def revoke(request, pk):
    certificate = get_object_or_404(Certificate.objects.select_related("entry"), pk=pk)
    try:
        services.revoke(request.user, certificate)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("The certificate is revoked."))
    return redirect("orga_certificates:call", pk=certificate.entry.call_id)
