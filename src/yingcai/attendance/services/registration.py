"""Registering for the conference's sessions, seats, the waiting list and cancellations.

Every function here is one state change following the six steps of docs/architecture.md.

Seats. A confirmed on-site attendance of a session with a capacity counts in
`Session.taken`. A seat is taken with one conditional UPDATE (`taken < capacity`), which
PostgreSQL re-evaluates on the row after any writer ahead of it: two registrations for the
last seat make one confirmed and one waiting. The check constraint
`attendance_session_within_capacity` is the database's last guard. When the UPDATE finds the
session full, the session is locked (`FOR UPDATE`) and tried again before the person is put on
the waiting list, so a seat freed meanwhile by a cancellation (which holds that lock while it
promotes) is never missed.

Cancellation. The session is locked first, then the attendance; a confirmed seat is freed and,
in the same transaction, given to the first attendance waiting (by `created_at`, then id),
which gets its ticket. The promoted person is told after the commit.

One registration per mobile number and per e-mail address (database constraints): a second
submission of the same contact — or two at once — answers the registration that exists,
flagged `existing`, and the page leads to it.

The confirmation of a registration is owed in its row and sent by a sweep after the commit
(`confirmations`): the request of a burst writes it and answers. A session added later and a
seat given from the line are told at once.
"""

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _

from yingcai.accounts.sms import send_sms
from yingcai.core import audit
from yingcai.core.mail import send_templated_mail
from yingcai.core.services import require

from .. import tickets
from ..models import Attendance, Registration, Session
from ..ticket_pdf import qr_svg
from . import codes, confirmations

Mode = Attendance.Mode
Status = Attendance.Status


def _actor(user):
    return user if user is not None else AnonymousUser()


def page_path(registration: Registration, language: str | None = None) -> str:
    with translation.override(language or registration.language):
        return reverse("attendance:me", args=[registration.key])


def _check_choice(user, conference, session: Session, mode: str) -> None:
    if session.conference_id != conference.pk:
        raise ValidationError(_("This session is not on this conference's agenda."))
    require(_actor(user), "attendance.register", session)
    if mode == Mode.ONSITE and not session.onsite:
        raise ValidationError(
            _("“%(session)s” is not attended on site.") % {"session": session.title}
        )
    if mode == Mode.ONLINE and not session.online:
        raise ValidationError(
            _("“%(session)s” is not followed online.") % {"session": session.title}
        )
    if mode not in Mode.values:
        raise ValidationError(_("Choose online or on site."))


def _take_seat(session_id: int) -> bool:
    """One seat of a session with a capacity, or False when it is full (see the module)."""
    if Session.objects.filter(pk=session_id, taken__lt=F("capacity")).update(taken=F("taken") + 1):
        return True
    Session.objects.select_for_update().filter(pk=session_id).values_list("pk", flat=True).first()
    return bool(
        Session.objects.filter(pk=session_id, taken__lt=F("capacity")).update(taken=F("taken") + 1)
    )


def _attendance(registration, session: Session, mode: str, now) -> Attendance:
    """An unsaved attendance, its seat taken (or its place in the line)."""
    confirmed = True
    if mode == Mode.ONSITE and session.capacity is not None:
        confirmed = _take_seat(session.pk)
    seat = confirmed and mode == Mode.ONSITE
    return Attendance(
        registration=registration,
        session=session,
        mode=mode,
        status=Status.CONFIRMED if confirmed else Status.WAITING,
        confirmed_at=now if confirmed else None,
        ticket=tickets.new_secret() if seat else None,
        created_at=now,
    )


def _existing(conference, contact: str) -> Registration | None:
    found = Registration.objects.filter(conference=conference)
    if codes.is_email(contact):
        found = found.filter(email__iexact=contact)
    else:
        found = found.filter(mobile=contact)
    # The unique constraint named it a moment ago: it is committed, so it is there (None: the
    # refusal was another constraint's, which the caller raises again).
    registration = found.first()
    if registration is not None:
        registration.existing = True
    return registration


def register(
    *,
    conference,
    name: str,
    contact: str,
    kind: str,
    language: str,
    choices: list[tuple[Session, str]],
    user=None,
    privacy_statement,
    link_base: str = "",
) -> Registration:
    """Register a person (by a verified contact) for sessions: `choices` of (session, mode).
    Online attendances are confirmed; on site a seat is taken or the person waits for one."""
    if not privacy_statement:
        raise ValidationError(_("Please accept the privacy statement to register."))
    name = (name or "").strip()
    if not name or len(name) > 100 or "\x00" in name:
        raise ValidationError(_("Enter your name (up to 100 characters)."))
    if kind not in Registration.Kind.values:
        raise ValidationError(_("Choose who you are."))
    contact = codes.normalise_contact(contact)
    chosen: dict[int, tuple[Session, str]] = {}
    for session, mode in choices:
        _check_choice(user, conference, session, mode)
        chosen[session.pk] = (session, mode)
    if not chosen:
        raise ValidationError(_("Choose at least one session."))
    now = timezone.now()
    registration = Registration(
        confirmation_due=True,
        conference=conference,
        name=name,
        mobile="" if codes.is_email(contact) else contact,
        email=contact if codes.is_email(contact) else "",
        kind=kind,
        language=language if language in ("zh-hans", "en") else "zh-hans",
        user=user if user is not None and user.is_authenticated else None,
        privacy_statement=(privacy_statement if hasattr(privacy_statement, "pk") else None),
    )
    try:
        with transaction.atomic():
            # The registration is the transaction's first write: a second one of the same
            # contact fails here, before any seat is taken, and rolling back the whole
            # transaction undoes nothing else — no savepoint (two round trips) on the way of
            # every registration of a burst.
            registration.save()
            # Seats in the order of the sessions' ids: two registrations wait for each other.
            attendances = [
                _attendance(registration, session, mode, now)
                for _pk, (session, mode) in sorted(chosen.items())
            ]
            Attendance.objects.bulk_create(attendances)
            audit.record(
                user,
                "attendance.registered",
                registration,
                sessions={str(a.session_id): f"{a.mode}/{a.status}" for a in attendances},
            )
            confirmations.due(link_base)
    except IntegrityError:
        # Registered already (or a moment ago, by a second click): that registration.
        existing = _existing(conference, contact)
        if existing is None:
            raise
        return existing
    registration.existing = False
    return registration


def admits(attendance: Attendance) -> bool:
    """Whether the attendance's ticket admits: a confirmed seat on site."""
    return bool(
        attendance.ticket
        and attendance.status == Status.CONFIRMED
        and attendance.mode == Mode.ONSITE
    )


def _locked_registration(registration: Registration) -> Registration:
    locked = Registration.objects.select_for_update(no_key=True).filter(pk=registration.pk).first()
    if locked is None:
        raise ValidationError(_("This registration no longer exists."))
    return locked


def _allowed(actor, obj, registration: Registration, key: str | None) -> None:
    if key is not None and constant_time_compare(key, registration.key):
        return
    require(_actor(actor), "attendance.cancel_attendance", obj)


def add_attendance(
    registration: Registration,
    session: Session,
    mode: str,
    *,
    actor=None,
    key: str | None = None,
    link_base: str = "",
) -> Attendance:
    """The person adds a session from their page (their key), or signed in. A session they
    cancelled before is taken up again, at the end of the line."""
    _allowed(actor, registration, registration, key)
    _check_choice(actor, registration.conference, session, mode)
    now = timezone.now()
    with transaction.atomic():
        registration = _locked_registration(registration)
        existing = (
            Attendance.objects.filter(registration=registration, session=session)
            .order_by("pk")
            .first()
        )
        if existing is not None and existing.status != Status.CANCELLED:
            raise ValidationError(_("You are already registered for this session."))
        attendance = _attendance(registration, session, mode, now)
        if existing is not None:
            # A ticket once issued keeps its secret: the row's status says whether it admits,
            # and the check-in's revocation list keeps knowing it while it does not.
            if existing.ticket:
                attendance.ticket = existing.ticket
            attendance.pk = existing.pk
            attendance.cancelled_at = None
            attendance.save(force_update=True)
            # auto_now_add does not move on an update: the line is counted from now.
            Attendance.objects.filter(pk=existing.pk).update(created_at=now)
        else:
            attendance.save()
        if registration.cancelled_at is not None:
            Registration.objects.filter(pk=registration.pk).update(cancelled_at=None)
            registration.cancelled_at = None
        audit.record(
            actor,
            "attendance.session_added",
            attendance,
            mode=attendance.mode,
            status=attendance.status,
        )
        _tell(registration, "attendance_registered", [attendance], link_base)
    return attendance


def _cancel_locked(attendance: Attendance, now) -> Attendance | None:
    """Cancel an attendance whose session is locked; the attendance promoted, if any."""
    was_seat = (
        attendance.status == Status.CONFIRMED
        and attendance.mode == Mode.ONSITE
        and attendance.session.capacity is not None
    )
    attendance.status = Status.CANCELLED
    attendance.cancelled_at = now
    attendance.save(update_fields=["status", "cancelled_at"])
    if not was_seat:
        return None
    promoted = (
        Attendance.objects.select_for_update()
        .filter(session_id=attendance.session_id, status=Status.WAITING)
        .order_by("created_at", "pk")
        .first()
    )
    if promoted is None:
        Session.objects.filter(pk=attendance.session_id).update(taken=F("taken") - 1)
        return None
    # The freed seat goes to the first in line: `taken` stays as it is.
    promoted.status = Status.CONFIRMED
    promoted.confirmed_at = now
    promoted.ticket = promoted.ticket or tickets.new_secret()
    promoted.save(update_fields=["status", "confirmed_at", "ticket"])
    return promoted


def _lock_session(session_id: int) -> Session:
    # A session with attendances cannot be deleted (PROTECT): it is there.
    return Session.objects.select_for_update().get(pk=session_id)


def _lock_attendance(pk: int) -> Attendance:
    # By its id alone: the default ordering (by the session's start) would join, and lock,
    # the session's row again.
    attendance = Attendance.objects.select_for_update().filter(pk=pk).order_by("pk").first()
    if attendance is None:
        raise ValidationError(_("This registration no longer exists."))
    if attendance.status == Status.CANCELLED:
        raise ValidationError(_("This attendance is already cancelled."))
    return attendance


def cancel_attendance(
    actor, attendance: Attendance, *, key: str | None = None, link_base: str = ""
) -> Attendance:
    """Cancel one attendance; its seat goes to the first in line (told after the commit)."""
    _allowed(actor, attendance, attendance.registration, key)
    now = timezone.now()
    with transaction.atomic():
        session = _lock_session(attendance.session_id)
        locked = _lock_attendance(attendance.pk)
        locked.session = session
        promoted = _cancel_locked(locked, now)
        audit.record(
            actor,
            "attendance.cancelled",
            locked,
            by_person=key is not None,
            promoted=promoted.pk if promoted else None,
        )
        if promoted is not None:
            _promoted(actor, promoted, link_base)
    return locked


def _promoted(actor, promoted: Attendance, link_base: str) -> None:
    audit.record(actor, "attendance.promoted", promoted)
    registration = Registration.objects.get(pk=promoted.registration_id)
    _tell(registration, "attendance_promoted", [promoted], link_base)


def cancel_registration(
    actor, registration: Registration, *, key: str | None = None, link_base: str = ""
) -> Registration:
    """Cancel all of a person's attendances; the seats go to the next in line."""
    _allowed(actor, registration, registration, key)
    now = timezone.now()
    with transaction.atomic():
        live = list(
            Attendance.objects.filter(registration=registration)
            .exclude(status=Status.CANCELLED)
            .order_by("session_id")
            .values_list("pk", "session_id")
        )
        # Sessions first, in id order (the parents), then each attendance.
        sessions = {
            s.pk: s
            for s in Session.objects.select_for_update()
            .filter(pk__in=[session_id for _pk, session_id in live])
            .order_by("pk")
        }
        registration = _locked_registration(registration)
        if registration.cancelled_at is not None and not live:
            raise ValidationError(_("This registration is already cancelled."))
        for pk, session_id in live:
            attendance = Attendance.objects.select_for_update().filter(pk=pk).order_by("pk").first()
            if attendance is None or attendance.status == Status.CANCELLED:
                continue
            attendance.session = sessions[session_id]
            promoted = _cancel_locked(attendance, now)
            if promoted is not None:
                _promoted(actor, promoted, link_base)
        registration.cancelled_at = now
        registration.save(update_fields=["cancelled_at"])
        audit.record(
            actor, "attendance.registration_cancelled", registration, by_person=key is not None
        )
    return registration


def queue_positions(attendances) -> dict[int, int]:
    """For each waiting attendance among these, its place in its session's line (1: next)."""
    positions = {}
    for attendance in attendances:
        if attendance.status != Status.WAITING:
            continue
        ahead = Attendance.objects.filter(
            Q(created_at__lt=attendance.created_at)
            | Q(created_at=attendance.created_at, pk__lt=attendance.pk),
            session_id=attendance.session_id,
            status=Status.WAITING,
        ).count()
        positions[attendance.pk] = ahead + 1
    return positions


def _tell(registration, template: str, attendances, link_base: str) -> None:
    """The confirmation (or the news of a seat) by mail, or by SMS for a mobile number,
    queued when the transaction commits."""
    language = registration.language
    link = f"{link_base}{page_path(registration, language)}"
    if registration.email:
        codes_ = [
            (a, tickets.sign(a.ticket, a.session.pk, timezone.localdate(a.session.starts_at)))
            for a in attendances
            if admits(a)
        ]
        attachments = [(f"ticket-{a.pk}.svg", qr_svg(code), "image/svg+xml") for a, code in codes_]
        send_templated_mail(
            registration.email,
            template,
            {
                "name": registration.name,
                "url": link,
                "attendances": attendances,
                "tickets": codes_,
            },
            language=language,
            attachments=attachments,
        )
        return
    with translation.override(language):
        if template == "attendance_promoted":
            text = _(
                "A seat has become free for you at “%(session)s”: you are confirmed. "
                "Your ticket: %(link)s"
            ) % {"session": attendances[0].session.title, "link": link}
        else:
            text = _(
                "You are registered for the Talents Conference. Your sessions and tickets: %(link)s"
            ) % {"link": link}
    send_sms(registration.mobile, text)
