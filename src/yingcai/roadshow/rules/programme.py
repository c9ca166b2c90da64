"""Who arranges the roadshow programme and who marks interest in a pitch.

The call managers (the editor staff role, `calls.rules.roles.is_call_manager`) create the
sessions of a roadshow call and place its selected entries in them. During a session, the
members who speak for a verified organisation in the audience — investors, district
governments, parks — mark interest in a pitch with one tap (`docking.speak_for_organisation`
for the organisation they mark it for, asked again by the service); never in their own
team's project. Interest is marked during the session: from half an hour before it starts
until twelve hours after; the tap is made in the hall, or in front of the online room.
"""

from datetime import timedelta

import rules
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yingcai.calls.rules.roles import is_call_manager
from yingcai.core.rules import add_state_perm, model_perms
from yingcai.docking.rules.interests import in_team, speaks_for_a_verified_organisation

from ..models import Pitch, RoadshowSession

# Interest can be marked from this long before a session starts until this long after: a
# session of 24 pitches of 12 minutes lasts under five hours; the rest is the breaks, a late
# start, and the evening's second thoughts. No query: the rule is asked of every pitch listed.
EARLY = timedelta(minutes=30)
LATE = timedelta(hours=12)


def interest_window(session: RoadshowSession):
    """(from, until) of the taps on a session's pitches."""
    return session.starts_at - EARLY, session.starts_at + LATE


@rules.predicate
def is_not_in_the_team(user, obj):
    """The pitch is not the user's own project."""
    return isinstance(obj, Pitch) and not in_team(user, obj.entry.project_id)


@rules.predicate
def session_is_under_way(user, obj):
    if not isinstance(obj, Pitch):
        return False
    opens, closes = interest_window(obj.session)
    return opens <= timezone.now() < closes


@rules.predicate
def project_is_listed(user, obj):
    return isinstance(obj, Pitch) and obj.entry.project.is_listed


# The organisers: sessions, placing the selected entries, order and times.
rules.add_perm("roadshow.manage_programme", is_call_manager)
# The audience: one tap on a pitch, during its session.
add_state_perm(
    "roadshow.mark_interest",
    speaks_for_a_verified_organisation & is_not_in_the_team,
    (
        session_is_under_way,
        _(
            "Interest is marked during the session: from half an hour before it starts until "
            "twelve hours after."
        ),
    ),
    (project_is_listed, _("This project is not listed.")),
)

# The back office: the roadshow's lists, read-only (admin.py), for the call managers.
rules.add_perm("roadshow", is_call_manager)
model_perms("roadshow.roadshowsession", view=is_call_manager)
model_perms("roadshow.pitch", view=is_call_manager)
model_perms("roadshow.spotinterest", view=is_call_manager)
