"""Published results of a stage, and the teams' appeals against them.

- `publish(actor, stage, appeal_days)`: a decided stage's results become public; during the
  appeal window (`appeal_until`, `appeal_days` from now; none with 0) they are provisional,
  final after it (`Stage.results_final`).
- `lodge_appeal(actor, decision, text)`: a member of the entry's team appeals once
  (`calls_appeal_once`), inside the window.
- `answer_appeal(actor, appeal, status, answer)`: an organiser upholds or dismisses an open
  appeal. An upheld appeal accepts the entry (if it was not) and, when there is a next stage,
  it joins that stage; the team's lead is told by mail either way.
"""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yingcai.core import audit
from yingcai.core.mail import notify_user
from yingcai.core.services import require, require_role
from yingcai.projects.models import TeamMember

from ..models import Appeal, Decision, Stage, StageEntry

MAX_APPEAL_DAYS = 60
TEXT_MAX = 4000


def _lock_stage(stage: Stage, *, no_key: bool = False) -> Stage:
    locked = Stage.objects.select_for_update(no_key=no_key).filter(pk=stage.pk).order_by().first()
    if locked is None:
        raise ValidationError(_("This stage no longer exists."))
    return locked


def clean_text(value, limit: int = TEXT_MAX) -> str:
    text = (value or "").replace("\x00", "").strip()
    if not text:
        raise ValidationError({"text": _("Say why.")})
    if len(text) > limit:
        raise ValidationError({"text": _("Keep it under %(limit)s characters.") % {"limit": limit}})
    return text


@transaction.atomic
def publish(actor, stage: Stage, appeal_days: int) -> Stage:
    """Publish the results of a decided stage, provisional for `appeal_days` days."""
    if (
        isinstance(appeal_days, bool)
        or not isinstance(appeal_days, int)
        or not 0 <= appeal_days <= MAX_APPEAL_DAYS
    ):
        raise ValidationError(
            {
                "appeal_days": _("The appeal window is between 0 and %(max)s days.")
                % {"max": MAX_APPEAL_DAYS}
            }
        )
    require_role(actor, "calls.publish_results", stage)
    stage = _lock_stage(stage)
    require(actor, "calls.publish_results", stage)
    now = timezone.now()
    stage.status = Stage.Status.PUBLISHED
    stage.published_at = now
    stage.appeal_until = now + timedelta(days=appeal_days) if appeal_days else None
    stage.save(update_fields=["status", "published_at", "appeal_until"])
    audit.record(actor, "calls_stage.results_published", stage, appeal_days=appeal_days)
    return stage


@transaction.atomic
def lodge_appeal(actor, decision: Decision, text: str) -> Appeal:
    """The entry's team appeals against its result, once, inside the appeal window."""
    text = clean_text(text)
    require_role(actor, "calls.lodge_appeal", decision)
    _lock_stage(decision.stage, no_key=True)
    decision = (
        Decision.objects.select_for_update(of=("self",))
        .select_related("stage__call", "entry")
        .filter(pk=decision.pk)
        .order_by()
        .first()
    )
    if decision is None:
        raise ValidationError(_("This result no longer exists."))
    require(actor, "calls.lodge_appeal", decision)
    if Appeal.objects.filter(stage=decision.stage, entry=decision.entry).exists():
        raise ValidationError(_("Your team has already appealed against this result."))
    try:
        with transaction.atomic():
            appeal = Appeal.objects.create(
                stage=decision.stage, entry=decision.entry, text=text, created_by=actor
            )
    except IntegrityError as error:
        raise ValidationError(_("Your team has already appealed against this result.")) from error
    audit.record(actor, "calls_appeal.lodged", appeal)
    return appeal


@transaction.atomic
def answer_appeal(actor, appeal: Appeal, status: str, answer: str) -> Appeal:
    """Uphold or dismiss an open appeal, with the answer the team reads."""
    if status not in (Appeal.Status.UPHELD, Appeal.Status.DISMISSED):
        raise ValidationError({"status": _("Uphold or dismiss the appeal.")})
    try:
        answer = clean_text(answer)
    except ValidationError as error:
        raise ValidationError({"answer": error.message_dict["text"]}) from error
    require_role(actor, "calls.answer_appeal", appeal)
    stage = _lock_stage(appeal.stage, no_key=True)
    appeal = Appeal.objects.select_for_update().filter(pk=appeal.pk).order_by().first()
    if appeal is None:
        raise ValidationError(_("This appeal no longer exists."))
    require(actor, "calls.answer_appeal", appeal)
    appeal.status = status
    appeal.answer = answer
    appeal.answered_at = timezone.now()
    appeal.save(update_fields=["status", "answer", "answered_at"])
    advanced = False
    if status == Appeal.Status.UPHELD:
        decision = (
            Decision.objects.select_for_update()
            .filter(stage=stage, entry_id=appeal.entry_id)
            .order_by()
            .first()
        )
        if decision is not None and decision.outcome != Decision.Outcome.ACCEPT:
            decision.outcome = Decision.Outcome.ACCEPT
            decision.save(update_fields=["outcome"])
            following = stage.next_stage()
            if following is not None:
                _entry, advanced = StageEntry.objects.get_or_create(
                    stage=following, entry_id=appeal.entry_id
                )
    audit.record(actor, "calls_appeal.answered", appeal, status=status, advanced=advanced)
    lead = (
        TeamMember.objects.filter(project_id=appeal.entry.project_id, role=TeamMember.Role.LEAD)
        .select_related("user")
        .first()
    )
    if lead is not None:
        person = lead.user
        context = {"appeal": appeal, "stage": stage, "project": appeal.entry.project}
        transaction.on_commit(lambda: notify_user(person, "calls_appeal_answered", context))
    return appeal
