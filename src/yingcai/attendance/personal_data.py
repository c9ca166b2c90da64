"""What the attendance holds about a person: their registrations to the conference (made with
their account, or without one from the mobile number or e-mail address their account has
verified), the sessions they attend online or on site, their tickets, the check-ins of their
tickets; and, as check-in staff, the tickets they scanned.

Erasure deletes the registrations with their attendances and check-ins: a registration is
the person's alone. The seats they held on site are given back (`Session.taken` goes down,
under the sessions' locks, in the order of their ids as every seat-taking path locks them);
the check-ins they scanned as staff stay, without the account (a check-in is the
participant's admission, not the scanner's).
"""

from allauth.account.models import EmailAddress
from django.db.models import Count, F, Q, Value
from django.db.models.functions import Greatest

from yingcai.core.registry.personal_data import ORDER_RECRUITMENT, Provider, register

from .models import Attendance, CheckIn, Registration, Session


def _when(moment):
    return moment.isoformat() if moment else None


def registrations(user):
    """The person's registrations: linked to the account, or made with its verified mobile
    number or one of its verified e-mail addresses."""
    found = Q(user=user)
    if user.mobile and user.mobile_verified:
        found |= Q(mobile=user.mobile)
    addresses = {
        e.lower()
        for e in EmailAddress.objects.filter(user=user, verified=True).values_list(
            "email", flat=True
        )
    }
    for address in addresses:
        found |= Q(email__iexact=address)
    return Registration.objects.filter(found)


def _attendances(user):
    return Attendance.objects.filter(registration__in=registrations(user))


def _scanned(user):
    return CheckIn.objects.filter(scanned_by=user)


def export(user) -> dict:
    mine = list(registrations(user).select_related("conference").order_by("created_at", "pk"))
    attendances = list(
        Attendance.objects.filter(registration__in=[r.pk for r in mine])
        .select_related("session", "registration")
        .order_by("session__starts_at", "pk")
    )
    check_ins = (
        CheckIn.objects.filter(attendance__in=[a.pk for a in attendances])
        .select_related("attendance__session", "gate")
        .order_by("received_at", "pk")
    )
    scanned = (
        _scanned(user).select_related("attendance__session", "gate").order_by("received_at", "pk")
    )
    return {
        "conference_registrations": [
            {
                "conference": str(r.conference),
                "name": r.name,
                "mobile": r.mobile,
                "email": r.email,
                "kind": r.kind,
                "language": r.language,
                "linked_to_account": r.user_id == user.pk,
                "registered_at": _when(r.created_at),
                "cancelled_at": _when(r.cancelled_at),
            }
            for r in mine
        ],
        "conference_attendances": [
            {
                "session": str(a.session),
                "starts_at": _when(a.session.starts_at),
                "mode": a.mode,
                "status": a.status,
                "registered_at": _when(a.created_at),
                "confirmed_at": _when(a.confirmed_at),
                "cancelled_at": _when(a.cancelled_at),
            }
            for a in attendances
        ],
        # The ticket's secret is left out: an export may travel, a secret would admit anyone.
        "conference_tickets": [
            {"session": str(a.session), "status": a.status} for a in attendances if a.ticket
        ],
        "conference_check_ins": [
            {
                "session": str(c.attendance.session),
                "gate": str(c.gate),
                "scanned_at": _when(c.scanned_at),
                "received_at": _when(c.received_at),
            }
            for c in check_ins
        ],
        "conference_check_ins_scanned": [
            {
                "session": str(c.attendance.session),
                "gate": str(c.gate),
                "scanned_at": _when(c.scanned_at),
            }
            for c in scanned
        ],
    }


def _give_back_seats(user) -> None:
    """The seats of the person's confirmed on-site attendances go back to their sessions.

    TODO(lead): once `attendance.services.registration.cancel_attendance` exists, the seats
    should go through it so that the waiting list's next person is promoted; until then a
    seat freed by an erasure stays free until the next cancellation or registration."""
    held = (
        _attendances(user)
        .filter(mode=Attendance.Mode.ONSITE, status=Attendance.Status.CONFIRMED)
        .order_by()
        .values("session_id")
        .annotate(n=Count("pk"))
    )
    freed = {row["session_id"]: row["n"] for row in held}
    if not freed:
        return
    # The sessions' rows locked in the order of their ids, as the registration service
    # locks them: no deadlock with a registration taking seats in the same sessions.
    list(Session.objects.select_for_update().filter(pk__in=freed).order_by("pk").values("pk"))
    for session_id, n in sorted(freed.items()):
        Session.objects.filter(pk=session_id).update(taken=Greatest(F("taken") - n, Value(0)))


def erase(user) -> None:
    _scanned(user).update(scanned_by=None)
    _give_back_seats(user)
    # The attendances and their check-ins go with the registrations (on cascade).
    registrations(user).delete()


def records(user):
    return [registrations(user), _attendances(user), _scanned(user)]


register(
    Provider(
        key="attendance",
        models=("attendance.Registration", "attendance.Attendance", "attendance.CheckIn"),
        export=export,
        erase=erase,
        records=records,
        order=ORDER_RECRUITMENT,
        keeps="A check-in the person scanned as staff stays, without the account: it is the "
        "participant's admission.",
    )
)
