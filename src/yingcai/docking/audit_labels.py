"""What the actions this app records mean, in the reader's words (see core.audit.labels)."""

from django.utils.translation import gettext_lazy as _

LABELS = {
    # Docking sessions (services/sessions.py, tasks.py).
    "docking_session.created": _("docking session created"),
    "docking_session.changed": _("docking session changed"),
    "docking_session.tables_added": _("tables added"),
    "docking_session.table_removed": _("table removed"),
    "docking_session.opened": _("opened for meeting requests"),
    "docking_session.scheduling_started": _("scheduling started"),
    "docking_session.scheduled": _("meetings scheduled"),
    "docking_session.scheduling_failed": _("scheduling failed"),
    "docking_session.published": _("schedule published"),
    "docking_session.reoptimising_started": _("re-optimising started"),
    "docking_session.reoptimised": _("schedule re-optimised"),
    "docking_participant.joined": _("joined the docking session"),
    "docking_participant.slots_marked": _("slots not available marked"),
    "docking_participant.withdrawn": _("withdrew from the docking session"),
    "docking_participant.feed_reset": _("calendar link reset"),
    "docking_request.sent": _("meeting requested"),
    "docking_request.accepted": _("meeting request accepted"),
    "docking_request.declined": _("meeting request declined"),
    "docking_request.cancelled": _("meeting request cancelled"),
    "docking_meeting.cancelled": _("meeting cancelled"),
    "docking_meeting.moved": _("meeting moved"),
    "docking_meeting.placed": _("meeting placed by hand"),
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
