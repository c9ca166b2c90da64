"""What the actions this app records mean, in the reader's words (see core.audit.labels)."""

from django.utils.translation import gettext_lazy as _

LABELS = {
    "round.created": _("round created"),
    "round.changed": _("round changed"),
    "round.opened": _("registration opened"),
    "round.registration_closed": _("registration closed"),
    "round.assessment": _("assessment opened"),
    "round.publicity": _("publicity started"),
    "round.placed": _("placement confirmed"),
    "post.created": _("post created"),
    "post.changed": _("post changed"),
    "post.reduced": _("post reduced"),
    "post.cancelled": _("post cancelled"),
    "recruitment.applied": _("application submitted"),
    "recruitment.resubmitted": _("application resubmitted"),
    "recruitment.withdrawn": _("application withdrawn"),
    "recruitment.transferred": _("transferred to another post"),
    "recruitment.certificate_uploaded": _("certificate uploaded"),
    "recruitment.certificates_purged": _("expired certificates deleted"),
    "recruitment.review_approve": _("qualification review passed"),
    "recruitment.review_reject": _("qualification review failed"),
    "recruitment.review_return": _("returned for correction"),
    "recruitment.scored": _("score entered"),
    "recruitment.ranked": _("ranked"),
    "recruitment.exam": _("physical examination recorded"),
    "recruitment.inspection": _("inspection recorded"),
    "recruitment.substitute": _("vacancy filled with the next in rank"),
    "recruitment.vacated": _("place vacated"),
    "recruitment.objection": _("objection received"),
    "recruitment.objection_handled": _("objection handled"),
}
