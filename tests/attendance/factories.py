"""The agenda, registrations and attendances for the tests.

`ConferenceFactory` makes the current edition (one only: a second current one would break
`conference_one_current`, so it is got, not created, when one exists). Rows made here are
what the services would leave: a confirmed on-site attendance counts in `Session.taken` and
carries a ticket secret.
"""

from datetime import timedelta

import factory
from django.db.models import F
from django.utils import timezone

from yingcai.attendance import tickets
from yingcai.attendance.models import Attendance, Gate, Registration, Session
from yingcai.conference.models import Conference, Venue
from yingcai.core.models import District

from ..factories import InChineseFactory


class ConferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Conference
        django_get_or_create = ("is_current",)

    name = "2020重庆英才大会"
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=10))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(days=1, hours=8))
    is_current = True


class VenueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Venue

    conference = factory.SubFactory(ConferenceFactory)
    name = factory.Sequence(lambda n: f"悦来国际会议中心 {n}号厅")
    kind = Venue.Kind.MAIN
    district = factory.LazyFunction(lambda: District.objects.get(slug="yubei"))


class SessionFactory(InChineseFactory):
    """A published session on site with 100 seats that can also be followed online."""

    class Meta:
        model = Session

    conference = factory.SelfAttribute("venue.conference")
    venue = factory.SubFactory(VenueFactory)
    kind = Session.Kind.FORUM
    title = factory.Sequence(lambda n: f"英才论坛 {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=10))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=2))
    capacity = 100
    onsite = True
    online = True


class GateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Gate

    venue = factory.SubFactory(VenueFactory)
    name = factory.Sequence(lambda n: f"{n}号门")


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    conference = factory.SubFactory(ConferenceFactory)
    name = factory.Sequence(lambda n: f"参会者{n}")
    mobile = factory.Sequence(lambda n: f"+86138{n:08d}")
    kind = Registration.Kind.TALENT


def attend(registration, session, mode="onsite", status=None) -> Attendance:
    """The registration in the session; on site it takes a seat (when one is left) or waits,
    as the services would."""
    if mode == Attendance.Mode.ONLINE:
        status = status or Attendance.Status.CONFIRMED
    elif status is None:
        free = session.capacity is None or session.taken < session.capacity
        status = Attendance.Status.CONFIRMED if free else Attendance.Status.WAITING
    confirmed = status == Attendance.Status.CONFIRMED
    onsite_seat = confirmed and mode == Attendance.Mode.ONSITE
    attendance = Attendance.objects.create(
        registration=registration,
        session=session,
        mode=mode,
        status=status,
        confirmed_at=timezone.now() if confirmed else None,
        ticket=tickets.new_secret() if onsite_seat else None,
    )
    if onsite_seat:
        Session.objects.filter(pk=session.pk).update(taken=F("taken") + 1)
        session.refresh_from_db(fields=["taken"])
    return attendance


def ticket_code(attendance) -> str:
    """The QR code's text of a confirmed on-site attendance."""
    session = attendance.session
    return tickets.sign(attendance.ticket, session.pk, timezone.localdate(session.starts_at))
