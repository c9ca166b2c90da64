"""What the actions this app records mean, in the reader's words (see core.audit.labels)."""

from django.utils.translation import gettext_lazy as _

LABELS = {
    "job.created": _("created as a draft"),
    "job.changed": _("edited"),
    "job.submitted": _("submitted for approval"),
    "job.approved": _("approved and published"),
    "job.rejected": _("not approved"),
    "job.closed": _("closed"),
    "job.closed_at_deadline": _("closed at the deadline"),
    "job.deleted": _("job requirement deleted"),
    "job.taken_down": _("taken down after a report"),
    "application.created": _("application received"),
    "application.message": _("message sent"),
    "application.moved": _("moved to another step"),
    "application.noted": _("note added"),
    "application.rated": _("rating given"),
    "applicants.exported": _("applicants exported"),
    "interview.proposed": _("interview times proposed"),
    "interview.booked": _("interview booked"),
    "interview.cancelled": _("interview cancelled by the talent"),
    "interview.rescheduled": _("interview moved to another time by the talent"),
    "pipeline.stage_added": _("step added"),
    "pipeline.stage_renamed": _("step renamed"),
    "pipeline.stage_deleted": _("step deleted"),
}
