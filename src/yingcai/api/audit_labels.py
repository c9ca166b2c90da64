"""What the actions this app records mean, in the reader's words (see core.audit.labels)."""

from django.utils.translation import gettext_lazy as _

LABELS = {
    "api_token.created": _("API token created"),
    "api_token.revoked": _("API token revoked"),
    "applicants.read_through_api": _("applicants read through the API"),
}
