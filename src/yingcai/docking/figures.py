"""The docking's figures: meetings scheduled and held, agreements signed, projects settled.

The moments each figure counts from, so that `yingcai stats --at` is history:

- `docking_meetings_scheduled`: published meetings, each from the later of its placing
  (`Meeting.placed_at`) and its session's publication (`Session.published_at`): the moment
  the participants learnt of it. A meeting cancelled later leaves the figure at every
  moment — its present status is read, as the registry documents.
- `docking_meetings_held`: published meetings that at least one side marked held (the other
  side may never mark it; a meeting both sides marked missed is not held), from the start
  of their slot — when the meeting took place, whenever it was marked.
- `agreements_signed`: signed agreements the organisers confirmed, from the confirmation
  (`Outcome.confirmed_at`, set once); a meeting counts once even when both sides record its
  agreement (the first confirmed stands for it).
- `projects_settled`: distinct projects with a confirmed agreement of settlement in
  Chongqing, from their first such confirmation.

The amounts signed are a breakdown of `agreements_signed` into bands of amount and currency
(`amount`): the registry counts rows. Their sums by district and by field are on the
organisers' queue of agreements (`amounts_signed`).
"""

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Concat, Greatest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from yingcai.core.registry.figures import Dimension, Figure, dimension, register, register_dimension
from yingcai.organisations.models import Organisation
from yingcai.projects.models import Currency, Origin, Project, Stage

from .models import Meeting, Outcome, Seat

# Amount bands, per currency, in whole units.
BANDS = [(1_000_000, "under-1m"), (10_000_000, "1m-10m"), (100_000_000, "10m-100m")]
TOP_BAND = "100m-plus"


def _ensure(found: Dimension) -> None:
    """A dimension the projects' figures may declare too: registered once, whoever is first."""
    try:
        dimension(found.key)
    except KeyError:
        register_dimension(found)


def _band_labels():
    words = {
        "under-1m": _("under 1 million"),
        "1m-10m": _("1 to 10 million"),
        "10m-100m": _("10 to 100 million"),
        TOP_BAND: _("100 million or more"),
        "none": _("no amount"),
    }
    return {
        f"{currency}-{band}": f"{label} · {words[band]}"
        for currency, label in Currency.choices
        for band in words
    }


_ensure(Dimension("stage", _("stage"), lambda: dict(Stage.choices), ordered=True))
_ensure(
    Dimension(
        "origin",
        pgettext_lazy("origin of a project", "origin"),
        lambda: dict(Origin.choices),
    )
)
_ensure(
    Dimension(
        "organisation_kind", _("kind of organisation"), lambda: dict(Organisation.Kind.choices)
    )
)
register_dimension(
    Dimension("agreement_kind", _("kind of agreement"), lambda: dict(Outcome.AgreementKind.choices))
)
register_dimension(Dimension("amount", _("amount signed"), _band_labels, ordered=True))


def _meeting_sides(rows):
    """The project and the organisation of each meeting, whichever side asked."""
    return rows.annotate(
        project_field=Coalesce(
            "request__requester__project__field__slug",
            "request__counterpart__project__field__slug",
        ),
        project_stage=Coalesce(
            "request__requester__project__stage", "request__counterpart__project__stage"
        ),
        project_origin=Coalesce(
            "request__requester__project__origin", "request__counterpart__project__origin"
        ),
        project_district=Coalesce(
            "request__requester__project__district__slug",
            "request__counterpart__project__district__slug",
        ),
        organisation_kind=Coalesce(
            "request__requester__organisation__kind", "request__counterpart__organisation__kind"
        ),
    )


def _scheduled():
    return _meeting_sides(
        Meeting.objects.filter(status=Meeting.Status.PUBLISHED).annotate(
            scheduled_at=Greatest("placed_at", Coalesce("session__published_at", "placed_at"))
        )
    )


def _held():
    return _meeting_sides(
        Meeting.objects.filter(status=Meeting.Status.PUBLISHED)
        .filter(Exists(Seat.objects.filter(meeting=OuterRef("pk"), attendance="held")))
        .annotate(held_at=F("slot__starts_at"))
    )


def _confirmed_agreements():
    return Outcome.objects.filter(result=Outcome.Result.AGREEMENT, confirmed_at__isnull=False)


def _band():
    return Case(
        When(amount__isnull=True, then=Value("none")),
        *[When(amount__lt=limit, then=Value(band)) for limit, band in BANDS],
        default=Value(TOP_BAND),
        output_field=CharField(),
    )


def agreements():
    """Confirmed agreements, one per meeting: the first confirmed of the meeting's (by
    moment, then id), so that a second side's later confirmation changes no past count."""
    earlier = (
        _confirmed_agreements()
        .filter(meeting=OuterRef("meeting"))
        .filter(
            Q(confirmed_at__lt=OuterRef("confirmed_at"))
            | Q(confirmed_at=OuterRef("confirmed_at"), pk__lt=OuterRef("pk"))
        )
    )
    return (
        _confirmed_agreements()
        .exclude(Exists(earlier))
        .annotate(
            organisation_kind=Coalesce(
                "meeting__request__requester__organisation__kind",
                "meeting__request__counterpart__organisation__kind",
            ),
            amount_bucket=Concat("currency", Value("-"), _band(), output_field=CharField()),
        )
    )


def _settlements():
    return _confirmed_agreements().filter(agreement_kind=Outcome.AgreementKind.SETTLEMENT)


def _settled():
    first = _settlements().filter(project=OuterRef("pk")).order_by("confirmed_at", "pk")
    return Project.objects.annotate(
        settled_at=Subquery(first.values("confirmed_at")[:1]),
        settled_in=Subquery(first.values("district__slug")[:1]),
    ).filter(settled_at__isnull=False)


def amounts_signed(by: str = "district") -> list[dict]:
    """The amounts of the confirmed agreements (one per meeting) summed by district or field
    and currency: [{"bucket": slug, "currency": "CNY", "amount": n, "agreements": k}]."""
    path = {"district": "district__slug", "field": "field__slug"}[by]
    rows = (
        agreements()
        .order_by()
        .values(bucket=F(path), currency_code=F("currency"))
        .annotate(total=Sum("amount"), count=Count("pk"))
    )
    found = [
        {
            "bucket": row["bucket"] or "unknown",
            "currency": row["currency_code"],
            "amount": row["total"] or 0,
            "agreements": row["count"],
        }
        for row in rows
    ]
    return sorted(found, key=lambda r: (r["currency"], -r["amount"], r["bucket"]))


MEETING_BREAKDOWNS = {
    "field": "project_field",
    "stage": "project_stage",
    "origin": "project_origin",
    "district": "project_district",
    "organisation_kind": "organisation_kind",
}

register(
    Figure(
        key="docking_meetings_scheduled",
        label=_("docking meetings scheduled"),
        unit=_("meetings"),
        rows=_scheduled,
        since="scheduled_at",
        breakdowns={"day": "scheduled_at", **MEETING_BREAKDOWNS},
        help=_("Published one-to-one meetings of the docking sessions, not cancelled."),
        order=60,
    )
)
register(
    Figure(
        key="docking_meetings_held",
        label=_("docking meetings held"),
        unit=_("meetings"),
        rows=_held,
        since="held_at",
        breakdowns={"day": "held_at", **MEETING_BREAKDOWNS},
        help=_("Meetings that at least one side marked as held."),
        order=61,
    )
)
register(
    Figure(
        key="agreements_signed",
        label=_("agreements signed"),
        unit=_("agreements"),
        rows=agreements,
        since="confirmed_at",
        breakdowns={
            "day": "confirmed_at",
            "field": "field__slug",
            "district": "district__slug",
            "stage": "project__stage",
            "origin": "project__origin",
            "organisation_kind": "organisation_kind",
            "agreement_kind": "agreement_kind",
            "amount": "amount_bucket",
        },
        help=_(
            "Signed agreements recorded after a docking meeting and confirmed by the "
            "organisers, once per meeting."
        ),
        order=62,
    )
)
register(
    Figure(
        key="projects_settled",
        label=_("projects settled in Chongqing"),
        unit=_("projects"),
        rows=_settled,
        since="settled_at",
        breakdowns={
            "day": "settled_at",
            "field": "field__slug",
            "district": "settled_in",
            "stage": "stage",
            "origin": "origin",
        },
        help=_("Projects with a confirmed agreement to settle in Chongqing."),
        order=63,
    )
)
