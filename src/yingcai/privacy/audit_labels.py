"""What the actions this app records mean, in the reader's words (see core.audit.labels)."""

from django.utils.translation import gettext_lazy as _

LABELS = {
    "account.erased": _("account erased"),
    "privacy.accepted": _("legal text accepted"),
    "privacy.version_added": _("new version drafted"),
    "privacy.draft_changed": _("draft changed"),
    "privacy.published": _("version published"),
    "privacy.sharing_consent_given": _("consent to share given"),
    "privacy.sharing_consent_withdrawn": _("consent to share withdrawn"),
}
