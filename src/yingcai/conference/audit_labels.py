"""What the actions this app records mean, in the reader's words (see core.audit.labels)."""

from django.utils.translation import gettext_lazy as _

LABELS = {
    "conference.saved": _("conference saved"),
    "conference.venue_saved": _("venue saved"),
    "conference.venue_deleted": _("venue deleted"),
}
