"""What the actions this app records mean, in the reader's words (see core.audit.labels)."""

from django.utils.translation import gettext_lazy as _

LABELS = {
    # Calls (services/calls.py).
    "call.created": _("call created"),
    "call.changed": _("call changed"),
    "call.published": _("call published"),
    "call.questions_changed": _("questions of the entry form changed"),
    "call.documents_changed": _("required documents changed"),
    "call.tracks_changed": _("tracks changed"),
    "call.divisions_changed": _("divisions changed"),
    # Entries (services/entries.py).
    "call_entry.started": _("entry started"),
    "call_entry.changed": _("entry changed"),
    "call_entry.document_uploaded": _("document uploaded"),
    "call_entry.document_deleted": _("document deleted"),
    "call_entry.submitted": _("entry submitted"),
    "call_entry.withdrawn": _("entry withdrawn"),
}
