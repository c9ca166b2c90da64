"""The organisers' pages: organiser staff; each queue asks the rule of its own domain."""

import rules

from yingcai.core.rules import is_organiser_staff

rules.add_perm("orga.access", is_organiser_staff)
