"""The honours registry: the Chongqing Outstanding Talents Award winners and the Chongqing
Talents Program selectees, by year and category.

The protocol staff add honours one by one or import a registry list (`guests.excel`, all rows
or none), link each to the person's talent profile (by hand, or by the e-mail address of an
account that has one), and invite a whole list to the conference as a group: each honour gets
its guest (one-to-one `Guest.honour`), invited once — running the invitation again invites only
those not invited yet.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from yingcai.conference.services import current_conference
from yingcai.core import audit
from yingcai.core.services import require
from yingcai.talents.models import TalentProfile

from ..models import Guest, Honour
from . import guests as guest_services

RULE = "guests.manage_honours"
TEXTS = (
    "name_zh_hans",
    "name_en",
    "category_zh_hans",
    "category_en",
    "affiliation_zh_hans",
    "affiliation_en",
    "email",
    "mobile",
)
CATEGORY_OF_KIND = {
    Honour.Kind.AWARD: Guest.Category.AWARD_WINNER,
    Honour.Kind.PROGRAM: Guest.Category.TALENTS_PROGRAM,
}


def clean_honour(honour: Honour) -> None:
    """The checks of one honour, whether typed or imported (field → message)."""
    guest_services._no_nul(getattr(honour, name, "") for name in TEXTS)
    errors = {}
    if honour.kind not in Honour.Kind.values:
        errors["kind"] = _("Choose the honour.")
    if not isinstance(honour.year, int) or not 1990 <= honour.year <= 2100:
        errors["year"] = _("Give a year from 1990 to 2100.")
    if not ((honour.name_zh_hans or "").strip() or (honour.name_en or "").strip()):
        errors["name_zh_hans"] = _("Give the person's name.")
    if not ((honour.category_zh_hans or "").strip() or (honour.category_en or "").strip()):
        errors["category_zh_hans"] = _("Give the category of the honour.")
    if errors:
        raise ValidationError(errors)
    honour.email = (honour.email or "").strip().lower()


@transaction.atomic
def add_honour(actor, honour: Honour) -> Honour:
    require(actor, RULE)
    clean_honour(honour)
    honour.save()
    audit.record(actor, "guests.honour_added", honour)
    return honour


@transaction.atomic
def create_honours(actor, honours: list[Honour]) -> list[Honour]:
    """An imported list: every honour checked, then all saved, or none."""
    require(actor, RULE)
    for honour in honours:
        clean_honour(honour)
    created = Honour.objects.bulk_create(honours, batch_size=500)
    audit.record_many(actor, "guests.honour_imported", created)
    return created


def _lock(honour: Honour) -> Honour:
    locked = Honour.objects.select_for_update().filter(pk=honour.pk).order_by().first()
    if locked is None:
        raise ValidationError(_("This honour is no longer in the registry."))
    return locked


@transaction.atomic
def link_talent(actor, honour: Honour, profile: TalentProfile | None) -> Honour:
    """Link an honour to the person's talent profile (None: unlink)."""
    require(actor, RULE)
    locked = _lock(honour)
    if profile is not None and not TalentProfile.objects.filter(pk=profile.pk).exists():
        raise ValidationError(_("This talent profile no longer exists."))
    locked.talent = profile
    locked.save(update_fields=["talent"])
    audit.record(
        actor, "guests.honour_linked", locked, profile=profile.pk if profile is not None else None
    )
    return locked


@transaction.atomic
def match_talents(actor, kind: str | None = None, year: int | None = None) -> int:
    """Link the honours not linked yet to the talent profile of the account with their e-mail
    address; returns how many were linked."""
    require(actor, RULE)
    honours = Honour.objects.filter(talent__isnull=True).exclude(email="")
    if kind:
        honours = honours.filter(kind=kind)
    if year:
        honours = honours.filter(year=year)
    locked = list(honours.select_for_update().order_by("pk"))
    emails = {h.email.lower() for h in locked}
    profiles = {
        email.lower(): pk
        for pk, email in TalentProfile.objects.filter(user__email__in=emails).values_list(
            "pk", "user__email"
        )
    }
    linked = [h for h in locked if h.email.lower() in profiles]
    for honour in linked:
        honour.talent_id = profiles[honour.email.lower()]
    Honour.objects.bulk_update(linked, ["talent"])
    audit.record_many(actor, "guests.honour_linked", linked, matched_by="e-mail")
    return len(linked)


def _guest_for(honour: Honour, conference) -> Guest:
    return Guest(
        conference=conference,
        name_zh_hans=honour.name_zh_hans or "",
        name_en=honour.name_en or "",
        public_title_zh_hans=_public_title(honour, "zh-hans"),
        public_title_en=_public_title(honour, "en"),
        organisation_zh_hans=honour.affiliation_zh_hans or "",
        organisation_en=honour.affiliation_en or "",
        category=CATEGORY_OF_KIND[honour.kind],
        email=honour.email,
        mobile=honour.mobile,
        user_id=honour.talent.user_id if honour.talent_id else None,
        public_consent_at=honour.public_consent_at,
    )


def _public_title(honour: Honour, language: str) -> str:
    with translation.override(language):
        kind = str(Honour.Kind(honour.kind).label)
    category = (
        getattr(honour, "category_zh_hans" if language == "zh-hans" else "category_en", "")
        or honour.category_zh_hans
        or honour.category_en
        or ""
    )
    return f"{kind} ({honour.year}) · {category}"[:200]


def invite_group(actor, kind: str, year: int, request=None) -> int:
    """Invite the honours of one list (kind and year) as guests of the current conference: a
    guest is made for each honour that has none (or the guest with the same e-mail address is
    linked to it), and each with an e-mail address not invited yet is invited. Returns how many
    were invited now; a second run invites nobody twice."""
    require(actor, RULE)
    require(actor, guest_services.RULE)
    if kind not in Honour.Kind.values:
        raise ValidationError(_("Choose the honour."))
    conference = current_conference()
    if conference is None:
        raise ValidationError(_("There is no conference to invite guests to yet."))
    invited = 0
    with transaction.atomic():
        honours = list(
            Honour.objects.select_for_update(of=("self",))
            .filter(kind=kind, year=year)
            .select_related("talent")
            .order_by("pk")
        )
        if not honours:
            raise ValidationError(_("This list of honours is empty."))
        by_honour = {
            g.honour_id: g
            for g in Guest.objects.select_for_update().filter(honour__in=honours).order_by("pk")
        }
        for honour in honours:
            guest = by_honour.get(honour.pk)
            if guest is None:
                guest = _attach(honour, conference)
            if guest is None or guest.invited_at is not None or not guest.email:
                continue
            guest.conference = conference
            guest_services._invite_locked(actor, guest, request)
            invited += 1
        audit.record(actor, "guests.honours_invited", None, kind=kind, year=year, invited=invited)
    return invited


def _attach(honour: Honour, conference) -> Guest | None:
    """The guest of an honour: the guest of this conference with the same e-mail address when
    one is on the list without an honour, else a new guest."""
    if honour.email:
        same = (
            Guest.objects.select_for_update()
            .filter(conference=conference, email=honour.email, honour__isnull=True)
            .order_by()
            .first()
        )
        if same is not None:
            same.honour = honour
            same.save(update_fields=["honour", "updated_at"])
            return same
        if Guest.objects.filter(conference=conference, email=honour.email).exists():
            # The address belongs to the guest of another honour: a second person cannot
            # share it; this honour waits for an address of its own.
            return None
    guest = _guest_for(honour, conference)
    guest.honour = honour
    try:
        with transaction.atomic():
            guest.save()
    except IntegrityError:
        return None
    return guest
