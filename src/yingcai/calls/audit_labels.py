"""What the actions this app records mean, in the reader's words (see core.audit.labels)."""

from django.utils.translation import gettext_lazy as _

LABELS = {}

# --- Live panels and live scoring (services/panels.py, services/live.py) --------------------
LABELS.update(
    {
        "calls_panel.judge_seated": _("judge seated on a live panel"),
        "calls_panel.judge_unseated": _("judge removed from a live panel"),
        "calls_panel.order_set": _("order of appearance set"),
        "calls_panel.scoring_opened": _("live scoring opened"),
        "calls_panel.scoring_closed": _("live scoring closed"),
        "calls_review.live_scored": _("live score given"),
        "calls_review.live_changed": _("live score changed"),
    }
)
