"""What the actions this app records mean, in the reader's words (see core.audit.labels)."""

from django.utils.translation import gettext_lazy as _

LABELS = {
    "organisation.created": _("organisation created"),
    "organisation.registered": _("organisation registered"),
    "organisation.changed": _("organisation changed"),
    "organisation.verified": _("organisation verified"),
    "organisation.rejected": _("verification refused"),
    "organisation.suspended": _("organisation suspended"),
    "organisation.member_invited": _("member invited"),
    "organisation.invitation_revoked": _("invitation revoked"),
    "organisation.member_joined": _("member joined"),
    "organisation.member_left": _("member left"),
    "organisation.member_removed": _("member removed"),
    "organisation.role_changed": _("role changed"),
}
