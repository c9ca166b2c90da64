"""What the docking's audit actions mean, in the reader's words (see core.audit.labels)."""

from django.utils.translation import gettext_lazy as _

LABELS = {
    # Interest between a project and an organisation.
    "docking.interest_expressed": _("interest expressed"),
    "docking.interest_accepted": _("interest accepted: mutual"),
    "docking.interest_declined": _("interest declined"),
    "docking.interest_withdrawn": _("interest withdrawn"),
    # Meetings and what came of them.
    "docking.attendance_marked": _("meeting marked held or missed"),
    "docking.outcome_recorded": _("outcome of a meeting recorded"),
    "docking.outcome_changed": _("outcome of a meeting changed"),
    "docking.outcome_confirmed": _("signed agreement confirmed"),
}
