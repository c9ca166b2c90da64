"""Personal API tokens: anyone signed in makes their own, and only they revoke it."""

import rules

from yingcai.core.rules import is_active_user, is_own

rules.add_perm("api.add_token", is_active_user)
rules.add_perm("api.revoke_token", is_active_user & is_own)
