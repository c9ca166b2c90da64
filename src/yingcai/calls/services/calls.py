"""Opening a call: its texts, window, eligibility, the entry form's questions, the required
documents, tracks and divisions; publishing it.

The eligibility, questions and documents are data (JSON columns of `Call`), checked here with
translated messages whatever path wrote them (the organisers' formsets, the demo, the admin):
`clean_eligibility`, `clean_questions`, `clean_documents` answer the cleaned data or raise.
"""

import re

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from yingcai.core import audit
from yingcai.core.services import require, require_role
from yingcai.projects.models import Origin
from yingcai.projects.models import Stage as ProjectStage

from ..models import Call, Division, Entry, Track

QUESTION_KINDS = ("text", "number", "choice", "url")
MAX_QUESTIONS = 30
MAX_DOCUMENTS = 10
MAX_CHOICES = 30
MAX_TEXT = 4000
DEFAULT_TEXT = 2000
MAX_LABEL = 200
MIN_AGE, MAX_AGE = 16, 100
KEY = re.compile(r"^[a-z][a-z0-9_-]{0,39}$")
# Changed only by `publish_call`, never by an edit.
STATE_FIELDS = ("is_published", "created_by", "created_at")


def _text(value, limit) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise TypeError
    value = value.strip()
    if "\x00" in value or len(value) > limit:
        raise ValueError
    return value


def _flag(value) -> bool:
    if isinstance(value, bool):
        return value
    if value in (None, "", 0, "0", "false", "False"):
        return False
    if value in (1, "1", "true", "True", "on"):
        return True
    raise ValueError


def clean_eligibility(data) -> dict:
    """{"max_lead_age": int, "stages": [...], "origins": [...]}, each optional (no limit)."""
    if data in (None, ""):
        return {}
    if not isinstance(data, dict):
        raise ValidationError(_("The eligibility rules are not valid."), code="eligibility")
    unknown = set(data) - {"max_lead_age", "stages", "origins"}
    if unknown:
        raise ValidationError(_("The eligibility rules are not valid."), code="eligibility")
    cleaned = {}
    age = data.get("max_lead_age")
    if age not in (None, ""):
        try:
            if isinstance(age, bool) or int(age) != float(age):
                raise ValueError
            age = int(age)
        except (TypeError, ValueError):
            raise ValidationError(
                _("The team lead's maximum age must be a whole number."), code="age"
            ) from None
        if not MIN_AGE <= age <= MAX_AGE:
            raise ValidationError(
                _("The team lead's maximum age must be between %(low)d and %(high)d.")
                % {"low": MIN_AGE, "high": MAX_AGE},
                code="age",
            )
        cleaned["max_lead_age"] = age
    for name, allowed, message in (
        ("stages", ProjectStage.values, _("Choose the project stages among those offered.")),
        ("origins", Origin.values, _("Choose domestic, overseas or both.")),
    ):
        values = data.get(name) or []
        if not isinstance(values, list | tuple) or any(v not in allowed for v in values):
            raise ValidationError(message, code=name)
        # In the order of the choices; all of them is no limit at all.
        chosen = [v for v in allowed if v in set(values)]
        if chosen and len(chosen) < len(allowed):
            cleaned[name] = chosen
    return cleaned


def _clean_rows(rows, what: str, limit: int, clean_row) -> list:
    if rows in (None, ""):
        return []
    if not isinstance(rows, list | tuple):
        raise ValidationError(_("The %(what)s are not valid.") % {"what": what}, code="rows")
    if len(rows) > limit:
        raise ValidationError(
            _("At most %(n)d %(what)s.") % {"n": limit, "what": what}, code="too_many"
        )
    cleaned, keys, errors = [], set(), []
    for number, row in enumerate(rows, 1):
        try:
            if not isinstance(row, dict):
                raise ValidationError(_("not valid"))
            item = clean_row(row)
            if item["key"] in keys:
                raise ValidationError(_("the key “%(key)s” is used twice") % {"key": item["key"]})
            keys.add(item["key"])
            cleaned.append(item)
        except ValidationError as error:
            errors.append(
                _("Line %(n)d: %(problem)s.") % {"n": number, "problem": "; ".join(error.messages)}
            )
    if errors:
        raise ValidationError(errors)
    return cleaned


def _key_and_labels(row) -> dict:
    problems = []
    key = row.get("key")
    if not isinstance(key, str) or not KEY.match(key):
        problems.append(
            _(
                "the key must be 1 to 40 lower-case letters, digits, hyphens or underscores, "
                "starting with a letter"
            )
        )
    labels = {}
    for name in ("label_zh", "label_en"):
        try:
            labels[name] = _text(row.get(name), MAX_LABEL)
        except (TypeError, ValueError):
            problems.append(_("a label is at most %(n)d characters") % {"n": MAX_LABEL})
            labels[name] = ""
    if not labels["label_zh"] and not labels["label_en"]:
        problems.append(_("give the label in Chinese, in English or both"))
    try:
        required = _flag(row.get("required"))
    except ValueError:
        problems.append(_("“required” must be yes or no"))
        required = False
    if problems:
        raise ValidationError(problems)
    return {"key": key, **labels, "required": required}


def _question(row) -> dict:
    unknown = set(row) - {
        "key",
        "label_zh",
        "label_en",
        "kind",
        "required",
        "choices",
        "max_length",
    }
    if unknown:
        raise ValidationError(_("unknown settings"))
    item = _key_and_labels(row)
    kind = row.get("kind")
    if kind not in QUESTION_KINDS:
        raise ValidationError(_("choose the kind of answer: text, number, choice or link"))
    item["kind"] = kind
    choices = row.get("choices") or []
    if kind == "choice":
        if isinstance(choices, str):
            choices = [c for c in choices.splitlines()]
        try:
            choices = [_text(c, 100) for c in choices]
        except (TypeError, ValueError):
            raise ValidationError(_("each choice is a text of at most 100 characters")) from None
        choices = list(dict.fromkeys(c for c in choices if c))
        if not 2 <= len(choices) <= MAX_CHOICES:
            raise ValidationError(
                _("a choice needs between 2 and %(n)d options, one per line") % {"n": MAX_CHOICES}
            )
        item["choices"] = choices
    elif choices:
        raise ValidationError(_("only a question of the kind “choice” has options"))
    if kind == "text":
        length = row.get("max_length") or DEFAULT_TEXT
        if isinstance(length, bool) or not isinstance(length, int) or not 1 <= length <= MAX_TEXT:
            raise ValidationError(
                _("the longest answer must be between 1 and %(n)d characters") % {"n": MAX_TEXT}
            )
        item["max_length"] = length
    return item


def clean_questions(rows) -> list[dict]:
    return _clean_rows(rows, _("questions"), MAX_QUESTIONS, _question)


def _document(row) -> dict:
    if set(row) - {"key", "label_zh", "label_en", "required"}:
        raise ValidationError(_("unknown settings"))
    return _key_and_labels(row)


def clean_documents(rows) -> list[dict]:
    return _clean_rows(rows, _("documents"), MAX_DOCUMENTS, _document)


def label_of(item: dict, language: str | None = None) -> str:
    """A question's or document's label in the reader's language, else the other one."""
    english = (language or get_language() or "").startswith("en")
    first, second = ("label_en", "label_zh") if english else ("label_zh", "label_en")
    return item.get(first) or item.get(second) or item.get("key", "")


# --- The call --------------------------------------------------------------------------------
def validate_call(call: Call) -> None:
    """What every path checks before a call is written (the form says the same first)."""
    errors = {}
    for name in ("title", "description"):
        for column in (f"{name}_zh_hans", f"{name}_en"):
            value = (getattr(call, column) or "").strip()
            if "\x00" in value:
                errors[column] = _("This text holds a character that is not allowed.")
            setattr(call, column, value.replace("\x00", ""))
    if not call.title_zh_hans and not call.title_en:
        errors["title_zh_hans"] = _("Give it in Chinese, in English or both.")
    if call.opens_at and call.closes_at and call.closes_at <= call.opens_at:
        errors["closes_at"] = _("Entries must close after they open.")
    if not 1 <= (call.reviewers_per_entry or 0) <= 20:
        errors["reviewers_per_entry"] = _("Between 1 and 20 reviewers per entry.")
    for name, clean in (
        ("eligibility", clean_eligibility),
        ("questions", clean_questions),
        ("documents", clean_documents),
    ):
        try:
            setattr(call, name, clean(getattr(call, name)))
        except ValidationError as error:
            errors[name] = error.messages
    if errors:
        raise ValidationError(errors)
    call.full_clean(exclude=["created_by", "eligibility", "questions", "documents"])


def _lock_call(call: Call) -> Call:
    locked = Call.objects.select_for_update().filter(pk=call.pk).order_by().first()
    if locked is None:
        raise ValidationError(_("This call no longer exists."))
    return locked


@transaction.atomic
def create_call(actor, call: Call) -> Call:
    """A call manager opens a call as a draft (not yet published)."""
    require(actor, "calls.add_call")
    call.is_published = False
    call.created_by = actor
    validate_call(call)
    try:
        with transaction.atomic():
            call.save()
    except IntegrityError:
        raise ValidationError({"slug": _("Another call has this short name.")}) from None
    audit.record(actor, "call.created", call)
    return call


@transaction.atomic
def update_call(actor, call: Call, changed=()) -> Call:
    """A call manager changes a call; a published call stays published."""
    require(actor, "calls.change_call", call)
    current = _lock_call(call)
    for name in STATE_FIELDS:
        attname = Call._meta.get_field(name).attname
        setattr(call, attname, getattr(current, attname))
    validate_call(call)
    try:
        with transaction.atomic():
            call.save()
    except IntegrityError:
        raise ValidationError({"slug": _("Another call has this short name.")}) from None
    audit.record(
        actor, "call.changed", call, fields=list(changed or []), published=call.is_published
    )
    return call


@transaction.atomic
def publish_call(actor, call: Call) -> Call:
    require_role(actor, "calls.publish_call", call)
    call = _lock_call(call)
    require(actor, "calls.publish_call", call)
    validate_call(call)
    call.is_published = True
    call.save(update_fields=["is_published"])
    audit.record(actor, "call.published", call)
    return call


def _clean_part(part, call: Call) -> None:
    part.call = call
    for column in ("name_zh_hans", "name_en"):
        setattr(part, column, (getattr(part, column, "") or "").replace("\x00", "").strip())
    if not part.name_zh_hans and not part.name_en:
        raise ValidationError(_("Give each name in Chinese, in English or both."))


@transaction.atomic
def save_parts(actor, call: Call, model, saved, deleted) -> None:
    """The call's tracks or divisions (`model`) as edited in their formset: `saved` new or
    changed rows, `deleted` rows to remove (refused for one that an entry chose)."""
    if model not in (Track, Division):
        raise ValueError(model)
    require(actor, "calls.change_call", call)
    call = _lock_call(call)
    field = "track" if model is Track else "division"
    for part in deleted:
        if part.pk is None or part.call_id != call.pk:
            continue
        if Entry.objects.filter(**{field: part}).exists():
            raise ValidationError(
                _("“%(name)s” is chosen by entries and cannot be removed.") % {"name": part}
            )
        part.delete()
    for part in saved:
        if part.pk is not None and part.call_id != call.pk:
            raise ValidationError(_("This call no longer exists."))
        _clean_part(part, call)
        try:
            with transaction.atomic():
                part.save()
        except IntegrityError:
            raise ValidationError(
                _("Two rows have the short name “%(slug)s”.") % {"slug": part.slug}
            ) from None
    audit.record(
        actor,
        "call.tracks_changed" if model is Track else "call.divisions_changed",
        call,
        saved=len(saved),
        deleted=len(deleted),
    )


@transaction.atomic
def set_data(actor, call: Call, name: str, rows) -> Call:
    """The call's questions or required documents, as edited in their formset."""
    cleaners = {"questions": clean_questions, "documents": clean_documents}
    if name not in cleaners:
        raise ValueError(name)
    require(actor, "calls.change_call", call)
    call = _lock_call(call)
    try:
        cleaned = cleaners[name](rows)
    except ValidationError as error:
        raise ValidationError({name: error.messages}) from None
    setattr(call, name, cleaned)
    call.save(update_fields=[name])
    audit.record(actor, f"call.{name}_changed", call, count=len(cleaned))
    return call
