"""Who sees and manages the VIP guests and the honours registry.

The protocol staff (礼宾, `core.rules.is_protocol_staff`: the protocol role or an organiser
administrator) see and manage the guests: their contacts, itinerary, needs and seat are
theirs alone. A guest answers the invitation through a personal RSVP link that needs no
account (the link's secret is the credential: `guests.services.guests.answer`), so no rule
names the guest. The honours registry (award winners, Talents Program selectees) is kept by
the protocol staff too. The public sees only guests who confirmed and consented (name, public
title, category) and honours whose holder consented: those pages ask no rule.
"""

import rules

from yingcai.core.rules import is_protocol_staff, model_perms

# The guests: the list, adding and editing, invitations, itineraries, seats, reminders.
rules.add_perm("guests.manage_guests", is_protocol_staff)
# The honours registry: adding, importing, linking to talent profiles, inviting as a group.
rules.add_perm("guests.manage_honours", is_protocol_staff)

# The back office: read-only lists for the protocol staff (admin.py).
rules.add_perm("guests", is_protocol_staff)
model_perms("guests.guest", view=is_protocol_staff)
model_perms("guests.honour", view=is_protocol_staff)
