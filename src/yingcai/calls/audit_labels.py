"""What the actions this app records mean, in the reader's words (see core.audit.labels)."""

from django.utils.translation import gettext_lazy as _

LABELS = {}

# --- Certificates and awards (services/certificates.py) --------------------------------------
LABELS |= {
    "calls.award_category_added": _("award added"),
    "calls.certificate_issued": _("certificate issued"),
    "calls.award_given": _("award given"),
    "calls.certificate_revoked": _("certificate revoked"),
}
