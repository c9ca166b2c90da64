"""The participants' figures: registered online, on site, and checked in; and the breakdowns
the attendance owns (kind of participant, mode, session).

What each counts, and from which moment (one that never changes, so `yingcai stats --at` is
history):

- `online_participants`: the seed's "more than 40,000 registered online participants" are the
  registrations, not cancelled, with at least one confirmed online attendance (a person who
  follows five sessions online is one participant), from their registration
  (`Registration.created_at`): an online attendance is confirmed when it is made, almost
  always with the registration. A person who registered for on-site sessions only and adds
  an online one later counts from their registration: the price of not evaluating a
  subquery per registration (seconds across 40,000 of them) on every count.
- `offline_participants`: registrations, not cancelled, with at least one confirmed on-site
  attendance (a seat), from the moment their first seat was given (at once, or later from
  the waiting list: `confirmed_at` again, never changed after).
- `checked_in`: the tickets admitted at a gate (`CheckIn`, one per ticket), from the moment
  the server received the scan (`received_at`; a scan queued offline counts when it
  arrives).

The compromise, as the registry documents: a registration's and an attendance's present
state is read. A registration cancelled later, or an attendance cancelled later, leaves the
figure at every moment, also before its cancellation (cancellations are rare and
`cancelled_at` is kept, but rewriting the past would need one subquery per moment and
status). A person who cancels their only online attendance and takes another one later
counts from the later one.

Breakdowns: the kind of participant (talent, employer …), the mode (`online`, `onsite`, or
`both` for a registration that has confirmed attendances of both kinds), the session and the
district of the session's venue (the sessions of the participant's kind of attendance: a
participant counts once in each of their sessions, so the buckets add up to more than the
figure), and the day.
"""

from django.db.models import (
    Case,
    CharField,
    Exists,
    F,
    FilteredRelation,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from yingcai.core.registry.figures import Dimension, Figure, dimension, register, register_dimension

from .models import Attendance, CheckIn, Registration, Session

BOTH = "both"


def _sessions():
    # The title field is translated (modeltranslation): read in the active language.
    return {str(pk): str(title) for pk, title in Session.objects.values_list("pk", "title")}


def _modes():
    return {
        **{value: str(label) for value, label in Attendance.Mode.choices},
        BOTH: str(_("online and on site")),
    }


register_dimension(
    Dimension(
        "kind",
        pgettext_lazy("breakdown", "kind of participant"),
        lambda: {value: str(label) for value, label in Registration.Kind.choices},
    )
)
try:  # the guests' figures may have declared it first (the same buckets and labels)
    dimension("mode")
except KeyError:
    register_dimension(Dimension("mode", pgettext_lazy("breakdown", "online or on site"), _modes))
register_dimension(Dimension("session", pgettext_lazy("breakdown", "session"), _sessions))


def _confirmed(mode):
    return Attendance.objects.filter(
        registration=OuterRef("pk"), mode=mode, status=Attendance.Status.CONFIRMED
    )


def _participants(mode):
    other = Attendance.Mode.ONSITE if mode == Attendance.Mode.ONLINE else Attendance.Mode.ONLINE
    if mode == Attendance.Mode.ONLINE:
        # Online attendances are confirmed when they are made, mostly with the registration:
        # counted from the registration (a subquery per registration would cost seconds
        # across 40,000 of them, for the rare session added later).
        counted_from = F("created_at")
    else:
        # A seat may come later, from the waiting list: counted from the first seat given.
        # Rows written without `confirmed_at` (a loader) count from their creation.
        first = _confirmed(mode).order_by("confirmed_at", "pk")
        counted_from = Subquery(
            first.annotate(moment=Coalesce("confirmed_at", "created_at")).values("moment")[:1]
        )
    return (
        Registration.objects.filter(cancelled_at__isnull=True)
        .filter(Exists(_confirmed(mode)))
        .annotate(
            counted_from=counted_from,
            # The sessions of this mode, for the session and district breakdowns (joined
            # only when a breakdown reads them).
            counted=FilteredRelation(
                "attendances",
                condition=Q(
                    attendances__mode=mode, attendances__status=Attendance.Status.CONFIRMED
                ),
            ),
            both=Exists(_confirmed(other)),
        )
    )


def _with_mode(mode):
    def rows():
        return _participants(mode).annotate(
            mode_bucket=Case(
                When(both=True, then=Value(BOTH)), default=Value(mode), output_field=CharField()
            )
        )

    return rows


PARTICIPANT_BREAKDOWNS = {
    "day": "counted_from",
    "kind": "kind",
    "mode": "mode_bucket",
    "session": "counted__session_id",
    "district": "counted__session__venue__district__slug",
}

register(
    Figure(
        key="online_participants",
        label=_("participants registered online"),
        unit=pgettext_lazy("unit of a figure", "participants"),
        rows=_with_mode(Attendance.Mode.ONLINE),
        since="counted_from",
        breakdowns=PARTICIPANT_BREAKDOWNS,
        help=_(
            "Registrations, not cancelled, that follow at least one session online; by mode: "
            "how many of them also come on site."
        ),
        order=90,
    )
)
register(
    Figure(
        key="offline_participants",
        label=_("participants registered on site"),
        unit=pgettext_lazy("unit of a figure", "participants"),
        rows=_with_mode(Attendance.Mode.ONSITE),
        since="counted_from",
        breakdowns=PARTICIPANT_BREAKDOWNS,
        help=_(
            "Registrations, not cancelled, with at least one confirmed seat on site (the "
            "waiting lists are not counted)."
        ),
        order=91,
    )
)
register(
    Figure(
        key="checked_in",
        label=_("tickets checked in"),
        unit=_("tickets"),
        rows=CheckIn.objects.all,
        since="received_at",
        breakdowns={
            "day": "received_at",
            "kind": "attendance__registration__kind",
            "session": "attendance__session_id",
            "district": "attendance__session__venue__district__slug",
        },
        help=_("Tickets admitted at a gate, each once."),
        order=93,
    )
)
