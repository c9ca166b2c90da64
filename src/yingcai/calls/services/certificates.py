"""Certificates (证书) and awards: one per finalist, one per winner and award.

The finalists are the entries taking part in the call's last stage (its `StageEntry` rows):
`issue_certificates` gives each one certificate without an award, once
(`calls_finalist_certificate_once`). `award` gives a finalist a certificate of an award
category (`calls_award_certificate_once`: once per entry and award). Both lock what they
depend on — the stage, the entry — before counting what exists; the constraints are the last
word. A revoked certificate stays revoked (its public page says so) and is not issued again.
Award categories are data the call managers keep.
"""

import re

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from yingcai.core import audit
from yingcai.core.services import require, require_role

from ..models import AwardCategory, Call, Certificate, Entry, Stage, StageEntry

RULE = "calls.manage_certificates"
_CODE = re.compile(r"^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{12}$")


def normalise_code(text: str) -> str | None:
    """A code as typed (lower case, spaces, hyphens) in its stored form; None for anything
    that cannot be a code (so that the database is not asked)."""
    code = re.sub(r"[\s-]", "", (text or "")[:40]).upper()
    return code if _CODE.match(code) else None


def find(code: str) -> Certificate | None:
    code = normalise_code(code)
    if code is None:
        return None
    return (
        Certificate.objects.select_related("entry__project", "entry__call", "award")
        .filter(code=code)
        .first()
    )


def last_stage(call: Call) -> Stage | None:
    return call.stages.order_by("-position").first()


def finalists(call: Call):
    """The entries of the call's last stage (not withdrawn)."""
    stage = last_stage(call)
    if stage is None:
        return Entry.objects.none()
    return Entry.objects.filter(stage_entries__stage=stage).exclude(status=Entry.Status.WITHDRAWN)


def _clean_name(value: str) -> str:
    value = (value or "").strip()
    if "\x00" in value:
        raise ValidationError(_("The text contains a character that is not allowed."))
    if len(value) > 80:
        raise ValidationError(_("Write at most %(n)s characters.") % {"n": 80})
    return value


@transaction.atomic
def add_award_category(actor, call: Call, name_zh: str, name_en: str) -> AwardCategory:
    """A new award of the call, after the others."""
    require(actor, RULE)
    name_zh, name_en = _clean_name(name_zh), _clean_name(name_en)
    if not (name_zh or name_en):
        raise ValidationError({"name_zh_hans": _("Name the award.")})
    locked = Call.objects.select_for_update(no_key=True).filter(pk=call.pk).first()
    if locked is None:
        raise ValidationError(_("This call no longer exists."))
    if locked.award_categories.filter(name_zh_hans=name_zh, name_en=name_en).exists():
        raise ValidationError(_("This call already has this award."))
    last = locked.award_categories.aggregate(last=Max("position"))["last"]
    position = 0 if last is None else last + 1
    category = AwardCategory.objects.create(
        call=locked,
        # Internal only (never on a screen): the awards are told apart by their names.
        slug=f"award-{locked.award_categories.count() + 1}-{position}",
        name_zh_hans=name_zh,
        name_en=name_en,
        position=position,
    )
    audit.record(actor, "calls.award_category_added", category)
    return category


@transaction.atomic
def issue_certificates(actor, stage: Stage) -> list[Certificate]:
    """One certificate for each finalist (an entry of the call's last stage) that has none;
    returns those issued now."""
    require(actor, RULE)
    locked = Stage.objects.select_for_update(no_key=True).filter(pk=stage.pk).order_by("pk").first()
    if locked is None:
        raise ValidationError(_("This stage no longer exists."))
    if last_stage(locked.call) != locked:
        raise ValidationError(_("Certificates go to the finalists: those of the last stage."))
    entry_ids = list(
        StageEntry.objects.filter(stage=locked)
        .exclude(entry__status=Entry.Status.WITHDRAWN)
        .order_by("entry_id")
        .values_list("entry_id", flat=True)
    )
    have = set(
        Certificate.objects.filter(entry_id__in=entry_ids, award__isnull=True).values_list(
            "entry_id", flat=True
        )
    )
    now = timezone.now()
    issued = []
    for entry_id in entry_ids:
        if entry_id in have:
            continue
        certificate = Certificate(entry_id=entry_id, issued_at=now, issued_by=actor)
        try:
            with transaction.atomic():
                certificate.save()
        except IntegrityError:
            continue  # issued meanwhile by another organiser (the constraint)
        issued.append(certificate)
    if issued:
        audit.record_many(actor, "calls.certificate_issued", issued)
    return issued


@transaction.atomic
def award(actor, entry: Entry, category: AwardCategory) -> Certificate:
    """A winner's certificate: the award category for a finalist of its call."""
    require(actor, RULE)
    locked = Entry.objects.select_for_update(no_key=True).filter(pk=entry.pk).order_by("pk").first()
    if locked is None:
        raise ValidationError(_("This entry no longer exists."))
    if category.call_id != locked.call_id:
        raise ValidationError(_("This award is not one of the call's."))
    if not finalists(locked.call).filter(pk=locked.pk).exists():
        raise ValidationError(_("Only a finalist receives an award."))
    if Certificate.objects.filter(entry=locked, award=category).exists():
        raise ValidationError(_("This project already has this award."))
    certificate = Certificate(entry=locked, award=category, issued_by=actor)
    try:
        with transaction.atomic():
            certificate.save()
    except IntegrityError:
        raise ValidationError(_("This project already has this award.")) from None
    audit.record(actor, "calls.award_given", certificate, award=category.pk)
    return certificate


@transaction.atomic
def revoke(actor, certificate: Certificate) -> Certificate:
    """The certificate no longer stands: its public page says "revoked"."""
    require_role(actor, "calls.revoke_certificate", certificate)
    locked = Certificate.objects.select_for_update().filter(pk=certificate.pk).first()
    if locked is None:
        raise ValidationError(_("This certificate no longer exists."))
    require(actor, "calls.revoke_certificate", locked)
    locked.revoked_at = timezone.now()
    locked.save(update_fields=["revoked_at"])
    audit.record(actor, "calls.certificate_revoked", locked)
    return locked
