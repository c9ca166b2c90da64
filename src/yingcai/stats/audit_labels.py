"""What the actions this app records mean, in the reader's words (see core.audit.labels)."""

from django.utils.translation import gettext_lazy as _

LABELS = {
    "press_report.drafted": _("press report drafted"),
    "press_report.saved": _("press report saved"),
    "press_report.published": _("press report published"),
    "stats.export_requested": _("export requested"),
    "stats.export_ready": _("export ready"),
    "stats.export_failed": _("export failed"),
    "stats.export_downloaded": _("export downloaded"),
    "stats.exports_purged": _("old exports deleted"),
}
