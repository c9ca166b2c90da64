"""What the actions this app records mean, in the reader's words (see core.audit.labels)."""

from django.utils.translation import gettext_lazy as _

from .models import Report


def _status_words(data, words):
    status = data.get("status")
    if status in Report.Status.values:
        return f"{words}: {Report.Status(status).label}"
    return words


LABELS = {
    "news.created": _("news item created"),
    "news.changed": _("news item changed"),
    "news.published": _("news item published"),
    "news.unpublished": _("news item withdrawn"),
    "page.saved": _("page saved"),
    "site.settings_changed": _("site settings changed"),
    "message.submitted": _("message received"),
    "message.pending": _("message back to moderation"),
    "message.published": _("message published"),
    "message.private": _("message answered privately"),
    "message.rejected": _("message rejected"),
    "message.replied": _("reply written"),
    "report.submitted": _("report received"),
    "report.taken_down": _("reported item taken down"),
    "report.handled": lambda data: _status_words(data, _("report handled")),
}
