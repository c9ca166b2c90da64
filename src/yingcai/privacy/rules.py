"""Legal texts, consents and cookie choices; and the consent condition the channels' rules
read (PIPL Art. 23: data passes to an organisation only under a separate, active consent)."""

import rules
from django.db.models import Exists, OuterRef

from yingcai.core.rules import (
    is_organiser_staff,
    is_own,
    is_published,
    is_staff_admin,
    model_perms,
)

from .models import SharingConsent


def consent_is_active(purpose: str, talent: str, organisation: str):
    """A condition on a queryset of applications: the talent's separate consent to pass their
    data to the application's organisation is active at this moment. Rules ask it at every
    access; lists that show applicants' data (the API, the Excel export) annotate with it."""
    return Exists(
        SharingConsent.objects.filter(
            user_id=OuterRef(talent),
            organisation_id=OuterRef(organisation),
            purpose=purpose,
            withdrawn_at__isnull=True,
        )
    )


rules.add_perm("privacy", is_organiser_staff)
# A published version of a legal text is never edited: a new version is added.
model_perms(
    "privacy.legaldocument",
    view=is_organiser_staff,
    add=is_staff_admin,
    change=is_staff_admin & ~is_published,
    delete=is_staff_admin & ~is_published,
)
rules.add_perm("privacy.publish_legaldocument", is_staff_admin)
model_perms("privacy.acceptance", view=is_staff_admin)
model_perms("privacy.cookieconsent", view=is_staff_admin)
model_perms("privacy.sharingconsent", view=is_staff_admin)
# One's own consent to share: the person withdraws it, nobody else (PIPL Art. 15).
rules.add_perm("privacy.withdraw_sharingconsent", is_own)
