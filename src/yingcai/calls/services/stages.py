"""A call's stages as data: each stage (online review or live panel, its ranking method, per
division or overall), its rubric (weighted criteria) and its advancement rules (top N per
division, wildcards; places to accept for an overall ranking).

Every write locks the call first, so that two organisers reordering stages at once take
turns (positions are unique per call, renumbered 1…n under the lock). What decides how a
stage scores — kind, method, per division, the rubric — is fixed once its scoring has opened;
the services that open a stage (`assignment.open_stage`, `panels.open_scoring`) refuse one
without a rubric.
"""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from yingcai.core import audit
from yingcai.core.services import require, require_role

from ..models import Advancement, Call, Criterion, Division, Stage
from .calls import _lock_call

MAX_STAGES = 20
MAX_CRITERIA = 20
MAX_ACCEPT = 9999
MAX_WILDCARDS = 999
MAX_TOP_N = 999
MAX_SCORE = 1000
MAX_WEIGHT = Decimal("999.99")
# Fixed once the scoring has opened (status beyond planned).
FROZEN = ("kind", "method", "per_division")
# Changed only by the services that run a stage, never by an edit.
STATE_FIELDS = ("status", "published_at", "appeal_until")
_OFFSET = 10000


def default_method(kind: str) -> str:
    """Z-scores per reviewer for an online review, the trimmed mean for a live panel."""
    return Stage.Method.TRIMMED if kind == Stage.Kind.PANEL else Stage.Method.ZSCORE


def _texts(obj, names, errors) -> None:
    for name in names:
        for column in (f"{name}_zh_hans", f"{name}_en"):
            value = getattr(obj, column, "") or ""
            if not isinstance(value, str) or "\x00" in value:
                errors[column] = _("This text holds a character that is not allowed.")
                value = ""
            setattr(obj, column, value.strip())


def _whole(value, low, high, errors, column, message):
    if value in (None, ""):
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        errors[column] = message
        return None
    return value


def validate_stage(stage: Stage) -> None:
    """What every path checks before a stage is written (the form says most of it first)."""
    errors = {}
    _texts(stage, ("name", "venue"), errors)
    if not stage.name_zh_hans and not stage.name_en:
        errors.setdefault("name_zh_hans", _("Give the name in Chinese, in English or both."))
    if stage.kind not in Stage.Kind.values:
        errors["kind"] = _("Choose an online review or a live panel.")
    if not stage.method:
        stage.method = default_method(stage.kind)
    if stage.method not in Stage.Method.values:
        errors["method"] = _("Choose a ranking method among those offered.")
    stage.per_division = bool(stage.per_division)
    if stage.per_division:
        stage.accept_count = None
        stage.wildcards = _whole(
            stage.wildcards,
            0,
            MAX_WILDCARDS,
            errors,
            "wildcards",
            _("Between 0 and %(n)d wildcards.") % {"n": MAX_WILDCARDS},
        )
        stage.wildcards = stage.wildcards or 0
    else:
        stage.wildcards = 0
        stage.accept_count = _whole(
            stage.accept_count,
            1,
            MAX_ACCEPT,
            errors,
            "accept_count",
            _("Between 1 and %(n)d places to accept.") % {"n": MAX_ACCEPT},
        )
    if errors:
        raise ValidationError(errors)
    try:
        stage.clean_fields(exclude=["call", "position", "status", *FROZEN])
    except ValidationError as error:
        raise ValidationError(error.message_dict) from None


def _lock_stage(call: Call, stage: Stage) -> Stage:
    locked = Stage.objects.select_for_update().filter(pk=stage.pk, call=call).first()
    if locked is None:
        raise ValidationError(_("This stage no longer exists."))
    return locked


def _place(call: Call, stage: Stage, wanted) -> None:
    """Save `stage` at position `wanted` (1…n; none: last) and number the call's stages 1…n
    in order, refusing to move a stage whose scoring has opened or to put one before it.
    The call is locked."""
    before = list(Stage.objects.filter(call=call).order_by("position", "pk"))
    others = [s for s in before if s.pk != stage.pk]
    if stage.pk is None and len(before) >= MAX_STAGES:
        raise ValidationError(_("At most %(n)d stages per call.") % {"n": MAX_STAGES})
    if wanted in (None, ""):
        index = next((i for i, s in enumerate(before) if s.pk == stage.pk), len(others))
    else:
        if isinstance(wanted, bool) or not isinstance(wanted, int) or wanted < 1:
            raise ValidationError({"position": _("The position is a whole number from 1.")})
        index = min(wanted - 1, len(others))
    after = [*others[:index], stage, *others[index:]]
    moved = {s.pk: i for i, s in enumerate(after) if s.pk is not None}
    for i, item in enumerate(before):
        if item.status != Stage.Status.PLANNED and moved[item.pk] != i:
            raise ValidationError(
                {
                    "position": _(
                        "“%(name)s” has opened its scoring: it keeps its place and no stage "
                        "can be put before it."
                    )
                    % {"name": item}
                }
            )
    Stage.objects.filter(call=call).update(position=F("position") + _OFFSET)
    stage.position = index + 1
    try:
        with transaction.atomic():
            stage.save()
    except IntegrityError:
        raise ValidationError(
            {"slug": _("Another stage of this call has this short name.")}
        ) from None
    for number, item in enumerate(after, 1):
        if item is not stage:
            Stage.objects.filter(pk=item.pk).update(position=number)


@transaction.atomic
def save_stage(actor, call: Call, stage: Stage, position=None, changed=()) -> Stage:
    """A call manager adds a stage to a call (planned), or changes one. `position` is where
    it goes among the call's stages (1…n); none keeps it where it is, or puts a new one last."""
    creating = stage.pk is None
    require(actor, "calls.add_stage" if creating else "calls.change_stage", call)
    call = _lock_call(call)
    stage.call = call
    if creating:
        stage.status = Stage.Status.PLANNED
        stage.published_at = stage.appeal_until = None
    else:
        current = _lock_stage(call, stage)
        for name in STATE_FIELDS:
            setattr(stage, name, getattr(current, name))
        if current.status != Stage.Status.PLANNED:
            frozen = [
                name
                for name in FROZEN
                if getattr(stage, name) != getattr(current, name)
                and not (name == "method" and not stage.method)
            ]
            if frozen:
                raise ValidationError(
                    {
                        name: _("This can no longer change: the scoring of this stage has opened.")
                        for name in frozen
                    }
                )
            stage.method = current.method
        if current.status in (Stage.Status.DECIDED, Stage.Status.PUBLISHED) and (
            stage.wildcards != current.wildcards or stage.accept_count != current.accept_count
        ):
            raise ValidationError(
                _("How many advance can no longer change: this stage's results are decided.")
            )
    validate_stage(stage)
    _place(call, stage, position)
    if not stage.per_division:
        # Ranked overall now: the divisions' places no longer apply.
        Advancement.objects.filter(stage=stage).delete()
    audit.record(
        actor,
        "calls_stage.created" if creating else "calls_stage.changed",
        stage,
        fields=list(changed or []),
    )
    return stage


@transaction.atomic
def delete_stage(actor, stage: Stage) -> None:
    """Only a planned stage without entries, judges, assignments or decisions."""
    require_role(actor, "calls.delete_stage", stage)
    call = _lock_call(stage.call)
    current = _lock_stage(call, stage)
    require(actor, "calls.delete_stage", current)
    if (
        current.stage_entries.exists()
        or current.assignments.exists()
        or current.panel_members.exists()
        or current.decisions.exists()
    ):
        raise ValidationError(
            _("This stage has entries, judges or assignments: it cannot be deleted.")
        )
    audit.record(actor, "calls_stage.deleted", call, stage=str(current))
    current.delete()
    for number, item in enumerate(Stage.objects.filter(call=call).order_by("position", "pk"), 1):
        if item.position != number:
            Stage.objects.filter(pk=item.pk).update(position=number)


# --- The rubric ----------------------------------------------------------------------------------
def validate_criterion(criterion: Criterion) -> None:
    errors = {}
    _texts(criterion, ("name", "help"), errors)
    if not criterion.name_zh_hans and not criterion.name_en:
        errors["name_zh_hans"] = _("Give each name in Chinese, in English or both.")
    try:
        weight = Decimal(str(criterion.weight))
        if not weight.is_finite() or not Decimal("0") < weight <= MAX_WEIGHT:
            raise InvalidOperation
        criterion.weight = weight
    except (InvalidOperation, ValueError, TypeError):
        errors["weight"] = _("The weight is a number above 0, at most %(n)s.") % {"n": MAX_WEIGHT}
    low, high = criterion.min_score, criterion.max_score
    if (
        any(isinstance(v, bool) or not isinstance(v, int) for v in (low, high))
        or not 0 <= low < high <= MAX_SCORE
    ):
        errors["max_score"] = _(
            "The highest score must be above the lowest, both between 0 and %(n)d."
        ) % {"n": MAX_SCORE}
    if errors:
        raise ValidationError(errors)
    try:
        criterion.clean_fields(exclude=["stage", "weight", "min_score", "max_score"])
    except ValidationError as error:
        raise ValidationError(error.message_dict) from None


@transaction.atomic
def save_rubric(actor, stage: Stage, saved, deleted) -> None:
    """The stage's criteria as edited in their formset: `saved` new or changed rows,
    `deleted` rows to remove. Only while the stage is planned."""
    require_role(actor, "calls.change_rubric", stage)
    call = _lock_call(stage.call)
    current = _lock_stage(call, stage)
    require(actor, "calls.change_rubric", current)
    for criterion in deleted:
        if criterion.pk is not None and criterion.stage_id == current.pk:
            criterion.delete()
    for criterion in saved:
        if criterion.pk is not None and criterion.stage_id != current.pk:
            raise ValidationError(_("This stage no longer exists."))
        criterion.stage = current
        try:
            validate_criterion(criterion)
        except ValidationError as error:
            raise ValidationError(
                _("“%(name)s”: %(problem)s")
                % {"name": criterion.name or "?", "problem": " ".join(error.messages)}
            ) from None
        criterion.save()
    if Criterion.objects.filter(stage=current).count() > MAX_CRITERIA:
        raise ValidationError(_("At most %(n)d criteria.") % {"n": MAX_CRITERIA})
    audit.record(
        actor, "calls_stage.rubric_changed", current, saved=len(saved), deleted=len(deleted)
    )


# --- Advancement ---------------------------------------------------------------------------------
@transaction.atomic
def set_advancement(actor, stage: Stage, top_n: dict, wildcards) -> Stage:
    """How many of each division advance from a per-division stage (`top_n`: division id →
    0…999; a division left out keeps no rule), and the wildcards beyond them."""
    require_role(actor, "calls.change_advancement", stage)
    call = _lock_call(stage.call)
    current = _lock_stage(call, stage)
    require(actor, "calls.change_advancement", current)
    divisions = set(Division.objects.filter(call=call).values_list("pk", flat=True))
    if set(top_n) - divisions:
        raise ValidationError(_("This division is not one of this call's."))
    for value in [*top_n.values(), wildcards]:
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_TOP_N:
            raise ValidationError(
                _("Each number of places is a whole number between 0 and %(n)d.") % {"n": MAX_TOP_N}
            )
    Advancement.objects.filter(stage=current).exclude(division_id__in=list(top_n)).delete()
    existing = {a.division_id: a for a in Advancement.objects.filter(stage=current)}
    for division_id, number in sorted(top_n.items()):
        rule = existing.get(division_id)
        if rule is None:
            Advancement.objects.create(stage=current, division_id=division_id, top_n=number)
        elif rule.top_n != number:
            rule.top_n = number
            rule.save(update_fields=["top_n"])
    current.wildcards = wildcards
    current.save(update_fields=["wildcards"])
    audit.record(
        actor,
        "calls_stage.advancement_changed",
        current,
        places=sum(top_n.values()),
        wildcards=wildcards,
    )
    return current
