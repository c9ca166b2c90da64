"""Who checks tickets in at the gates, who watches the counters, arranges the gates and prints
the badges.

The volunteers at the gates are staff accounts without a role: any active organiser staff
checks in (`attendance.check_in`) and sees the live counters. The editors arrange the gates of
a venue and print the participants' badges; the guests' badges (their names, titles and seats)
are the protocol staff's, like everything else about the guests (`guests`' rules).
"""

import rules

from yingcai.core.rules import is_editor, is_organiser_staff, is_protocol_staff

rules.add_perm("attendance.check_in", is_organiser_staff)
rules.add_perm("attendance.view_counters", is_organiser_staff)
rules.add_perm("attendance.manage_gates", is_editor)
rules.add_perm("attendance.participant_badges", is_editor)
rules.add_perm("attendance.guest_badges", is_protocol_staff)
