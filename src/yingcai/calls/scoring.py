"""A review's scores checked against its stage's rubric, and its weighted total.

Shared by the online review and the live panels, so that one rule decides what a score is:
every criterion of the stage scored, each a whole or half number inside its range (a score
outside answers a translated error naming the criterion, and nothing is saved), and the total
the weighted mean rescaled to 0–100, so that rubrics with different ranges compare.
"""

import math
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Half points are the finest a judge marks on a phone; anything finer is a typing slip.
STEP = Decimal("0.5")


def clean_values(criteria, raw) -> tuple[dict[str, float], float]:
    """`raw` maps a criterion's id (int or str) to a number or numeric text. Answers the
    cleaned values keyed by str(id) and the total, or raises ValidationError (a dict of
    messages by criterion id, or one message for extra or missing keys)."""
    criteria = list(criteria)
    if not criteria:
        raise ValidationError(_("This stage has no rubric yet."), code="no_rubric")
    if not isinstance(raw, dict):
        raise ValidationError(_("Give a score for every criterion."), code="missing")
    known = {str(c.pk) for c in criteria}
    given = {str(key): value for key, value in raw.items()}
    if set(given) - known:
        raise ValidationError(_("A score was given for a criterion of another rubric."))
    errors = {}
    values = {}
    for criterion in criteria:
        key = str(criterion.pk)
        value = given.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            errors[key] = _("Give a score for “%(criterion)s”.") % {"criterion": criterion}
            continue
        try:
            number = Decimal(str(value).strip())
        except (InvalidOperation, ValueError):
            number = None
        if number is None or not number.is_finite() or isinstance(value, bool):
            errors[key] = _("The score for “%(criterion)s” must be a number.") % {
                "criterion": criterion
            }
            continue
        if not criterion.min_score <= number <= criterion.max_score:
            errors[key] = _(
                "The score for “%(criterion)s” must be between %(low)s and %(high)s."
            ) % {"criterion": criterion, "low": criterion.min_score, "high": criterion.max_score}
            continue
        if number % STEP:
            errors[key] = _("The score for “%(criterion)s” must be a whole or half point.") % {
                "criterion": criterion
            }
            continue
        values[key] = float(number)
    if errors:
        raise ValidationError(errors)
    return values, total_of(criteria, values)


def total_of(criteria, values: dict[str, float]) -> float:
    """The weighted mean of the values, each rescaled to 0–100 by its criterion's range."""
    weights = []
    parts = []
    for criterion in criteria:
        weight = float(criterion.weight)
        share = (values[str(criterion.pk)] - criterion.min_score) / (
            criterion.max_score - criterion.min_score
        )
        weights.append(weight)
        parts.append(weight * share * 100)
    return round(math.fsum(parts) / math.fsum(weights), 4)
