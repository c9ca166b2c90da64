"""The figures of the calls: the roadshow's applications and selection, the contest's entries,
semi-finalists and finalists; and the breakdowns they own (division, track).

What each counts, and from which moment (one that never changes, so `yingcai stats --at` is
history):

- `roadshow_applications`: the seed's "more than 600 applications for roadshow projects" are
  the entries submitted to a roadshow call, whatever became of them (selected, rejected,
  withdrawn later), from their first submission (`Entry.first_submitted_at`, kept when an
  entry is withdrawn and submitted again); a draft never submitted is no application.
- `roadshow_selected`: "24 projects entered the on-site roadshow": the confirmed acceptances
  of a roadshow call's last stage (its selection), from their confirmation
  (`Decision.confirmed_at`). A proposal not confirmed yet selects nobody.
- `contest_entries`: "330 projects registered for the competition": entries submitted to a
  contest, as the roadshow's applications.
- `contest_semifinalists`: the entries taking part in a contest's semi-final, which is the
  first live-panel stage before the last one (the Talents Cup: preliminary online review →
  semi-final panels per division → final), from the moment they were advanced to it
  (`StageEntry.added_at`).
- `contest_finalists`: "25 projects have passed" to the final: the entries taking part in a
  contest's last stage, from the moment they advanced to it.

Breakdowns: the project's discipline field and origin (domestic or overseas) as they are now,
the entry's division and track (their short names, labelled with the divisions' and tracks'
own names in each language; the same short name in two editions is one bucket).
"""

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from yingcai.core.registry.figures import Dimension, Figure, register, register_dimension

from .models import Call, Decision, Division, Entry, Stage, StageEntry, Track


def _names(model):
    # The name field is translated (modeltranslation): read in the active language, the
    # other one when it is empty.
    return lambda: {row.slug: str(row.name) for row in model.objects.order_by("pk")}


register_dimension(Dimension("division", pgettext_lazy("breakdown", "division"), _names(Division)))
register_dimension(Dimension("track", pgettext_lazy("breakdown", "track"), _names(Track)))


def _entries(kind):
    def rows():
        return Entry.objects.filter(call__kind=kind, first_submitted_at__isnull=False)

    return rows


def _later_stage(prefix=""):
    """A stage of the same call after this one (the stage at `prefix`)."""
    return Stage.objects.filter(
        call=OuterRef(f"{prefix}call"), position__gt=OuterRef(f"{prefix}position")
    )


def _roadshow_selected():
    return Decision.objects.filter(
        stage__call__kind=Call.Kind.ROADSHOW,
        outcome=Decision.Outcome.ACCEPT,
        confirmed_at__isnull=False,
    ).exclude(Exists(_later_stage("stage__")))


def _semi_final_stages():
    earlier_panel = Stage.objects.filter(
        call=OuterRef("call"), kind=Stage.Kind.PANEL, position__lt=OuterRef("position")
    )
    return Stage.objects.filter(call__kind=Call.Kind.CONTEST, kind=Stage.Kind.PANEL).filter(
        ~Exists(earlier_panel), Exists(_later_stage())
    )


def _contest_semifinalists():
    return StageEntry.objects.filter(stage__in=_semi_final_stages())


def _contest_finalists():
    return StageEntry.objects.filter(stage__call__kind=Call.Kind.CONTEST).exclude(
        Exists(_later_stage("stage__"))
    )


def _breakdowns(entry, moment):
    return {
        "day": moment,
        "field": f"{entry}project__field__slug",
        "division": f"{entry}division__slug",
        "track": f"{entry}track__slug",
        "origin": f"{entry}project__origin",
    }


register(
    Figure(
        key="roadshow_applications",
        label=_("roadshow applications"),
        unit=_("projects"),
        rows=_entries(Call.Kind.ROADSHOW),
        since="first_submitted_at",
        breakdowns=_breakdowns("", "first_submitted_at"),
        help=_("Projects entered in a roadshow call, whatever became of them later."),
        order=70,
    )
)
register(
    Figure(
        key="roadshow_selected",
        label=_("projects selected for the roadshow"),
        unit=_("projects"),
        rows=_roadshow_selected,
        since="confirmed_at",
        breakdowns=_breakdowns("entry__", "confirmed_at"),
        help=_("Roadshow applications accepted by the organisers after the expert review."),
        order=71,
    )
)
register(
    Figure(
        key="contest_entries",
        label=_("contest entries"),
        unit=_("projects"),
        rows=_entries(Call.Kind.CONTEST),
        since="first_submitted_at",
        breakdowns=_breakdowns("", "first_submitted_at"),
        help=_("Projects entered in a project contest, whatever became of them later."),
        order=72,
    )
)
register(
    Figure(
        key="contest_semifinalists",
        label=_("contest semi-finalists"),
        unit=_("projects"),
        rows=_contest_semifinalists,
        since="added_at",
        breakdowns=_breakdowns("entry__", "added_at"),
        help=_("Contest entries that advanced to the semi-finals."),
        order=73,
    )
)
register(
    Figure(
        key="contest_finalists",
        label=_("contest finalists"),
        unit=_("projects"),
        rows=_contest_finalists,
        since="added_at",
        breakdowns=_breakdowns("entry__", "added_at"),
        help=_("Contest entries that advanced to the final."),
        order=74,
    )
)
