"""Legal texts, their versions and people's consent to them (PIPL)."""

import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from yingcai.core import audit
from yingcai.core.http import client_ip
from yingcai.core.services import require

from .models import Acceptance, CookieConsent, LegalDocument, SharingConsent

_CACHE_KEY = "privacy:current-documents"
SIGNUP_KINDS = (LegalDocument.Kind.PRIVACY, LegalDocument.Kind.TERMS)
COOKIE_NAME = "yingcai_cookies"
COOKIE_AGE = 365 * 24 * 3600


# This process's copy, kept `LEGAL_DOCUMENTS_LOCAL_SECONDS`: every form that records a consent
# asks for the current version, and the shared cache is a database query on the embedded
# default. A version published meanwhile reaches the other processes within those seconds; the
# person had seen the page of the version before.
_local: dict = {"docs": None, "until": 0.0}


def forget_current_documents() -> None:
    _local["docs"] = None
    cache.delete(_CACHE_KEY)


def current_documents() -> dict[str, LegalDocument]:
    """The newest published version of each kind."""
    now = time.monotonic()
    if _local["docs"] is not None and now < _local["until"]:
        return _local["docs"]
    docs = cache.get(_CACHE_KEY)
    if docs is None:
        docs = {}
        for doc in LegalDocument.objects.filter(published_at__isnull=False).order_by(
            "kind", "-version"
        ):
            docs.setdefault(doc.kind, doc)
        cache.set(_CACHE_KEY, docs, 300)
    _local["docs"] = docs
    _local["until"] = now + settings.LEGAL_DOCUMENTS_LOCAL_SECONDS
    return docs


def current(kind: str) -> LegalDocument | None:
    return current_documents().get(kind)


def documents_to_accept_at_signup() -> list[LegalDocument]:
    docs = current_documents()
    return [docs[kind] for kind in SIGNUP_KINDS if kind in docs]


def pending_for(user) -> list[LegalDocument]:
    """Current versions the user has not accepted yet (after organisers publish a new one)."""
    if not user.is_authenticated:
        return []
    docs = documents_to_accept_at_signup()
    accepted = set(
        Acceptance.objects.filter(user=user, document__in=docs).values_list(
            "document_id", flat=True
        )
    )
    return [doc for doc in docs if doc.pk not in accepted]


@transaction.atomic
def record_acceptances(user, documents, request=None) -> list[Acceptance]:
    made = []
    for doc in documents:
        if not doc.is_published:
            continue
        acceptance, created = Acceptance.objects.get_or_create(
            user=user, document=doc, defaults={"ip_address": client_ip(request)}
        )
        if created:
            audit.record(user, "privacy.accepted", doc, version=doc.version)
            made.append(acceptance)
    return made


def accept_pending(user, request=None) -> list[Acceptance]:
    return record_acceptances(user, pending_for(user), request)


@transaction.atomic
def add_version(actor, doc: LegalDocument) -> LegalDocument:
    """Save an unsaved legal text as the next draft version of its kind."""
    require(actor, "privacy.add_legaldocument")
    last = LegalDocument.objects.filter(kind=doc.kind).aggregate(m=Max("version"))["m"] or 0
    doc.version = last + 1
    doc.published_at = None
    doc.save()
    audit.record(actor, "privacy.version_added", doc, version=doc.version)
    return doc


@transaction.atomic
def update_draft(actor, doc: LegalDocument) -> LegalDocument:
    require(actor, "privacy.change_legaldocument", doc)
    doc.save()
    audit.record(actor, "privacy.draft_changed", doc, version=doc.version)
    return doc


@transaction.atomic
def publish(actor, document: LegalDocument) -> LegalDocument:
    require(actor, "privacy.publish_legaldocument", document)
    if document.is_published:
        return document
    document.published_at = timezone.now()
    document.save(update_fields=["published_at"])
    audit.record(actor, "privacy.published", document, version=document.version)
    transaction.on_commit(forget_current_documents)
    return document


# What the notice offers. The site sets no statistics or advertising cookies (the cookie
# policy lists them all), so there is nothing to agree to beyond the necessary ones; "all"
# stays a stored value of earlier answers, but no new one is recorded while it means nothing.
OFFERED_COOKIE_CHOICES = (CookieConsent.Choice.NECESSARY,)


def record_cookie_choice(request, choice: str) -> CookieConsent:
    if choice not in OFFERED_COOKIE_CHOICES:
        raise ValueError(choice)
    user = request.user if request.user.is_authenticated else None
    return CookieConsent.objects.create(
        choice=choice, policy=current(LegalDocument.Kind.COOKIES), user=user
    )


def cookie_choice(request) -> str | None:
    """The visitor's recorded choice, read from their cookie ("<choice>:<consent id>")."""
    value = request.COOKIES.get(COOKIE_NAME, "")
    choice = value.split(":", 1)[0]
    return choice if choice in CookieConsent.Choice.values else None


# --- Consent to pass personal information to another handler (PIPL Art. 23) ----------------
def has_sharing_consent(user, organisation, purpose: str) -> bool:
    return SharingConsent.objects.filter(
        user=user, organisation=organisation, purpose=purpose, withdrawn_at__isnull=True
    ).exists()


@transaction.atomic
def give_sharing_consent(
    user, organisation, purpose: str, *, recipient_contact: str, data_shown: str
) -> SharingConsent:
    """Record the separate consent with what the person was shown; giving it twice is one."""
    consent, created = SharingConsent.objects.get_or_create(
        user=user,
        organisation=organisation,
        purpose=purpose,
        withdrawn_at=None,
        defaults={"recipient_contact": recipient_contact[:300], "data_shown": data_shown},
    )
    if created:
        audit.record(user, "privacy.sharing_consent_given", organisation, purpose=purpose)
    return consent


@transaction.atomic
def withdraw_sharing_consent(user, consent: SharingConsent) -> SharingConsent:
    """Withdraw a consent to share (PIPL Art. 15): from now on the rules refuse the
    organisation the profile and CV it covered (the channels' rules.py ask the consent at every
    access). Withdrawing twice is once."""
    require(user, "privacy.withdraw_sharingconsent", consent)
    consent = (
        SharingConsent.objects.select_for_update().select_related("organisation").get(pk=consent.pk)
    )
    if consent.withdrawn_at is None:
        consent.withdrawn_at = timezone.now()
        consent.save(update_fields=["withdrawn_at"])
        audit.record(
            user,
            "privacy.sharing_consent_withdrawn",
            consent.organisation,
            consent=consent.pk,
            purpose=consent.purpose,
        )
    return consent
