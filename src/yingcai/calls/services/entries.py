"""A project team's entry in a call: started with one of its projects, answered, documents
uploaded, submitted, withdrawn and submitted again until the deadline.

One function per change (docs/architecture.md, "State changes and concurrency"): the rule,
the call held (`no_key`) and the entry locked, the state re-checked on the locked rows, the
write, the audit entry. One entry per project and call is `calls_entry_once_per_call`; the
project row is held while an entry is started, so twenty clicks make one entry and nineteen
translated refusals.
"""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from yingcai.core import audit, files
from yingcai.core.rules import forget
from yingcai.core.services import require, require_role
from yingcai.projects.models import Origin, Project, TeamMember
from yingcai.projects.models import Stage as ProjectStage

from ..models import Call, Division, Entry, EntryDocument, Track
from .calls import label_of

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
MAX_URL = 500
MAX_NUMBER = Decimal(10) ** 12
# What a required document may be: judged by its content (core.files), never by its name.
DOCUMENT_KINDS = ("pdf", "jpg", "png", "docx")


def _already_entered() -> ValidationError:
    return ValidationError(_("This project has already entered this call."), code="twice")


# --- Eligibility ---------------------------------------------------------------------------
def _age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def _deadline_day(call: Call) -> date:
    return timezone.localtime(call.closes_at).date()


def explain_eligibility(call: Call) -> list[str]:
    """The call's eligibility rules in the reader's words (for its public page)."""
    rules = call.eligibility or {}
    lines = []
    if rules.get("max_lead_age"):
        lines.append(
            _("The team lead is at most %(age)d years old on %(day)s, the day entries close.")
            % {
                "age": rules["max_lead_age"],
                "day": formats.date_format(_deadline_day(call), "DATE_FORMAT"),
            }
        )
    stages = dict(ProjectStage.choices)
    if rules.get("stages"):
        lines.append(
            _("The project is at one of these stages: %(stages)s.")
            % {"stages": ", ".join(str(stages[s]) for s in rules["stages"] if s in stages)}
        )
    origins = rules.get("origins") or []
    if origins == [Origin.DOMESTIC]:
        lines.append(_("Only domestic projects may enter."))
    elif origins == [Origin.OVERSEAS]:
        lines.append(_("Only overseas projects may enter."))
    if not lines:
        lines.append(_("Every project registered on Yingcai may enter."))
    return lines


def _lead_birth_date(project: Project) -> tuple[bool, date | None]:
    """(has a lead, the lead's date of birth from their talent profile or None)."""
    lead = (
        TeamMember.objects.filter(project=project, role=TeamMember.Role.LEAD)
        .select_related("user__talent_profile")
        .first()
    )
    if lead is None:
        return False, None
    profile = getattr(lead.user, "talent_profile", None)
    return True, profile.birth_date if profile is not None else None


def eligibility_problems(call: Call, project: Project) -> list[str]:
    """Why the project may not enter the call, in the reader's words ([] when it may)."""
    rules = call.eligibility or {}
    problems = []
    if rules.get("origins") and project.origin not in rules["origins"]:
        if project.origin == Origin.OVERSEAS:
            problems.append(_("This call is for domestic projects only."))
        else:
            problems.append(_("This call is for overseas projects only."))
    if rules.get("stages") and project.stage not in rules["stages"]:
        stages = dict(ProjectStage.choices)
        problems.append(
            _("This call takes projects at these stages only: %(stages)s; yours is “%(stage)s”.")
            % {
                "stages": ", ".join(str(stages[s]) for s in rules["stages"] if s in stages),
                "stage": project.get_stage_display(),
            }
        )
    if rules.get("max_lead_age"):
        has_lead, birth = _lead_birth_date(project)
        if not has_lead or birth is None:
            problems.append(
                _(
                    "This call has an age limit for the team lead: the lead adds their date of "
                    "birth to their talent profile first."
                )
            )
        elif _age_on(birth, _deadline_day(call)) > rules["max_lead_age"]:
            problems.append(
                _("The team lead must be at most %(age)d years old when entries close.")
                % {"age": rules["max_lead_age"]}
            )
    return problems


def check_eligible(call: Call, project: Project) -> None:
    problems = eligibility_problems(call, project)
    if problems:
        raise ValidationError(
            _("This project may not enter this call: %(why)s") % {"why": " ".join(problems)},
            code="ineligible",
        )


# --- Answers -------------------------------------------------------------------------------
def _answer(question: dict, value) -> object:
    """One answer cleaned by its question's kind; "" for none. Raises ValueError with the
    message."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float | Decimal):
        raise ValueError(_("This answer is not valid."))
    text = str(value).strip()
    if "\x00" in text:
        raise ValueError(_("This answer holds a character that is not allowed."))
    if not text:
        return ""
    kind = question["kind"]
    if kind == "text":
        limit = question.get("max_length") or 2000
        if len(text) > limit:
            raise ValueError(
                ngettext("At most %(n)d character.", "At most %(n)d characters.", limit)
                % {"n": limit}
            )
        return text
    if kind == "number":
        try:
            number = Decimal(text.replace(",", ""))
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite() or abs(number) > MAX_NUMBER:
            raise ValueError(_("Give a number."))
        return int(number) if number == number.to_integral_value() else float(number)
    if kind == "url":
        if len(text) > MAX_URL:
            raise ValueError(_("A link is at most %(n)d characters.") % {"n": MAX_URL})
        try:
            URLValidator(schemes=["http", "https"])(text)
        except ValidationError:
            raise ValueError(_("Give a link starting with https:// or http://.")) from None
        return text
    if kind == "choice":
        if text not in question.get("choices", []):
            raise ValueError(_("Choose one of the options offered."))
        return text
    raise ValueError(_("This answer is not valid."))


def clean_answers(call: Call, raw) -> dict:
    """The answers to the call's questions, each cleaned by its kind; unanswered questions are
    left out. Raises ValidationError keyed by the question's key."""
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise ValidationError(_("The answers are not valid."))
    questions = {q["key"]: q for q in call.questions or []}
    if set(raw) - set(questions):
        raise ValidationError(_("An answer was given to a question this call does not ask."))
    cleaned, errors = {}, {}
    for key, question in questions.items():
        try:
            value = _answer(question, raw.get(key))
        except ValueError as error:
            errors[key] = str(error)
            continue
        if value != "":
            cleaned[key] = value
    if errors:
        raise ValidationError(errors)
    return cleaned


def missing_parts(entry: Entry, documents=None) -> list[str]:
    """What a submission still lacks, in the reader's words."""
    call = entry.call
    missing = []
    if call.tracks.exists() and entry.track_id is None:
        missing.append(_("a track"))
    if call.divisions.exists() and entry.division_id is None:
        missing.append(_("a division"))
    answers = entry.answers or {}
    for question in call.questions or []:
        if question.get("required") and answers.get(question["key"]) in (None, ""):
            missing.append(_("an answer to “%(q)s”") % {"q": label_of(question)})
    keys = set(
        documents if documents is not None else entry.documents.values_list("key", flat=True)
    )
    for document in call.documents or []:
        if document.get("required") and document["key"] not in keys:
            missing.append(_("the document “%(d)s”") % {"d": label_of(document)})
    return missing


def _check_complete(entry: Entry) -> None:
    missing = missing_parts(entry)
    if missing:
        raise ValidationError(
            _("The entry is not complete: give %(missing)s.") % {"missing": "; ".join(missing)},
            code="incomplete",
        )


# --- Locks ---------------------------------------------------------------------------------
def _hold_call(call_id: int) -> Call:
    """The call as stored now, kept from changing under the entry (a window moved, the call
    unpublished) until the transaction ends."""
    call = Call.objects.select_for_update(no_key=True).filter(pk=call_id).order_by().first()
    if call is None:
        raise ValidationError(_("This call no longer exists."))
    return call


def _lock_entry(entry: Entry) -> Entry:
    call = _hold_call(entry.call_id)
    locked = Entry.objects.select_for_update().filter(pk=entry.pk).order_by().first()
    if locked is None:
        raise ValidationError(_("This entry no longer exists."))
    # The call as held, for the rules' state (published, deadline) as stored now.
    locked.call = call
    return locked


# --- The entry -----------------------------------------------------------------------------
@transaction.atomic
def start_entry(user, call: Call, project: Project) -> Entry:
    """A team member enters the project in the call: a draft the team completes and submits."""
    require_role(user, "calls.enter_call", call)
    require_role(user, "calls.enter_with_project", project)
    call = _hold_call(call.pk)
    # One project's entries are serialised: twenty clicks at once wait here, and the second
    # finds the first's entry.
    project = Project.objects.select_for_update(no_key=True).filter(pk=project.pk).first()
    if project is None:
        raise ValidationError(_("This project no longer exists."))
    forget(user)
    require(user, "calls.enter_call", call)
    require(user, "calls.enter_with_project", project)
    if Entry.objects.filter(call=call, project=project).exists():
        raise _already_entered()
    check_eligible(call, project)
    try:
        with transaction.atomic():
            entry = Entry.objects.create(call=call, project=project, created_by=user)
    except IntegrityError:  # `calls_entry_once_per_call`, when a path forgot the lock
        raise _already_entered() from None
    audit.record(user, "call_entry.started", entry, call=call.pk)
    return entry


def _part(model, call: Call, value, what: str):
    if value in (None, ""):
        return None
    pk = value.pk if isinstance(value, model) else value
    found = model.objects.filter(call=call, pk=pk).first() if str(pk).isdigit() else None
    if found is None:
        raise ValidationError({what: _("Choose one of this call's options.")})
    return found


@transaction.atomic
def update_entry(user, entry: Entry, *, track=None, division=None, answers=None) -> Entry:
    """The team saves its entry's track, division and answers. A submitted entry stays
    submitted, and so must stay complete."""
    require_role(user, "calls.edit_entry", entry)
    locked = _lock_entry(entry)
    require(user, "calls.edit_entry", locked)
    call = locked.call
    locked.track = _part(Track, call, track, "track")
    locked.division = _part(Division, call, division, "division")
    locked.answers = clean_answers(call, answers or {})
    if locked.status == Entry.Status.SUBMITTED:
        _check_complete(locked)
    locked.save(update_fields=["track", "division", "answers", "updated_at"])
    audit.record(user, "call_entry.changed", locked, submitted=locked.status == "submitted")
    return locked


def _check_file(uploaded) -> str:
    if uploaded is None:
        raise ValidationError(_("Choose a file."), code="missing")
    if uploaded.size > MAX_DOCUMENT_BYTES:
        raise ValidationError(
            _("A document may be at most %(mb)d MB.") % {"mb": MAX_DOCUMENT_BYTES // 2**20},
            code="size",
        )
    if uploaded.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    kind = files.sniff(uploaded)
    if kind not in DOCUMENT_KINDS:
        raise ValidationError(
            _("A document must be a PDF, a JPEG or PNG image, or a Word (DOCX) file."),
            code="type",
        )
    return kind


def _asks_for(call: Call, key: str) -> None:
    if key not in {d["key"] for d in call.documents or []}:
        raise ValidationError(_("This call does not ask for this document."), code="key")


@transaction.atomic
def upload_document(user, entry: Entry, key: str, uploaded) -> EntryDocument:
    """A required document of the call, checked by its content; a new upload replaces the
    document of the same key (its old file removed after the commit)."""
    require_role(user, "calls.edit_entry", entry)
    kind = _check_file(uploaded)
    _asks_for(entry.call, key)
    name = (uploaded.name or "document").replace("\\", "/").rsplit("/", 1)[-1]
    name = name.replace("\x00", "")[:200] or "document"
    document = EntryDocument(
        entry=entry,
        key=key,
        original_name=name,
        content_type=files.content_type(kind),
        size=uploaded.size,
        uploaded_by=user,
    )
    # Written to the private storage before the entry is locked (a 20 MB file takes time),
    # and removed again when the upload is refused after all.
    document.file.save("upload", uploaded, save=False)
    storage, stored = document.file.storage, document.file.name
    try:
        locked = _lock_entry(entry)
        require(user, "calls.edit_entry", locked)
        _asks_for(locked.call, key)
        for old in locked.documents.filter(key=key):
            old_path = old.file.name
            old.delete()
            transaction.on_commit(lambda path=old_path: storage.delete(path))
        document.entry = locked
        document.save()
    except BaseException:
        storage.delete(stored)
        raise
    audit.record(user, "call_entry.document_uploaded", locked, key=key, size=document.size)
    return document


@transaction.atomic
def delete_document(user, document: EntryDocument) -> None:
    require_role(user, "calls.edit_entry", document.entry)
    locked = _lock_entry(document.entry)
    require(user, "calls.edit_entry", locked)
    document = EntryDocument.objects.filter(pk=document.pk, entry=locked).first()
    if document is None:
        raise ValidationError(_("This document no longer exists."))
    required = {d["key"] for d in locked.call.documents or [] if d.get("required")}
    if locked.status == Entry.Status.SUBMITTED and document.key in required:
        raise ValidationError(
            _("A submitted entry keeps its required documents: upload a new version instead.")
        )
    storage, path, key = document.file.storage, document.file.name, document.key
    document.delete()
    transaction.on_commit(lambda: storage.delete(path))
    audit.record(user, "call_entry.document_deleted", locked, key=key)


@transaction.atomic
def submit_entry(user, entry: Entry) -> Entry:
    """Complete and eligible, before the deadline; the first submission's moment is kept."""
    require_role(user, "calls.submit_entry", entry)
    locked = _lock_entry(entry)
    require(user, "calls.submit_entry", locked)
    _check_complete(locked)
    check_eligible(locked.call, locked.project)
    now = timezone.now()
    locked.status = Entry.Status.SUBMITTED
    locked.submitted_at = now
    if locked.first_submitted_at is None:  # a resubmission keeps the first moment
        locked.first_submitted_at = now
    locked.withdrawn_at = None
    locked.save(
        update_fields=["status", "submitted_at", "first_submitted_at", "withdrawn_at", "updated_at"]
    )
    audit.record(user, "call_entry.submitted", locked)
    return locked


@transaction.atomic
def withdraw_entry(user, entry: Entry) -> Entry:
    """The team withdraws its submitted entry; it may submit it again before the deadline."""
    require_role(user, "calls.withdraw_entry", entry)
    locked = _lock_entry(entry)
    require(user, "calls.withdraw_entry", locked)
    locked.status = Entry.Status.WITHDRAWN
    locked.withdrawn_at = timezone.now()
    locked.save(update_fields=["status", "withdrawn_at", "updated_at"])
    audit.record(user, "call_entry.withdrawn", locked)
    return locked
