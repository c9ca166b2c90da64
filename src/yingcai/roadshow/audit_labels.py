"""What the actions this app records mean, in the reader's words (see core.audit.labels)."""

from django.utils.translation import gettext_lazy as _

LABELS = {
    "roadshow.session_created": _("roadshow session created"),
    "roadshow.session_changed": _("roadshow session changed"),
    "roadshow.pitch_placed": _("project placed in the roadshow"),
    "roadshow.pitch_moved": _("pitch moved in the roadshow"),
    "roadshow.pitch_changed": _("pitch changed"),
    "roadshow.pitch_removed": _("project taken out of the roadshow"),
    "roadshow.interest_marked": _("interest marked at the roadshow"),
}
