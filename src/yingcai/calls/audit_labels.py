"""What the actions this app records mean, in the reader's words (see core.audit.labels)."""

from django.utils.translation import gettext_lazy as _

LABELS = {}

# --- Ranking, decisions, the outbox, results and appeals (services/decisions.py, outbox.py,
# results.py) ---------------------------------------------------------------------------------
LABELS |= {
    "calls_stage.decisions_proposed": _("decisions proposed from the ranking"),
    "calls_decision.changed": _("decision changed by hand"),
    "calls_stage.decisions_confirmed": _("decisions confirmed"),
    "calls_stage.mails_released": _("decision mails released"),
    "calls_stage.mails_discarded": _("decision mails discarded"),
    "calls_stage.results_published": _("results published"),
    "calls_appeal.lodged": _("appeal lodged"),
    "calls_appeal.answered": _("appeal answered"),
}
