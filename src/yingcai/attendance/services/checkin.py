"""Checking tickets in at the gates.

A staff phone scans a ticket's QR code (`attendance.tickets`) and verifies its signature
itself, so that it answers at once, with or without the network; the scans reach the server
here, one by one (`check_in`) or as the phone's queue (`sync`). The server's answer is the
one that counts: the first scan of a ticket to reach it wins — the check-in is one-to-one on
the attendance, and the attendance's row is locked while it is decided — and every later scan
is answered "already checked in at HH:MM, gate X" with the winner's time and gate. A scan
sent twice with the same id (a retry after a lost answer) is answered as the first time and
writes nothing more. What a signature cannot tell, that a ticket was cancelled, the phone
learns from `revocations`.
"""

from dataclasses import asdict, dataclass
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from yingcai.core import audit
from yingcai.core.services import require

from .. import tickets
from ..models import Attendance, CheckIn, Gate, Session

RULE = "attendance.check_in"
# The most scans a phone sends at once (its queue is sent in batches of this size).
MAX_BATCH = 100
# A phone's clock may run ahead; a scan "from the future" beyond this is taken as received.
CLOCK_SLACK = timedelta(minutes=5)
MAX_SCAN_ID = 40

ADMITTED = "admitted"
ALREADY = "already"
FORGED = "forged"
OTHER_SESSION = "other_session"
OTHER_DAY = "other_day"
CANCELLED = "cancelled"
WAITING = "waiting"
UNKNOWN = "unknown"
# Not a scan at all (an item of a queue that is not one): answered, never written.
INVALID = "invalid"
OUTCOMES = (ADMITTED, ALREADY, FORGED, OTHER_SESSION, OTHER_DAY, CANCELLED, WAITING, UNKNOWN)


@dataclass(frozen=True)
class Result:
    outcome: str
    message: str
    scan_id: str = ""
    name: str = ""
    session: str = ""
    # For "already": when (HH:MM, local time) and where the ticket was admitted.
    at: str = ""
    gate: str = ""

    def as_dict(self) -> dict:
        return asdict(self)


def session_day(session: Session):
    return timezone.localdate(session.starts_at)


def _day_text(day) -> str:
    return formats.date_format(day, "SHORT_DATE_FORMAT")


def _clean_scan_id(scan_id) -> str:
    if not isinstance(scan_id, str) or not 1 <= len(scan_id) <= MAX_SCAN_ID:
        raise ValidationError(_("This scan has no valid id: reload the page."))
    if not scan_id.isprintable() or not scan_id.isascii():
        raise ValidationError(_("This scan has no valid id: reload the page."))
    return scan_id


def _clean_moment(scanned_at) -> datetime:
    now = timezone.now()
    if isinstance(scanned_at, str):
        try:
            scanned_at = parse_datetime(scanned_at)
        except ValueError:
            scanned_at = None
    if not isinstance(scanned_at, datetime):
        return now
    if timezone.is_naive(scanned_at):
        scanned_at = timezone.make_aware(scanned_at)
    # A phone whose clock is wrong, or a scan older than the session's day: the server's time.
    if scanned_at > now + CLOCK_SLACK or scanned_at < now - timedelta(days=2):
        return now
    return scanned_at


def _check_gate(session: Session, gate: Gate) -> None:
    if gate.venue_id != session.venue_id:
        raise ValidationError(_("This gate is not at the venue of this session."))
    if not session.onsite:
        raise ValidationError(_("This session is not attended on site: it has no tickets."))


def _already(found: CheckIn, scan_id: str) -> Result:
    at = formats.time_format(timezone.localtime(found.scanned_at), "H:i")
    return Result(
        ALREADY,
        _("Already checked in at %(time)s, gate %(gate)s.") % {"time": at, "gate": found.gate.name},
        scan_id=scan_id,
        name=found.attendance.registration.name,
        at=at,
        gate=found.gate.name,
    )


def _admitted(attendance: Attendance, session: Session, scan_id: str) -> Result:
    return Result(
        ADMITTED,
        _("Admitted: %(name)s.") % {"name": attendance.registration.name},
        scan_id=scan_id,
        name=attendance.registration.name,
        session=session.title,
    )


def _refused(outcome: str, message: str, scan_id: str) -> Result:
    return Result(outcome, message, scan_id=scan_id)


def check_in(staff, *, session: Session, gate: Gate, code, scan_id, scanned_at=None) -> Result:
    """Admit the ticket of `code` to `session` at `gate`, or say why not."""
    require(staff, RULE)
    _check_gate(session, gate)
    scan_id = _clean_scan_id(scan_id)
    try:
        ticket = tickets.verify(code)
    except tickets.BadTicket:
        return _refused(
            FORGED, _("This code is not a valid ticket: it is forged or altered."), scan_id
        )
    if ticket.session_id != session.pk:
        other = Session.objects.filter(pk=ticket.session_id).first()
        if other is None:
            return _refused(UNKNOWN, _("This ticket is not known."), scan_id)
        return _refused(
            OTHER_SESSION,
            _("This ticket is for %(title)s on %(day)s.")
            % {"title": other.title, "day": _day_text(ticket.day)},
            scan_id,
        )
    if ticket.day != session_day(session):
        return _refused(
            OTHER_DAY,
            _("This ticket is for %(title)s on %(day)s.")
            % {"title": session.title, "day": _day_text(ticket.day)},
            scan_id,
        )
    moment = _clean_moment(scanned_at)
    try:
        return _decide(staff, session, gate, ticket.secret, scan_id, moment)
    except IntegrityError:
        # The one-to-one on the attendance (another writer won) or the scan id (used for
        # another ticket): the transaction is gone, the answer is read afresh.
        found = (
            CheckIn.objects.select_related("gate", "attendance__registration")
            .filter(attendance__ticket=ticket.secret, attendance__session=session)
            .first()
        )
        if found is not None and found.scan_id != scan_id:
            return _already(found, scan_id)
        raise ValidationError(_("This scan id was used for another ticket.")) from None


@transaction.atomic
def _decide(staff, session, gate, secret, scan_id, moment) -> Result:
    # The attendance's row is the lock: two gates scanning the same ticket wait for each
    # other here, and a cancellation (which locks it too) cannot slip in between.
    attendance = (
        Attendance.objects.select_for_update(of=("self",), no_key=True)
        .select_related("registration")
        .filter(ticket=secret, session=session)
        .first()
    )
    if attendance is None:
        return _refused(UNKNOWN, _("This ticket is not known."), scan_id)
    attendance.session = session  # the same row: no second query for the audit's words
    found = CheckIn.objects.select_related("gate", "attendance__registration").filter(
        attendance=attendance
    )
    found = found.first()
    if found is not None:
        if found.scan_id == scan_id:
            # The same scan sent again (its answer was lost): the same answer.
            return _admitted(attendance, session, scan_id)
        return _already(found, scan_id)
    if attendance.status == Attendance.Status.CANCELLED:
        return _refused(CANCELLED, _("This ticket was cancelled."), scan_id)
    if attendance.status != Attendance.Status.CONFIRMED:
        return _refused(WAITING, _("This person is on the waiting list: no seat yet."), scan_id)
    # A writer that did not lock the attendance first may have got there before: the
    # constraint refuses the second row (IntegrityError, answered by `check_in`).
    made = CheckIn.objects.create(
        attendance=attendance,
        gate=gate,
        scanned_at=moment,
        scanned_by=staff,
        scan_id=scan_id,
    )
    audit.record(staff, "attendance.checked_in", attendance, gate=gate.name, check_in=made.pk)
    return _admitted(attendance, session, scan_id)


def sync(staff, session: Session, gate: Gate, scans) -> list[Result]:
    """The scans of a phone's queue, each answered (a bad item too, never the whole batch)."""
    require(staff, RULE)
    _check_gate(session, gate)
    if not isinstance(scans, list):
        raise ValidationError(_("The scans could not be read."))
    if len(scans) > MAX_BATCH:
        raise ValidationError(_("Send at most %(count)d scans at a time.") % {"count": MAX_BATCH})
    results = []
    for item in scans:
        if not isinstance(item, dict):
            results.append(_refused(INVALID, _("This scan could not be read."), ""))
            continue
        scan_id = item.get("scan_id")
        echo = scan_id if isinstance(scan_id, str) and len(scan_id) <= MAX_SCAN_ID else ""
        try:
            results.append(
                check_in(
                    staff,
                    session=session,
                    gate=gate,
                    code=item.get("code"),
                    scan_id=scan_id,
                    scanned_at=item.get("scanned_at"),
                )
            )
        except ValidationError as error:
            results.append(_refused(INVALID, " ".join(error.messages), echo))
    return results


def revocations(session: Session) -> list[str]:
    """The secrets of the session's tickets that do not admit: the phone refuses them
    offline. A ticket's secret never changes once issued, so a cancelled seat — or one taken
    up again and waiting in line, or followed online — keeps a code that verifies; only a
    confirmed seat on site admits (`registration.admits`)."""
    return list(
        Attendance.objects.filter(session=session, ticket__isnull=False)
        .exclude(status=Attendance.Status.CONFIRMED, mode=Attendance.Mode.ONSITE)
        .order_by("pk")
        .values_list("ticket", flat=True)
    )


# --- Gates ------------------------------------------------------------------------------------
def _clean_gate_name(name) -> str:
    name = (name or "").strip() if isinstance(name, str) else ""
    if not name or len(name) > 60 or not name.isprintable():
        raise ValidationError({"name": _("Give the gate a name of up to 60 characters.")})
    return name


@transaction.atomic
def add_gate(actor, venue, name) -> Gate:
    require(actor, "attendance.manage_gates")
    name = _clean_gate_name(name)
    # The name is unique per venue (attendance_gate_name_once): two organisers adding the
    # same gate at once make one.
    try:
        with transaction.atomic():
            gate = Gate.objects.create(venue=venue, name=name)
    except IntegrityError:
        raise ValidationError({"name": _("This venue already has a gate of this name.")}) from None
    audit.record(actor, "attendance.gate_added", gate, venue=str(venue))
    return gate


@transaction.atomic
def remove_gate(actor, gate: Gate) -> None:
    require(actor, "attendance.manage_gates")
    locked = Gate.objects.select_for_update().filter(pk=gate.pk).first()
    if locked is None:
        raise ValidationError(_("This gate no longer exists."))
    if locked.check_ins.exists():
        raise ValidationError(_("Tickets were checked in at this gate: it stays."))
    audit.record(actor, "attendance.gate_removed", locked, venue=str(locked.venue))
    locked.delete()
