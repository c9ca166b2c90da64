"""Scores of an online review: one review per assignment, editable until the scoring closes.

`submit_review` locks the assignment, asks the rule again on the locked row (own assignment,
no conflict of interest, the stage still scoring), checks the values against the rubric
(`calls.scoring.clean_values`) and writes the one review (a one-to-one on the assignment). A
request carrying the key of the last saved submission again — a double tap, a retry after a
lost connection — changes nothing. `close_scoring` ends the stage's scoring.
"""

import re

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yingcai.core import audit
from yingcai.core.services import require, require_role

from ..models import Assignment, Entry, Review, Stage
from ..scoring import clean_values

MAX_COMMENT = 4000
KEY = re.compile(r"^[A-Za-z0-9-]{1,64}$")


def _clean_comment(comment) -> str:
    comment = (comment or "").strip() if isinstance(comment, str) else ""
    if "\x00" in comment:
        raise ValidationError({"comment": _("The text contains a character that is not allowed.")})
    if len(comment) > MAX_COMMENT:
        raise ValidationError(
            {
                "comment": _("Keep the text to %(limit)s characters or fewer.")
                % {"limit": MAX_COMMENT}
            }
        )
    return comment


@transaction.atomic
def submit_review(user, assignment: Assignment, values, comment="", idempotency_key="") -> Review:
    """Save the reviewer's scores and comment for one assignment (the review made or
    changed). Raises ValidationError (the scores' errors by criterion id, or one message) or
    PermissionDenied; nothing is saved then."""
    require_role(user, "calls.review_score", assignment)
    key = idempotency_key or ""
    if key and not KEY.match(key):
        raise ValidationError(_("The page sent a malformed request. Reload it and try again."))
    # The stage first (parent before child): closing the scoring waits for a save under way,
    # and a save after the closing sees it closed.
    stage = Stage.objects.select_for_update(no_key=True).filter(pk=assignment.stage_id).first()
    stored = Assignment.objects.select_for_update().filter(pk=assignment.pk).first()
    if stored is None or stage is None:
        raise ValidationError(_("The assignment no longer exists; reload the page."))
    stored.stage = stage
    require(user, "calls.review_score", stored)
    review = Review.objects.filter(assignment=stored).first()
    if review is not None and key and review.idempotency_key == key:
        return review
    cleaned, total = clean_values(stored.stage.criteria.order_by("position", "pk"), values)
    comment = _clean_comment(comment)
    now = timezone.now()
    if review is None:
        try:
            with transaction.atomic():
                review = Review.objects.create(
                    assignment=stored,
                    values=cleaned,
                    total=total,
                    comment=comment,
                    idempotency_key=key,
                    submitted_at=now,
                    updated_at=now,
                )
        except IntegrityError:
            # Only without the lock (a path that forgot it): the first review stands.
            raise ValidationError(_("This entry was scored meanwhile. Reload the page.")) from None
        audit.record(user, "calls_review.submitted", review, total=total)
        return review
    review.values = cleaned
    review.total = total
    review.comment = comment
    review.idempotency_key = key
    review.updated_at = now
    review.save(update_fields=["values", "total", "comment", "idempotency_key", "updated_at"])
    audit.record(user, "calls_review.changed", review, total=total)
    return review


@transaction.atomic
def close_scoring(actor, stage: Stage) -> int:
    """End the scoring of an online review stage: no score changes after. Answers how many
    assignments are scored."""
    require_role(actor, "calls.review_close_scoring", stage)
    try:
        stage = Stage.objects.select_for_update().get(pk=stage.pk)
    except Stage.DoesNotExist:
        raise ValidationError(_("The stage no longer exists; reload the page.")) from None
    require(actor, "calls.review_close_scoring", stage)
    stage.status = Stage.Status.CLOSED
    if stage.scoring_closes_at is None or stage.scoring_closes_at > timezone.now():
        stage.scoring_closes_at = timezone.now()
    stage.save(update_fields=["status", "scoring_closes_at"])
    scored = Review.objects.filter(assignment__stage=stage).count()
    audit.record(actor, "calls_review.scoring_closed", stage, scored=scored)
    return scored


def counted_reviews(stage: Stage):
    """(reviewer id, entry id, total) of the reviews of a stage that count: not of a withdrawn
    entry, not by a reviewer with a conflict of interest with the entry recorded since.
    One query; the ranking (services.ranking) reads the same rows."""
    return (
        Review.objects.filter(assignment__stage=stage)
        .exclude(assignment__entry__status=Entry.Status.WITHDRAWN)
        .exclude(assignment__entry__conflicts__reviewer_id=models.F("assignment__reviewer_id"))
        .values_list("assignment__reviewer_id", "assignment__entry_id", "total")
        .order_by("assignment__entry_id", "assignment__reviewer_id")
    )


def stage_scores(stage: Stage) -> list[tuple[str, str, float]]:
    """The counted reviews as text ids for `yingcai.matching.contest.rank_entries`."""
    rows = counted_reviews(stage)
    return [(str(reviewer), str(entry), total) for reviewer, entry, total in rows]
