"""Who opens and publishes calls, and who sees them; the calls in the back office.

Call managers (the editor staff role, `roles.is_call_manager`) create, change and publish
calls and read their entries; anyone sees a published call; a draft is the call managers'.
"""

import rules
from django.utils.translation import gettext_lazy as _

from yingcai.core.rules import add_state_perm, is_organiser_staff, model_perms

from ..models import Call
from .roles import is_call_manager


@rules.predicate
def call_is_published(user, obj):
    return isinstance(obj, Call) and obj.is_published


@rules.predicate
def call_is_draft(user, obj):
    return isinstance(obj, Call) and not obj.is_published


# Also the back office's "view" permission of calls: without an object, the call managers.
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
# (`calls.view_call` above and `calls.view_entry` in rules/entries.py are the view permissions
# of calls and entries too: without an object, the call managers.)
rules.add_perm("calls", is_organiser_staff)
for _model in (
    "track",
    "division",
    "entrydocument",
    "stage",
    "advancement",
    "criterion",
    "reviewer",
    "conflict",
    "stageentry",
    "panelmember",
    "assignment",
    "review",
    "decision",
    "outboxmessage",
    "appeal",
    "awardcategory",
    "certificate",
):
    model_perms(f"calls.{_model}", view=is_call_manager)
