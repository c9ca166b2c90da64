"""What the calls machinery holds about a person (core.registry.personal_data). Each part of
the machinery registers its own provider in its own block below."""

from yingcai.core.registry.personal_data import ORDER_CONTENT, Provider, register

from .models import Conflict, Review, Reviewer


def _when(moment):
    return moment.isoformat() if moment else None


# --- The review: reviewer roles, conflicts declared, reviews given -------------------------
# Erasure keeps the reviewer's rows and scores — a stage's ranking and its published results
# stand on them, and the account they point at is anonymised — but clears what the person
# wrote (comments, the reasons of declared conflicts) and what describes them in the pool
# (affiliation, fields of expertise, organisation).
def export_review(user) -> dict:
    roles = list(
        Reviewer.objects.filter(user=user)
        .select_related("call", "organisation")
        .prefetch_related("fields")
        .order_by("added_at", "pk")
    )
    reviews = (
        Review.objects.filter(assignment__reviewer__user=user)
        .select_related("assignment__stage__call", "assignment__entry__project")
        .order_by("submitted_at", "pk")
    )
    conflicts = (
        Conflict.objects.filter(reviewer__user=user)
        .select_related("reviewer__call", "entry__project")
        .order_by("created_at", "pk")
    )
    return {
        "call_reviewer_roles": [
            {
                "call": str(r.call),
                "fields": [str(f) for f in r.fields.all()],
                "organisation": str(r.organisation) if r.organisation_id else None,
                "affiliation": r.affiliation,
                "active": r.is_active,
                "added_at": _when(r.added_at),
            }
            for r in roles
        ],
        "call_conflicts_of_interest": [
            {
                "call": str(c.reviewer.call),
                "entry": str(c.entry.project),
                "source": c.source,
                "reason": c.reason,
                "recorded_at": _when(c.created_at),
            }
            for c in conflicts
        ],
        "call_reviews_given": [
            {
                "call": str(r.assignment.stage.call),
                "stage": str(r.assignment.stage),
                "entry": str(r.assignment.entry.project),
                "scores": r.values,
                "total": r.total,
                "comment": r.comment,
                "submitted_at": _when(r.submitted_at),
                "updated_at": _when(r.updated_at),
            }
            for r in reviews
        ],
    }


def erase_review(user) -> None:
    Review.objects.filter(assignment__reviewer__user=user).update(comment="", idempotency_key="")
    Conflict.objects.filter(reviewer__user=user).update(reason="")
    for reviewer in Reviewer.objects.filter(user=user):
        reviewer.fields.clear()
    Reviewer.objects.filter(user=user).update(affiliation="", organisation=None, is_active=False)
    Reviewer.objects.filter(added_by=user).update(added_by=None)


def review_records(user):
    return [
        Reviewer.objects.filter(user=user),
        Review.objects.filter(assignment__reviewer__user=user),
    ]


register(
    Provider(
        key="calls_review",
        models=("calls.Reviewer",),
        export=export_review,
        erase=erase_review,
        records=review_records,
        order=ORDER_CONTENT,
        keeps="A reviewer's roles and scores stay (rankings and published results stand on "
        "them), without comments, reasons, affiliation or organisation, pointing at the "
        "anonymised account.",
    )
)
