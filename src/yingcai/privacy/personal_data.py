"""Acceptances of legal texts, cookie choices and consents to share (this app's own rows)."""

from django.utils import timezone

from yingcai.core.registry.personal_data import ORDER_CONSENT, Provider, register

from .models import Acceptance, CookieConsent, SharingConsent


def _when(moment):
    return moment.isoformat() if moment else None


def export(user) -> dict:
    return {
        "consents": [
            {"document": str(a.document), "accepted_at": a.accepted_at.isoformat()}
            for a in Acceptance.objects.filter(user=user).select_related("document")
        ],
        "sharing_consents": [
            {
                "recipient": str(c.organisation),
                "recipient_contact": c.recipient_contact,
                "purpose": c.get_purpose_display(),
                "text_shown": c.data_shown,
                "given_at": c.given_at.isoformat(),
                "withdrawn_at": _when(c.withdrawn_at),
            }
            for c in SharingConsent.objects.filter(user=user).select_related("organisation")
        ],
        "cookie_choices": [
            {
                "choice": c.choice,
                "policy": str(c.policy) if c.policy_id else None,
                "at": c.created_at.isoformat(),
            }
            for c in CookieConsent.objects.filter(user=user).select_related("policy")
        ],
    }


def erase(user) -> None:
    # Consents to share are withdrawn, not deleted: they prove what was lawful until now,
    # and name nobody once the account is anonymised.
    SharingConsent.objects.filter(user=user, withdrawn_at__isnull=True).update(
        withdrawn_at=timezone.now()
    )
    Acceptance.objects.filter(user=user).delete()
    # A cookie choice stays as an anonymous visitor's one.
    CookieConsent.objects.filter(user=user).update(user=None)


def records(user):
    return [Acceptance.objects.filter(user=user), SharingConsent.objects.filter(user=user)]


register(
    Provider(
        key="privacy",
        models=("privacy.Acceptance", "privacy.CookieConsent", "privacy.SharingConsent"),
        export=export,
        erase=erase,
        records=records,
        order=ORDER_CONSENT,
    )
)
