"""The figures of projects and project demands, and the breakdowns they own (stage, kind of
organisation).

- `project_demands`: the seed's "288 project demands" are the demands the organisations brought
  to the conference: every demand submitted to the organisers, whatever became of it later
  (approved, sent back, closed), as `job_requirements` counts job requirements; a draft never
  submitted is not a demand brought. Counted from its first submission
  (`first_submitted_at`, kept when it is sent back and submitted again).
- `projects_registered`: the seed's "607 projects registered" are the projects submitted to the
  organisers (`first_submitted_at` set), listed or not, withdrawn later or not.

Rows written in bulk without a first moment (a loader) count from their submission. Both
count from moments that never change, so `yingcai stats --at` is history; a row's present
field, district or stage is taken as it is now.
"""

from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from yingcai.core.registry.figures import Dimension, Figure, register, register_dimension
from yingcai.organisations.models import Organisation

from .models import Demand, Project, Stage

register_dimension(
    Dimension(
        "stage",
        _("stage of the project"),
        lambda: {value: str(label) for value, label in Stage.choices},
        ordered=True,
    )
)
register_dimension(
    Dimension(
        "organisation_kind",
        _("kind of organisation"),
        lambda: {value: str(label) for value, label in Organisation.Kind.choices},
    )
)


def _demands():
    return (
        Demand.objects.exclude(status=Demand.Status.DRAFT)
        .annotate(counted_from=Coalesce("first_submitted_at", "submitted_at"))
        .filter(counted_from__isnull=False)
    )


def _projects():
    return Project.objects.annotate(
        counted_from=Coalesce("first_submitted_at", "submitted_at")
    ).filter(counted_from__isnull=False)


register(
    Figure(
        key="project_demands",
        label=_("project demands"),
        unit=_("project demands"),
        rows=_demands,
        since="counted_from",
        # A demand's stages are a list (any stage when empty) and its organisation's origin is
        # no origin of a project: neither breaks it down meaningfully.
        breakdowns={
            "day": "counted_from",
            "field": "fields__slug",
            "district": "districts__slug",
            "organisation_kind": "organisation__kind",
        },
        help=_(
            "Project demands organisations submitted, whatever became of them later; by "
            "district: the districts they name."
        ),
        order=40,
    )
)
register(
    Figure(
        key="projects_registered",
        label=_("projects registered"),
        unit=_("projects"),
        rows=_projects,
        since="counted_from",
        breakdowns={
            "day": "counted_from",
            "field": "field__slug",
            "district": "district__slug",
            "stage": "stage",
            "origin": "origin",
        },
        help=_(
            "Projects submitted to the organisers, whatever became of them later; by district: "
            "the district they wish to settle in."
        ),
        order=41,
    )
)
