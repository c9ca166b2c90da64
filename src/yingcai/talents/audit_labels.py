"""What the actions this app records mean, in the reader's words (see core.audit.labels)."""

from django.utils.translation import gettext_lazy as _

LABELS = {
    "talent.profile_saved": _("profile saved"),
    "talent.cv_uploaded": _("CV uploaded"),
    "talent.cv_current": _("CV made current"),
    "talent.cv_deleted": _("CV deleted"),
}
