"""Scored stages for the tests of ranking, decisions, the outbox and results: Review rows made
directly (the scoring itself is services.reviews', tested there)."""

from yingcai.calls.models import Assignment, Review, Reviewer

from .factories import EntryFactory, ReviewerFactory


def reviewers(call, count: int) -> list[Reviewer]:
    """The call's first `count` reviewers, made as needed."""
    found = list(call.reviewers.order_by("pk")[:count])
    while len(found) < count:
        found.append(ReviewerFactory(call=call))
    return found


def score(stage, table: dict, pool: list[Reviewer] | None = None) -> None:
    """`table`: {entry: [total, total, …]}: the i-th total given by the pool's i-th reviewer."""
    widest = max((len(totals) for totals in table.values()), default=0)
    pool = pool or reviewers(stage.call, widest)
    for entry, totals in table.items():
        for reviewer, total in zip(pool, totals, strict=False):
            assignment = Assignment.objects.create(
                stage=stage, reviewer=reviewer, entry=entry, source="engine"
            )
            Review.objects.create(assignment=assignment, values={}, total=total)


def entries(call, count: int, **kwargs) -> list:
    return [EntryFactory(call=call, **kwargs) for _ in range(count)]


def closed(stage):
    stage.status = "closed"
    stage.save(update_fields=["status"])
    return stage
