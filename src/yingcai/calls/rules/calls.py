"""Who opens and publishes calls, and who sees them; the calls in the back office.

Call managers (the editor staff role, `roles.is_call_manager`) create, change and publish
calls and read their entries; anyone sees a published call; a draft is the call managers'.
"""

import rules
from django.utils.translation import gettext_lazy as _

from yingcai.core.rules import add_state_perm, is_organiser_staff

from ..models import Call
from .roles import is_call_manager


@rules.predicate
def call_is_published(user, obj):
    return isinstance(obj, Call) and obj.is_published


@rules.predicate
def call_is_draft(user, obj):
    return isinstance(obj, Call) and not obj.is_published


rules.add_perm("calls.view_call", call_is_published | is_call_manager)
# The organisers' pages without an object: the list of calls, a new call.
rules.add_perm("calls.manage_calls", is_call_manager)
rules.add_perm("calls.add_call", is_call_manager)
rules.add_perm("calls.change_call", is_call_manager)
add_state_perm(
    "calls.publish_call",
    is_call_manager,
    (call_is_draft, _("This call is already published.")),
)
# The entries of one call, their filters and their export.
rules.add_perm("calls.view_entries", is_call_manager)

# --- The back office: looked up there, changed through the services on the site ------------
# One rule for every list of the calls machinery (`calls.admin.CallsAdmin` asks it), rather
# than the four model permissions of each model, whose names ("calls.change_review") the
# services' own rules may want.
rules.add_perm("calls", is_organiser_staff)
rules.add_perm("calls.browse_back_office", is_call_manager)
