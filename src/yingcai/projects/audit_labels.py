"""What the actions this app records mean, in the reader's words (see core.audit.labels)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

LABELS = {}

# --- Projects, their teams and business plans ----------------------------------------------
LABELS.update(
    {
        "project.registered": _("project registered as a draft"),
        "project.changed": _("project edited"),
        "project.submitted": _("project submitted for verification"),
        "project.withdrawn": pgettext_lazy("audit: a project", "withdrawn by the team"),
        "project.verified": _("project verified and listed"),
        "project.rejected": _("project sent back to the team"),
        "project.member_invited": _("team member invited"),
        "project.invitation_revoked": _("team invitation withdrawn"),
        "project.member_joined": _("joined the team"),
        "project.member_left": _("left the team"),
        "project.member_removed": _("removed from the team"),
        "project.lead_handed_over": _("lead of the project handed over"),
        "project.lead_handed_over_on_erasure": _("lead handed over when an account was deleted"),
        "project.plan_uploaded": _("business plan uploaded"),
        "project.plan_deleted": _("business plan deleted"),
        "project.plan_shared": _("business plan shared with an organisation"),
        "project.plan_sharing_withdrawn": _("sharing of the business plan withdrawn"),
        "project.deleted_on_erasure": _("project deleted with its only member's account"),
    }
)

# --- Project demands (services/demands.py) -------------------------------------------------
LABELS.update(
    {
        "demand.created": pgettext_lazy("a project demand", "created as a draft"),
        "demand.changed": pgettext_lazy("a project demand", "edited"),
        "demand.submitted": pgettext_lazy("a project demand", "submitted for approval"),
        "demand.approved": pgettext_lazy("a project demand", "approved and published"),
        "demand.rejected": pgettext_lazy("a project demand", "not approved"),
        "demand.closed": pgettext_lazy("a project demand", "closed"),
    }
)
