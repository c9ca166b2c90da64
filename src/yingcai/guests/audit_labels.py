"""What the actions this app records mean, in the reader's words (see core.audit.labels)."""

from django.utils.translation import gettext_lazy as _

LABELS = {
    "guests.guest_added": _("guest added"),
    "guests.guest_changed": _("guest changed"),
    "guests.guest_invited": _("guest invited"),
    "guests.guest_reinvited": _("guest invited again (new link)"),
    "guests.rsvp_answered": _("guest answered the invitation"),
    "guests.rsvp_changed": _("guest changed the answer"),
    "guests.itinerary_saved": _("guest's itinerary saved"),
    "guests.reminder_sent": _("guest reminded before arrival"),
    "guests.honour_added": _("honour added"),
    "guests.honour_imported": _("honour imported"),
    "guests.honour_linked": _("honour linked to a talent profile"),
    "guests.honours_invited": _("honours invited as a group"),
}
