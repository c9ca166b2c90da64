"""An organisation's project demands and their approval.

One function per change (docs/architecture.md, "State changes and concurrency"): the rule,
the demand locked and its state re-read, the write, the audit entry, mail and the refresh of
the recommendations after the commit. Moderated as job requirements are: draft → submitted →
published (approved by the organisers) or rejected with a reason → closed by the
organisation; `first_submitted_at` is set by the first submission and never changed (the
figure `project_demands` counts from it).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yingcai.core import audit
from yingcai.core.mail import notify_user
from yingcai.core.services import require, require_role
from yingcai.organisations.models import Membership, Organisation

from .. import recommendations, search
from ..models import MAX_AMOUNT, Currency, Demand, Stage
from ..rules.demands import demand_kind_of

# The fields each kind of demand uses beyond its title, description, fields and contacts; the
# others stay empty (the form shows only these; an import naming others is refused).
KIND_FIELDS = {
    Demand.Kind.TECHNOLOGY: ("industries", "districts"),
    Demand.Kind.INDUSTRIES: ("offers", "industries", "districts"),
    Demand.Kind.INVESTMENT: (
        "industries",
        "stages",
        "ticket_min",
        "ticket_max",
        "currency",
        "districts",
    ),
    Demand.Kind.COMMERCIALISATION: ("industries", "stages"),
}
OPTIONAL = ("offers", "industries", "stages", "ticket_min", "ticket_max", "currency", "districts")
RELATIONS = ("fields", "industries", "districts")
# Changed only by the life-cycle functions, never by an edit.
STATE_FIELDS = (
    "status",
    "status_reason",
    "submitted_at",
    "first_submitted_at",
    "reviewed_by",
    "reviewed_at",
    "published_at",
    "closed_at",
)
MAX_BULK = 2000


class DemandsInvalid(ValidationError):
    """Some of several demands are invalid: `problems` is [(index, ValidationError)]."""

    def __init__(self, problems):
        self.problems = problems
        super().__init__(_("Some demands are not valid."))


def fields_for(kind: str) -> tuple[str, ...]:
    return KIND_FIELDS.get(kind, ())


def _used(demand: Demand, name: str, relations: dict) -> bool:
    if name in RELATIONS:
        return bool(relations.get(name))
    if name == "currency":
        return demand.currency != Currency.CNY
    if name == "offers":
        return bool((demand.offers_zh_hans or "").strip() or (demand.offers_en or "").strip())
    return getattr(demand, name, None) not in (None, "")


def validate(demand: Demand, relations: dict) -> None:
    """Every check of a demand, in words (the form's, again, for every other path)."""
    errors: dict[str, list[str]] = {}

    def refuse(name, message):
        errors.setdefault(name, []).append(message)

    for name in ("title", "description"):
        zh, en = f"{name}_zh_hans", f"{name}_en"
        if not (getattr(demand, zh) or "").strip() and not (getattr(demand, en) or "").strip():
            refuse(zh, _("Give it in Chinese, in English or both."))
    if errors:
        raise ValidationError(errors)
    # The texts are checked in their columns (title_zh_hans, title_en …): the untranslated
    # field is only the page language's view of them.
    demand.full_clean(
        exclude=[
            "organisation",
            "created_by",
            "reviewed_by",
            "title",
            "description",
            "offers",
            *STATE_FIELDS,
        ],
        validate_constraints=False,
    )
    allowed = fields_for(demand.kind)
    for name in OPTIONAL:
        if name not in allowed and _used(demand, name, relations):
            key = "offers_zh_hans" if name == "offers" else name
            refuse(key, _("This does not apply to a demand of this kind: leave it empty."))
    if not relations.get("fields"):
        refuse("fields", _("Choose at least one discipline field."))
    if demand.kind == Demand.Kind.INDUSTRIES:
        if not relations.get("districts"):
            refuse("districts", _("Choose the district or county, or several."))
        if not _used(demand, "offers", relations):
            refuse("offers_zh_hans", _("Say what you offer: land, premises, subsidies, policies."))
    known = set(Stage.values)
    if any(stage not in known for stage in demand.stage_list):
        refuse("stages", _("Unknown stage."))
    low, high = demand.ticket_min, demand.ticket_max
    for name, value in (("ticket_min", low), ("ticket_max", high)):
        if value is not None and not 0 <= value <= MAX_AMOUNT:
            refuse(name, _("Give an amount between 0 and 1,000,000,000,000."))
    if low is not None and high is not None and high < low:
        refuse("ticket_max", _("The upper end of the range is below its lower end."))
    if errors:
        raise ValidationError(errors)


def _reindex(demand: Demand) -> None:
    """The demand's search document, from its saved relations."""
    demand.search_document = search.demand_document(demand)
    Demand.objects.filter(pk=demand.pk).update(search_document=demand.search_document)


def _set_relations(demand: Demand, relations: dict) -> None:
    for name in RELATIONS:
        if name in relations:
            getattr(demand, name).set(relations[name])


def _refresh_on_commit(demand: Demand) -> None:
    pk = demand.pk
    transaction.on_commit(lambda: recommendations.queue_refresh(demand_ids=[pk]))


def _prepare(actor, organisation: Organisation, demand: Demand) -> None:
    demand.organisation = organisation
    demand.created_by = actor
    demand.kind = demand_kind_of(organisation) or ""
    demand.status = Demand.Status.DRAFT


@transaction.atomic
def create_demand(actor, organisation: Organisation, demand: Demand, relations: dict) -> Demand:
    """A new draft. `relations`: {"fields": [...], "industries": [...], "districts": [...]}."""
    require(actor, "projects.add_demand", organisation)
    _prepare(actor, organisation, demand)
    validate(demand, relations)
    demand.save()
    _set_relations(demand, relations)
    _reindex(demand)
    audit.record(actor, "demand.created", demand)
    return demand


@transaction.atomic
def create_demands(actor, organisation: Organisation, items: list[tuple[Demand, dict]]) -> list:
    """Many drafts at once (an Excel import): all or none, one audit entry for the batch."""
    require(actor, "projects.add_demand", organisation)
    if len(items) > MAX_BULK:
        raise ValidationError(_("Import at most %(n)s demands at once.") % {"n": MAX_BULK})
    problems = []
    for index, (demand, relations) in enumerate(items):
        _prepare(actor, organisation, demand)
        try:
            validate(demand, relations)
        except ValidationError as error:
            problems.append((index, error))
    if problems:
        raise DemandsInvalid(problems)
    created = Demand.objects.bulk_create([demand for demand, _relations in items], batch_size=500)
    for name in RELATIONS:
        through = getattr(Demand, name).through
        column = Demand._meta.get_field(name).m2m_reverse_field_name()
        through.objects.bulk_create(
            [
                through(demand_id=demand.pk, **{f"{column}_id": other.pk})
                for demand, (_same, relations) in zip(created, items, strict=True)
                for other in relations.get(name, ())
            ],
            batch_size=1000,
        )
    search.reindex_demands(created)
    audit.record_many(actor, "demand.created", created, imported=True)
    return created


def _lock(demand: Demand) -> Demand:
    try:
        return (
            Demand.objects.select_for_update(of=("self",))
            .select_related("organisation")
            .get(pk=demand.pk)
        )
    except Demand.DoesNotExist:
        raise ValidationError(_("This demand no longer exists.")) from None


@transaction.atomic
def update_demand(actor, demand: Demand, relations: dict, changed: list | None = None) -> Demand:
    require(actor, "projects.change_demand", demand)
    # Its life cycle as stored now: a demand submitted meanwhile is not edited, and the form's
    # stale status is never written back over it.
    current = _lock(demand)
    require(actor, "projects.change_demand", current)
    for name in (*STATE_FIELDS, "kind", "organisation", "created_by"):
        attname = Demand._meta.get_field(name).attname
        setattr(demand, attname, getattr(current, attname))
    validate(demand, relations)
    demand.save()
    _set_relations(demand, relations)
    _reindex(demand)
    audit.record(actor, "demand.changed", demand, fields=changed or [])
    return demand


@transaction.atomic
def submit_demand(actor, demand: Demand) -> Demand:
    require_role(actor, "projects.submit_demand", demand)
    demand = _lock(demand)
    require(actor, "projects.submit_demand", demand)
    validate(demand, {name: list(getattr(demand, name).all()) for name in RELATIONS})
    demand.status = Demand.Status.SUBMITTED
    demand.submitted_at = timezone.now()
    if demand.first_submitted_at is None:  # a resubmission keeps the first moment
        demand.first_submitted_at = demand.submitted_at
    demand.status_reason = ""
    demand.save(
        update_fields=[
            "status",
            "submitted_at",
            "first_submitted_at",
            "status_reason",
            "updated_at",
        ]
    )
    audit.record(actor, "demand.submitted", demand)
    return demand


@transaction.atomic
def approve_demand(actor, demand: Demand) -> Demand:
    """The organisers' approval publishes the demand at once."""
    require(actor, "projects.review_demand", demand)
    demand = _lock(demand)
    if demand.status != Demand.Status.SUBMITTED:
        raise ValidationError(_("Only a demand awaiting approval can be approved."))
    if not demand.organisation.is_verified:
        raise ValidationError(_("The organisation is not verified: it cannot publish."))
    now = timezone.now()
    demand.status = Demand.Status.PUBLISHED
    demand.reviewed_by, demand.reviewed_at, demand.published_at = actor, now, now
    demand.status_reason = ""
    demand.save()
    audit.record(actor, "demand.approved", demand)
    _notify_owner(demand, "demand_published")
    _refresh_on_commit(demand)
    return demand


@transaction.atomic
def reject_demand(actor, demand: Demand, reason: str) -> Demand:
    require(actor, "projects.review_demand", demand)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give the reason, so the organisation can correct it."))
    demand = _lock(demand)
    if demand.status != Demand.Status.SUBMITTED:
        raise ValidationError(_("Only a demand awaiting approval can be rejected."))
    demand.status = Demand.Status.REJECTED
    demand.status_reason = reason[:2000]
    demand.reviewed_by, demand.reviewed_at = actor, timezone.now()
    demand.save()
    audit.record(actor, "demand.rejected", demand, reason=demand.status_reason)
    _notify_owner(demand, "demand_rejected", reason=demand.status_reason)
    return demand


@transaction.atomic
def close_demand(actor, demand: Demand) -> Demand:
    require_role(actor, "projects.close_demand", demand)
    demand = _lock(demand)
    require(actor, "projects.close_demand", demand)  # the status as stored now
    was_published = demand.status == Demand.Status.PUBLISHED
    demand.status = Demand.Status.CLOSED
    demand.closed_at = timezone.now()
    demand.save(update_fields=["status", "closed_at", "updated_at"])
    audit.record(actor, "demand.closed", demand)
    if was_published:  # it leaves the recommendations
        _refresh_on_commit(demand)
    return demand


def _notify_owner(demand: Demand, template: str, **context) -> None:
    """Mail the member who wrote the demand (else the owners), after the commit."""
    recipients = [demand.created_by] if demand.created_by else []
    if not recipients:
        recipients = [
            m.user
            for m in Membership.objects.filter(
                organisation_id=demand.organisation_id, role=Membership.Role.OWNER
            ).select_related("user")
        ]
    for user in recipients:
        notify_user(user, template, {"demand": demand, **context})
