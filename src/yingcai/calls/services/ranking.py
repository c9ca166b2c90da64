"""The ranking of a stage: its reviews' totals through the engine, per division or per track.

`rank(stage)` reads every review total of the stage (Review → Assignment: stage, reviewer,
entry; withdrawn entries and conflicted reviews left out) and asks
`yingcai.matching.contest.rank_entries` with the stage's method: z-scores per reviewer for an
online review (each reviewer's leniency and scale taken out), the trimmed mean for a live
panel. The scores are computed once over the whole
stage (a reviewer's z-scores use all their scores); the lines are then the stage's divisions
(`per_division`), its tracks, or one overall line, each ranked on its own.

The cut of a line is the places it has: the stage's `accept_count` overall, the division's
`Advancement.top_n` per division. Entries tied with the last one inside the cut are marked
(`tie_at_cut`): the engine's order rule (more scores, higher median, id) is only a proposal
there, and the organisers decide those entries by hand before confirming (services.decisions).

Wildcards compare entries across divisions on a normalised score: the score itself for
z-scores (already free of each reviewer's leniency), otherwise the score standardised within
its division's line (each panel has its own leniency).

Reads a fixed number of queries whatever the size: reviews, the entries taking part, the
entries with their project's title, the call's divisions and tracks, the reviewers with their
names, the advancement rules.
"""

import math
from dataclasses import dataclass, field

from yingcai.matching.contest import rank_entries

from ..models import Advancement, Division, Entry, Reviewer, Stage, StageEntry, Track
from . import reviews

OVERALL, BY_DIVISION, BY_TRACK = "overall", "division", "track"
ENTRY_FIELDS = (
    "id",
    "call_id",
    "status",
    "division_id",
    "track_id",
    "project__id",
    "project__title_zh_hans",
    "project__title_en",
)
NONE = "-"


@dataclass
class Row:
    entry: Entry
    score: float
    rank: int
    tied: bool
    count: int
    inside: bool = False  # inside the line's cut (places)
    tie_at_cut: bool = False
    normalised: float = 0.0


@dataclass
class Line:
    group: object  # a Division, a Track, or None (overall, or entries without one)
    rows: list[Row]
    places: int | None = None

    @property
    def tie_at_cut(self) -> bool:
        return any(row.tie_at_cut for row in self.rows)


@dataclass
class Ranking:
    stage: Stage
    by: str
    lines: list[Line]
    unscored: list[Entry]
    reviewers: list[dict] = field(default_factory=list)

    @property
    def tie_at_cut(self) -> bool:
        return any(line.tie_at_cut for line in self.lines)

    @property
    def ties(self) -> bool:
        return any(row.tied for line in self.lines for row in line.rows)

    @property
    def rows(self) -> list[Row]:
        return [row for line in self.lines for row in line.rows]

    def scored(self) -> int:
        return sum(len(line.rows) for line in self.lines)


def default_grouping(stage: Stage) -> str:
    return BY_DIVISION if stage.per_division else OVERALL


def rank(stage: Stage, by: str | None = None) -> Ranking:
    """The stage's ranking, `by` division, track or overall (default: as the stage ranks)."""
    by = by if by in (OVERALL, BY_DIVISION, BY_TRACK) else default_grouping(stage)
    triples = list(reviews.counted_reviews(stage))
    taking_part = set(StageEntry.objects.filter(stage=stage).values_list("entry_id", flat=True))
    ids = taking_part | {entry for _reviewer, entry, _total in triples}
    # Only what a ranking shows: whole projects (a hundred columns, dates converted one by
    # one) cost more than the engine. Divisions and tracks are the call's few rows.
    entries = {
        e.pk: e
        for e in Entry.objects.filter(pk__in=sorted(ids))
        .exclude(status=Entry.Status.WITHDRAWN)
        .select_related("project")
        .only(*ENTRY_FIELDS)
    }
    divisions = {d.pk: d for d in Division.objects.filter(call_id=stage.call_id)}
    tracks = {t.pk: t for t in Track.objects.filter(call_id=stage.call_id)}
    for entry in entries.values():
        entry.division = divisions.get(entry.division_id)
        entry.track = tracks.get(entry.track_id)
    triples = [t for t in triples if t[1] in entries]
    reviewers = {
        r.pk: r
        for r in Reviewer.objects.filter(
            pk__in=sorted({reviewer for reviewer, _e, _t in triples})
        ).select_related("user")
    }
    scored = {entry for _reviewer, entry, _total in triples}
    unscored = [entries[pk] for pk in sorted(set(entries) - scored)]
    if not triples:
        return Ranking(stage, by, [], unscored, [])

    def group_of(entry):
        key = entry.division_id if by == BY_DIVISION else entry.track_id
        return NONE if key is None else str(key)

    groups = None
    if by != OVERALL:
        groups = {str(pk): group_of(entries[pk]) for pk in scored}
    places = stage.accept_count if by == OVERALL else None
    result = rank_entries(
        [(str(r), str(e), total) for r, e, total in triples],
        stage.method,
        groups=groups,
        advance=places,
        per_group=groups is not None,
    )

    lines_by_key: dict[str, list[Row]] = {}
    for item in result["ranking"]:
        entry = entries[int(item["entry"])]
        row = Row(
            entry=entry,
            score=item["score"],
            rank=item.get("rank_in_division", item["rank"]),
            tied=item["tied"],
            count=item["count"],
        )
        lines_by_key.setdefault(groups[item["entry"]] if groups else NONE, []).append(row)

    tops = {}
    if by == BY_DIVISION:
        tops = {
            str(division): top
            for division, top in Advancement.objects.filter(stage=stage).values_list(
                "division_id", "top_n"
            )
        }
    lines = []
    for key, rows in lines_by_key.items():
        group = None
        if key != NONE:
            first = rows[0].entry
            group = first.division if by == BY_DIVISION else first.track
        line_places = places if by == OVERALL else tops.get(key) if by == BY_DIVISION else None
        if by == BY_DIVISION and line_places is None:
            line_places = 0 if tops else None
        _cut(rows, line_places)
        _normalise(rows, stage.method)
        lines.append(Line(group=group, rows=rows, places=line_places))
    lines.sort(key=lambda line: _line_order(line.group))

    stats = result["judges"]
    everyone = math.fsum(total for _r, _e, total in triples) / len(triples)
    ranked_reviewers = []
    for pk in sorted(reviewers, key=lambda pk: str(reviewers[pk].user)):
        s = stats.get(str(pk))
        if s is None:
            continue
        ranked_reviewers.append(
            {
                "reviewer": reviewers[pk],
                "count": s["count"],
                "mean": s["mean"],
                "std": s["std"],
                "leniency": round(s["mean"] - everyone, 2),
            }
        )
    return Ranking(stage, by, lines, unscored, ranked_reviewers)


def _line_order(group):
    if group is None:
        return (1, 0, 0)
    return (0, group.position, group.pk)


def _cut(rows: list[Row], places: int | None) -> None:
    """Mark the rows inside the cut, and the cluster of ties the cut falls into."""
    if places is None:
        return
    for index, row in enumerate(rows):
        row.inside = index < places
    if 0 < places < len(rows) and rows[places - 1].rank == rows[places].rank:
        tied_rank = rows[places - 1].rank
        for row in rows:
            if row.rank == tied_rank:
                row.tie_at_cut = True


def _normalise(rows: list[Row], method: str) -> None:
    if method == Stage.Method.ZSCORE:
        for row in rows:
            row.normalised = row.score
        return
    values = [row.score for row in rows]
    mean = math.fsum(values) / len(values)
    std = math.sqrt(math.fsum((v - mean) ** 2 for v in values) / len(values))
    for row in rows:
        row.normalised = 0.0 if std == 0 else round((row.score - mean) / std, 6) + 0.0
