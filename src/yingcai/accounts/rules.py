"""People and their log-in: the organiser administrators alone manage accounts."""

import rules

from yingcai.core.rules import is_organiser_staff, is_staff_admin, model_perms

rules.add_perm("accounts", is_organiser_staff)
rules.add_perm("auth", is_staff_admin)
rules.add_perm("account", is_staff_admin)
rules.add_perm("mfa", is_staff_admin)
model_perms("accounts.user", view=is_staff_admin, add=is_staff_admin, change=is_staff_admin)
model_perms("auth.group", view=is_staff_admin)
model_perms(
    "account.emailaddress", view=is_staff_admin, change=is_staff_admin, delete=is_staff_admin
)
model_perms("mfa.authenticator", view=is_staff_admin, delete=is_staff_admin)
