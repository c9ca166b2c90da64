from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yingcai.core.access import public, signed_in

from . import services
from .models import Acceptance, LegalDocument, SharingConsent


@public
def document(request, kind):
    if kind not in LegalDocument.Kind.values:
        raise Http404
    versions = list(
        LegalDocument.objects.filter(kind=kind, published_at__isnull=False).order_by("-version")
    )
    if not versions:
        raise Http404
    shown = versions[0]
    requested = request.GET.get("version")
    if requested:
        shown = next((v for v in versions if str(v.version) == requested), None)
        if shown is None:
            raise Http404
    return render(
        request,
        "privacy/document.html",
        {"document": shown, "versions": versions, "is_current": shown == versions[0]},
    )


@signed_in()
def consents(request):
    if request.method == "POST":
        made = services.accept_pending(request.user, request)
        if made:
            messages.success(request, _("Thank you. Your agreement has been recorded."))
        return redirect("privacy:consents")
    return render(
        request,
        "privacy/consents.html",
        {
            "acceptances": Acceptance.objects.filter(user=request.user).select_related("document"),
            "pending": services.pending_for(request.user),
            "sharing": SharingConsent.objects.filter(user=request.user)
            .select_related("organisation")
            .order_by("withdrawn_at", "-given_at", "-id"),
        },
    )


@signed_in("privacy.withdraw_sharingconsent")
@require_POST
def withdraw_sharing_consent(request, pk):
    # Someone else's consent does not exist, as far as this person can tell.
    consent = get_object_or_404(SharingConsent, pk=pk, user=request.user)
    was_active = consent.withdrawn_at is None
    consent = services.withdraw_sharing_consent(request.user, consent)
    if was_active:
        messages.success(
            request,
            _(
                "Your consent is withdrawn: %(name)s can no longer open your profile, "
                "CV or certificates."
            )
            % {"name": consent.organisation},
        )
    return redirect("privacy:consents")


def _safe_next(request, fallback="/"):
    target = request.POST.get("next") or request.META.get("HTTP_REFERER") or fallback
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


@public
@require_POST
def cookie_choice(request):
    choice = request.POST.get("choice", "")
    if choice not in services.OFFERED_COOKIE_CHOICES:
        messages.error(request, _("Please choose which cookies you accept."))
        return redirect(_safe_next(request))
    consent = services.record_cookie_choice(request, choice)
    response = HttpResponse(status=200) if request.htmx else redirect(_safe_next(request))
    response.set_cookie(
        services.COOKIE_NAME,
        f"{choice}:{consent.pk}",
        max_age=services.COOKIE_AGE,
        samesite="Lax",
        secure=request.is_secure(),
        httponly=True,
    )
    return response
