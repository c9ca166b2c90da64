"""The roadshow programme: sessions, the selected entries placed in them, order and times.

The projects of a roadshow are the entries of a roadshow call with a confirmed "accept" in
the call's last stage (`selected_entries`). A call manager places them in a session: each
pitch follows the one before it (pitch, then questions: 7 + 5 minutes unless changed), an
overseas team pitches online through the session's room by default. The order within a
session is unique (`roadshow_pitch_order_once`); every change of it locks the session first,
so that two organisers moving pitches at once wait for each other, then renumbers and
re-times every pitch of the session.
"""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils.translation import gettext as _

from yingcai.calls.models import Call, Decision, Entry
from yingcai.core import audit
from yingcai.core.services import require
from yingcai.projects.models import Origin

from ..models import Pitch, RoadshowSession

RULE = "roadshow.manage_programme"
PITCH_MINUTES = 7
QUESTIONS_MINUTES = 5
# While renumbering, the orders move out of the way first (the order is unique per session).
_OUT_OF_THE_WAY = 10_000


def last_stage(call: Call):
    return call.stages.order_by("-position").first()


def selected_entries(call: Call):
    """The entries of a roadshow call accepted, with a confirmed decision, in its last stage."""
    stage = last_stage(call)
    if stage is None:
        return Entry.objects.none()
    return Entry.objects.filter(
        call=call,
        status=Entry.Status.SUBMITTED,
        decisions__stage=stage,
        decisions__outcome=Decision.Outcome.ACCEPT,
        decisions__confirmed_at__isnull=False,
    )


def is_selected(entry: Entry) -> bool:
    return selected_entries(entry.call).filter(pk=entry.pk).exists()


def _clean_session(session: RoadshowSession) -> None:
    if not (session.title_zh_hans or session.title_en):
        raise ValidationError({"title_zh_hans": _("Give the session a title.")})
    if session.starts_at is None:
        raise ValidationError({"starts_at": _("Give the time the session starts.")})
    for name in ("title_zh_hans", "title_en", "venue_zh_hans", "venue_en", "online_url"):
        if "\x00" in (getattr(session, name, "") or ""):
            raise ValidationError(_("The text contains a character that is not allowed."))


@transaction.atomic
def create_session(actor, call: Call, session: RoadshowSession) -> RoadshowSession:
    """A new session of a roadshow call (bilingual title and venue, start, online room)."""
    require(actor, RULE)
    call = Call.objects.select_for_update(no_key=True).filter(pk=call.pk).first()
    if call is None:
        raise ValidationError(_("This call no longer exists."))
    if call.kind != Call.Kind.ROADSHOW:
        raise ValidationError(_("Only a roadshow call has a roadshow programme."))
    _clean_session(session)
    session.call = call
    last = call.roadshow_sessions.aggregate(last=Max("position"))["last"]
    session.position = 0 if last is None else last + 1
    session.save()
    audit.record(actor, "roadshow.session_created", session)
    return session


@transaction.atomic
def change_session(actor, session: RoadshowSession) -> RoadshowSession:
    """Save a session's texts and start; its pitches follow the new start."""
    require(actor, RULE)
    _clean_session(session)
    locked = _lock(session)
    for name in ("title_zh_hans", "title_en", "venue_zh_hans", "venue_en", "starts_at"):
        setattr(locked, name, getattr(session, name))
    if locked.online_url != session.online_url:
        # Online pitches that used the room's link follow it.
        locked.pitches.filter(online=True, online_url=locked.online_url).update(
            online_url=session.online_url
        )
        locked.online_url = session.online_url
    locked.save()
    _retime(locked)
    audit.record(actor, "roadshow.session_changed", locked)
    return locked


def _lock(session: RoadshowSession) -> RoadshowSession:
    locked = RoadshowSession.objects.select_for_update().filter(pk=session.pk).first()
    if locked is None:
        raise ValidationError(_("This session no longer exists."))
    return locked


def _retime(session: RoadshowSession, pitches: list[Pitch] | None = None) -> list[Pitch]:
    """Number the session's pitches 1, 2, … in their order (or in the order of `pitches`, all
    of the session's) and give each its start: the session's start plus the pitches and
    questions of those before it."""
    if pitches is None:
        pitches = list(Pitch.objects.filter(session=session).order_by("order", "pk"))
    Pitch.objects.filter(session=session).update(order=F("order") + _OUT_OF_THE_WAY)
    moment = session.starts_at
    for number, pitch in enumerate(pitches, start=1):
        pitch.order = number
        pitch.starts_at = moment
        moment += timedelta(minutes=pitch.pitch_minutes + pitch.questions_minutes)
    Pitch.objects.bulk_update(pitches, ["order", "starts_at"])
    return pitches


def ends_at(session: RoadshowSession, pitches=None):
    """When the last pitch's questions end (the start, for a session without pitches)."""
    pitches = list(session.pitches.all()) if pitches is None else pitches
    if not pitches:
        return session.starts_at
    last = max(pitches, key=lambda p: p.order)
    return last.starts_at + timedelta(minutes=last.pitch_minutes + last.questions_minutes)


def _check_minutes(pitch_minutes: int, questions_minutes: int) -> None:
    if not 1 <= pitch_minutes <= 60:
        raise ValidationError(
            {"pitch_minutes": _("A pitch lasts from 1 to 60 minutes.")}, code="pitch"
        )
    if not 0 <= questions_minutes <= 60:
        raise ValidationError(
            {"questions_minutes": _("Questions last from 0 to 60 minutes.")}, code="questions"
        )


@transaction.atomic
def place(
    actor,
    session: RoadshowSession,
    entries,
    *,
    pitch_minutes: int = PITCH_MINUTES,
    questions_minutes: int = QUESTIONS_MINUTES,
) -> list[Pitch]:
    """Place selected entries at the end of a session, in the order given."""
    require(actor, RULE)
    _check_minutes(pitch_minutes, questions_minutes)
    session = _lock(session)
    ids = [entry.pk for entry in entries]
    if not ids:
        raise ValidationError(_("Choose at least one selected project."))
    selected = {
        entry.pk: entry
        for entry in selected_entries(session.call)
        .filter(pk__in=ids)
        .select_related("project")
        .distinct()
    }
    refused = [entry for entry in entries if entry.pk not in selected]
    if refused:
        raise ValidationError(
            _("Not selected for the roadshow: %(projects)s.")
            % {"projects": ", ".join(str(entry) for entry in refused)}
        )
    # The programme is public: a project pitches once the organisers have verified (listed)
    # it, like every project a visitor reads; an entry may have come from one not listed yet.
    unlisted = [selected[pk] for pk in ids if not selected[pk].project.is_listed]
    if unlisted:
        raise ValidationError(
            _("Verify these projects before they pitch: %(projects)s.")
            % {"projects": ", ".join(str(entry) for entry in unlisted)}
        )
    placed = set(Pitch.objects.filter(entry_id__in=ids).values_list("entry_id", flat=True))
    if placed:
        raise ValidationError(
            _("Already in the programme: %(projects)s.")
            % {"projects": ", ".join(str(selected[pk]) for pk in ids if pk in placed)}
        )
    last = session.pitches.aggregate(last=Max("order"))["last"] or 0
    pitches = []
    for number, pk in enumerate(dict.fromkeys(ids), start=last + 1):
        entry = selected[pk]
        overseas = entry.project.origin == Origin.OVERSEAS
        pitches.append(
            Pitch(
                session=session,
                entry=entry,
                order=number,
                starts_at=session.starts_at,
                pitch_minutes=pitch_minutes,
                questions_minutes=questions_minutes,
                online=overseas,
                online_url=session.online_url if overseas else "",
            )
        )
    try:
        with transaction.atomic():
            Pitch.objects.bulk_create(pitches)
    except IntegrityError:
        # Placed meanwhile in another session (whose lock this one does not hold).
        raise ValidationError(_("A project was placed meanwhile: reload the page.")) from None
    _retime(session)
    for pitch in pitches:
        audit.record(actor, "roadshow.pitch_placed", pitch, session=session.pk)
    return pitches


def _locked_pitch(pitch: Pitch) -> tuple[RoadshowSession, Pitch]:
    session = _lock(pitch.session)
    found = (
        Pitch.objects.select_for_update()
        .filter(pk=pitch.pk, session=session)
        .order_by("pk")
        .first()
    )
    if found is None:
        raise ValidationError(_("This pitch is no longer in the programme."))
    found.session = session
    return session, found


@transaction.atomic
def move(actor, pitch: Pitch, position: int) -> list[Pitch]:
    """Move a pitch to `position` (1 = first) in its session; the others close up."""
    require(actor, RULE)
    session, pitch = _locked_pitch(pitch)
    pitches = [p for p in session.pitches.order_by("order", "pk") if p.pk != pitch.pk]
    position = max(1, min(int(position), len(pitches) + 1))
    pitches.insert(position - 1, pitch)
    pitches = _retime(session, pitches)
    audit.record(actor, "roadshow.pitch_moved", pitch, position=position)
    return pitches


@transaction.atomic
def change_pitch(
    actor,
    pitch: Pitch,
    *,
    online: bool,
    online_url: str,
    pitch_minutes: int,
    questions_minutes: int,
) -> Pitch:
    """A pitch's length, its questions and whether the team pitches online (with a link)."""
    require(actor, RULE)
    _check_minutes(pitch_minutes, questions_minutes)
    session, locked = _locked_pitch(pitch)
    online_url = (online_url or "").strip()
    if online and not (online_url or session.online_url):
        raise ValidationError({"online_url": _("An online pitch needs a link.")})
    locked.online = online
    locked.online_url = (online_url or session.online_url) if online else ""
    locked.pitch_minutes = pitch_minutes
    locked.questions_minutes = questions_minutes
    locked.save(update_fields=["online", "online_url", "pitch_minutes", "questions_minutes"])
    _retime(session)
    audit.record(actor, "roadshow.pitch_changed", locked)
    locked.refresh_from_db()
    return locked


@transaction.atomic
def remove(actor, pitch: Pitch) -> None:
    """Take a pitch out of the programme (not once interest was marked in it)."""
    require(actor, RULE)
    session, locked = _locked_pitch(pitch)
    if locked.spot_interests.exists():
        raise ValidationError(_("Interest was marked in this pitch: it stays in the programme."))
    audit.record(actor, "roadshow.pitch_removed", locked, entry=locked.entry_id)
    locked.delete()
    _retime(session)
