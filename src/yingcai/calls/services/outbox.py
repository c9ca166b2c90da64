"""The outbox of decision mails: written when a stage's decisions are confirmed, held until an
organiser releases them — nothing is sent by accident.

- `write(stage, decisions, following)` (called by `decisions.confirm`, in its transaction):
  one OutboxMessage per entry, subject and body rendered from `mail/calls_decision_<outcome>_*`
  in the language of the team's lead, to the addresses of the team's active members.
- `release(actor, stage, ids=None)`: held mails (all, or the chosen ones) become released,
  and a task queued after the commit sends them (`calls.tasks.send_released`), each message
  locked and sent only while still released, then marked sent: releasing twice, or two
  workers, never send one mail twice.
- `discard(actor, stage, ids)`: held mails that will not be sent.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from yingcai.core import audit
from yingcai.core.mail import render_plain
from yingcai.core.services import require, require_role
from yingcai.projects.models import TeamMember

from .. import tasks
from ..models import Decision, OutboxMessage, Stage

LANGUAGES = {code for code, _name in settings.LANGUAGES}


def _team_addresses(project_ids) -> dict[int, tuple[str, list[str]]]:
    """{project id: (the lead's language, the active members' addresses)}, one query."""
    found: dict[int, tuple[str, list[str]]] = {}
    members = (
        TeamMember.objects.filter(project_id__in=sorted(set(project_ids)), user__is_active=True)
        .values_list("project_id", "role", "user__email", "user__language")
        .order_by("project_id", "role", "pk")
    )
    for project_id, role, email, language in members:
        lead_language, addresses = found.get(project_id, (settings.LANGUAGE_CODE, []))
        if role == TeamMember.Role.LEAD and language in LANGUAGES:
            lead_language = language
        if email and email not in addresses:
            addresses.append(email)
        found[project_id] = (lead_language, addresses)
    return found


def render(decision: Decision, stage: Stage, following: Stage | None, language: str):
    """(subject, body) of one decision mail in `language`."""
    context = {
        "call": stage.call,
        "stage": stage,
        "next_stage": following,
        "project": decision.entry.project,
        "decision": decision,
        "wildcard": decision.wildcard,
    }
    template = f"mail/calls_decision_{decision.outcome}"
    with translation.override(language):
        subject = " ".join(render_plain(f"{template}_subject.txt", context).split())
        body = render_plain(f"{template}_body.txt", context)
    return subject[:200], body


def write(stage: Stage, decisions: list[Decision], following: Stage | None) -> int:
    """The held mails of confirmed decisions (in the caller's transaction)."""
    teams = _team_addresses(d.entry.project_id for d in decisions)
    messages = []
    for decision in decisions:
        language, addresses = teams.get(decision.entry.project_id, (settings.LANGUAGE_CODE, []))
        subject, body = render(decision, stage, following, language)
        messages.append(
            OutboxMessage(
                stage=stage,
                entry=decision.entry,
                language=language,
                recipients=addresses,
                subject=subject,
                body=body,
            )
        )
    OutboxMessage.objects.filter(stage=stage, status=OutboxMessage.Status.HELD).delete()
    OutboxMessage.objects.bulk_create(messages, batch_size=500, ignore_conflicts=True)
    return len(messages)


def _lock_stage(actor, perm: str, stage: Stage) -> Stage:
    require_role(actor, perm, stage)
    locked = Stage.objects.select_for_update(no_key=True).filter(pk=stage.pk).order_by().first()
    if locked is None:
        raise ValidationError(_("This stage no longer exists."))
    require(actor, perm, locked)
    return locked


def _held(stage: Stage, ids) -> list[OutboxMessage]:
    found = OutboxMessage.objects.select_for_update().filter(
        stage=stage, status=OutboxMessage.Status.HELD
    )
    if ids is not None:
        found = found.filter(pk__in=sorted({int(pk) for pk in ids}))
    return list(found.order_by("pk"))


@transaction.atomic
def release(actor, stage: Stage, ids=None) -> int:
    """Release the held mails of a decided stage (all, or those of `ids`) to be sent."""
    stage = _lock_stage(actor, "calls.release_outbox", stage)
    held = _held(stage, ids)
    if not held:
        raise ValidationError(_("No held mail to release: they are already released or discarded."))
    now = timezone.now()
    OutboxMessage.objects.filter(pk__in=[m.pk for m in held]).update(
        status=OutboxMessage.Status.RELEASED, released_at=now, released_by=actor
    )
    audit.record(actor, "calls_stage.mails_released", stage, mails=len(held))
    message_ids = [m.pk for m in held]
    transaction.on_commit(lambda: tasks.send_released.enqueue(message_ids))
    return len(held)


@transaction.atomic
def discard(actor, stage: Stage, ids) -> int:
    """Discard held mails: they will never be sent."""
    stage = _lock_stage(actor, "calls.release_outbox", stage)
    held = _held(stage, ids)
    if not held:
        raise ValidationError(_("No held mail to discard: they are already released or discarded."))
    OutboxMessage.objects.filter(pk__in=[m.pk for m in held]).update(
        status=OutboxMessage.Status.DISCARDED
    )
    audit.record(actor, "calls_stage.mails_discarded", stage, mails=len(held))
    return len(held)
