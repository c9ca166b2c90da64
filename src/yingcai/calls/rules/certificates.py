"""Who issues certificates and awards, and who downloads them.

The call managers keep a call's award categories, issue the finalists' certificates, award
winners and revoke a certificate. The team of an entry downloads its certificates (the PDF),
as long as they are not revoked; anybody verifies one by its code on the public page.
"""

import rules
from django.utils.translation import gettext_lazy as _

from yingcai.core.rules import add_state_perm

from ..models import Certificate
from .roles import is_call_manager, is_entry_team


@rules.predicate
def certificate_is_valid(user, obj):
    return isinstance(obj, Certificate) and obj.revoked_at is None


rules.add_perm("calls.manage_certificates", is_call_manager)
add_state_perm(
    "calls.download_certificate",
    is_entry_team | is_call_manager,
    (certificate_is_valid, _("This certificate was revoked.")),
)
add_state_perm(
    "calls.revoke_certificate",
    is_call_manager,
    (certificate_is_valid, _("This certificate is already revoked.")),
)
