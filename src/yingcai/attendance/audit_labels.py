"""What the actions this app records mean, in the reader's words (see core.audit.labels)."""

from django.utils.translation import gettext_lazy as _

LABELS = {
    # Check-in (services/checkin.py)
    "attendance.checked_in": _("ticket checked in"),
    "attendance.gate_added": _("gate added"),
    "attendance.gate_removed": _("gate removed"),
}
