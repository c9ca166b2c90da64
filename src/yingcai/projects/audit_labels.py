"""What the actions this app records mean, in the reader's words (see core.audit.labels)."""

from django.utils.translation import pgettext_lazy

LABELS = {
    # Project demands (services/demands.py).
    "demand.created": pgettext_lazy("a project demand", "created as a draft"),
    "demand.changed": pgettext_lazy("a project demand", "edited"),
    "demand.submitted": pgettext_lazy("a project demand", "submitted for approval"),
    "demand.approved": pgettext_lazy("a project demand", "approved and published"),
    "demand.rejected": pgettext_lazy("a project demand", "not approved"),
    "demand.closed": pgettext_lazy("a project demand", "closed"),
}
