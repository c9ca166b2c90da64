"""What the actions this app records mean, in the reader's words (see core.audit.labels).

Each part of the calls machinery keeps its labels in its own block below.
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

LABELS = {}

# --- The review: reviewer pool, conflicts, assignment, scoring (services/reviewers.py,
# services/assignment.py, services/reviews.py) ---------------------------------------------
LABELS.update(
    {
        "calls_review.reviewer_added": _("reviewer added to the pool"),
        "calls_review.reviewer_reactivated": _("reviewer back in the pool"),
        "calls_review.reviewer_changed": _("reviewer's details changed"),
        "calls_review.reviewer_deactivated": _("reviewer taken out of the pool"),
        "calls_review.conflicts_found": _("conflicts of interest found"),
        "calls_review.conflict_declared": _("conflict of interest declared"),
        "calls_review.conflict_withdrawn": _("declared conflict of interest withdrawn"),
        "calls_review.stage_opened": _("review stage opened for scoring"),
        "calls_review.assigned": _("entries assigned to reviewers"),
        "calls_review.assignment_added": _("reviewer assigned by hand"),
        "calls_review.assignment_removed": _("assignment removed by hand"),
        "calls_review.submitted": pgettext_lazy("calls review", "review submitted"),
        "calls_review.changed": pgettext_lazy("calls review", "review changed"),
        "calls_review.scoring_closed": pgettext_lazy("calls review", "scoring closed"),
    }
)

# --- Calls and entries (services/calls.py, services/entries.py) ----------------------------
LABELS.update(
    {
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
)


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


# --- Stages, rubrics and advancement rules (services/stages.py) -------------------------------
LABELS.update(
    {
        "calls_stage.created": _("stage added"),
        "calls_stage.changed": _("stage changed"),
        "calls_stage.deleted": _("stage deleted"),
        "calls_stage.rubric_changed": _("rubric changed"),
        "calls_stage.advancement_changed": _("advancement rules changed"),
    }
)


# --- Certificates and awards (services/certificates.py) --------------------------------------
LABELS |= {
    "calls.award_category_added": _("award added"),
    "calls.certificate_issued": _("certificate issued"),
    "calls.award_given": _("award given"),
    "calls.certificate_revoked": _("certificate revoked"),
}
