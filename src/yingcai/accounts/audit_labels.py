"""What the actions this app records mean, in the reader's words (see core.audit.labels)."""

from django.utils.translation import gettext_lazy as _

LABELS = {
    "account.created_by_staff": _("account created by staff"),
    "account.changed_by_staff": _("account changed by staff"),
    "account.password_set_by_staff": _("password set by staff"),
    "account.second_factor_removed": _("second factor removed"),
    "account.settings_changed": _("settings changed"),
}
