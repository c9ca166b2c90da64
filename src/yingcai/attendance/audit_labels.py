"""What the actions this app records mean, in the reader's words (see core.audit.labels)."""

from django.utils.translation import gettext_lazy as _

LABELS = {
    # Registration (services/registration.py).
    "attendance.registered": _("registered for the conference"),
    "attendance.session_added": _("session added to a registration"),
    "attendance.cancelled": _("attendance cancelled"),
    "attendance.promoted": _("seat given from the waiting list"),
    "attendance.registration_cancelled": _("registration cancelled"),
    # Check-in (services/checkin.py)
    "attendance.checked_in": _("ticket checked in"),
    "attendance.gate_added": _("gate added"),
    "attendance.gate_removed": _("gate removed"),
}
