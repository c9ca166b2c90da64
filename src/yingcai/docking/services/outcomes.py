"""Attendance of meetings and what came of them (落地).

Each side of a published meeting marks its seat held or missed once the slot has started,
and records one outcome (a database constraint per meeting and participant), editable until
the organisers confirm it. Only signed agreements are confirmed; the figures count confirmed
agreements (`docking/figures.py`).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yingcai.core import audit
from yingcai.core.mail import notify_user
from yingcai.core.models import District
from yingcai.core.registry.figures import mark_changed
from yingcai.core.services import require, require_role
from yingcai.projects.models import MAX_AMOUNT, Currency

from ..models import Outcome, Seat
from .interests import clean_text

NOTE_MAX = 2000
AGREEMENT_FIELDS = ("agreement_kind", "amount", "currency", "district", "signed_on")


def _lock_seat(seat: Seat) -> Seat:
    return (
        Seat.objects.select_for_update(of=("self",))
        .select_related(
            "meeting__slot",
            "participant",
            "meeting__request__requester__project",
            "meeting__request__counterpart__project",
        )
        .get(pk=seat.pk)
    )


@transaction.atomic
def mark_attendance(user, seat: Seat, attendance: str) -> Seat:
    """One side says whether the meeting was held: after its slot started, published only."""
    if attendance not in (Seat.Attendance.HELD, Seat.Attendance.MISSED):
        raise ValidationError(_("Choose held or missed."))
    require_role(user, "docking.mark_attendance", seat)
    seat = _lock_seat(seat)
    require(user, "docking.mark_attendance", seat)
    seat.attendance = attendance
    seat.marked_at = timezone.now()
    seat.save(update_fields=["attendance", "marked_at"])
    audit.record(user, "docking.attendance_marked", seat.meeting, attendance=attendance)
    # Meetings held are counted from the seats, which the figures' signals do not watch.
    transaction.on_commit(mark_changed)
    return seat


def project_of(meeting):
    """The project of a meeting: one side is a project team, the other an organisation."""
    request = meeting.request
    return request.requester.project or request.counterpart.project


def _validate(values: dict) -> dict:
    """The outcome's fields, checked and completed; an agreement's details or none."""
    result = values.get("result")
    if result not in Outcome.Result.values:
        raise ValidationError({"result": _("Choose one of the outcomes offered.")})
    cleaned = {"result": result, "note": clean_text(values.get("note", ""), NOTE_MAX)}
    if result != Outcome.Result.AGREEMENT:
        return {
            **cleaned,
            "agreement_kind": "",
            "amount": None,
            "currency": Currency.CNY,
            "district": None,
            "signed_on": None,
        }
    errors = {}
    kind = values.get("agreement_kind") or ""
    if kind not in Outcome.AgreementKind.values:
        errors["agreement_kind"] = _("Choose the kind of agreement.")
    amount = values.get("amount")
    if amount is not None and not (0 <= amount <= MAX_AMOUNT):
        errors["amount"] = _("Enter an amount between 0 and %(max)s.") % {"max": MAX_AMOUNT}
    currency = values.get("currency") or Currency.CNY
    if currency not in Currency.values:
        errors["currency"] = _("Choose a currency.")
    district = values.get("district")
    if district is not None and not isinstance(district, District):
        errors["district"] = _("Choose a district or county.")
    if kind == Outcome.AgreementKind.SETTLEMENT and district is None:
        errors["district"] = _("Say in which district or county the project settles.")
    signed_on = values.get("signed_on")
    if signed_on is None:
        errors["signed_on"] = _("Give the date the agreement was signed.")
    elif signed_on > timezone.localdate():
        errors["signed_on"] = _("The date of signing cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    return {
        **cleaned,
        "agreement_kind": kind,
        "amount": amount,
        "currency": currency,
        "district": district,
        "signed_on": signed_on,
    }


@transaction.atomic
def record_outcome(user, seat: Seat, values: dict) -> Outcome:
    """The side of `seat` records (or changes, until confirmed) what came of the meeting."""
    require_role(user, "docking.record_outcome", seat)
    cleaned = _validate(values)
    seat = _lock_seat(seat)  # one writer per side at a time: the seat is the side's row
    require(user, "docking.record_outcome", seat)
    outcome = Outcome.objects.filter(meeting=seat.meeting, participant=seat.participant).first()
    if outcome is None:
        project = project_of(seat.meeting)
        outcome = Outcome(
            meeting=seat.meeting,
            participant=seat.participant,
            project=project,
            field_id=project.field_id,
        )
        action = "docking.outcome_recorded"
    else:
        require(user, "docking.amend_outcome", outcome)
        action = "docking.outcome_changed"
    for name, value in cleaned.items():
        setattr(outcome, name, value)
    outcome.recorded_by = user
    outcome.recorded_at = timezone.now()
    outcome.save()
    audit.record(user, action, outcome, result=outcome.result)
    return outcome


def awaiting_confirmation():
    """Signed agreements awaiting the organisers' confirmation (the back office's queue)."""
    return Outcome.objects.filter(result=Outcome.Result.AGREEMENT, confirmed_at__isnull=True)


@transaction.atomic
def confirm_outcome(user, outcome: Outcome) -> Outcome:
    """The organisers confirm a signed agreement: from then on it counts, and is frozen."""
    require_role(user, "docking.confirm_outcome", outcome)
    outcome = Outcome.objects.select_for_update(of=("self",)).get(pk=outcome.pk)
    require(user, "docking.confirm_outcome", outcome)  # as stored now: once only
    outcome.confirmed_at = timezone.now()
    outcome.confirmed_by = user
    outcome.save(update_fields=["confirmed_at", "confirmed_by"])
    audit.record(user, "docking.outcome_confirmed", outcome)
    recorder = outcome.recorded_by
    if recorder is not None:
        transaction.on_commit(
            lambda: notify_user(recorder, "docking_outcome_confirmed", {"outcome": outcome})
        )
    return outcome
