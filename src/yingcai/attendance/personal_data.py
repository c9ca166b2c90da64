"""What the attendance holds about a person: their registrations to the conference (made with
their account, or without one from the mobile number or e-mail address their account has
verified), the sessions they attend online or on site, their tickets, the check-ins of their
tickets; and, as check-in staff, the tickets they scanned.

Erasure deletes the registrations with their attendances and check-ins: a registration is
the person's alone. The seats they held on site are given back first, through the
registration service's cancellation, so the next in line gets each of them;
the check-ins they scanned as staff stay, without the account (a check-in is the
participant's admission, not the scanner's).
"""

from allauth.account.models import EmailAddress
from django.db.models import Q

from yingcai.core.registry.personal_data import ORDER_RECRUITMENT, Provider, register

from .models import Attendance, CheckIn, Registration
from .services.registration import cancel_registration


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
    """The seats of the person's confirmed on-site attendances go back through the
    registration service's own cancellation: under the sessions' locks (in the order of
    their ids, as every seat-taking path locks them), each freed seat given at once to the
    first in line, who is told."""
    for registration in (
        registrations(user)
        .filter(attendances__status__in=[Attendance.Status.CONFIRMED, Attendance.Status.WAITING])
        .distinct()
        .order_by("pk")
    ):
        cancel_registration(None, registration, key=registration.key)


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
