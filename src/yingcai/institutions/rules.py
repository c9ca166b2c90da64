"""Public-institution recruitment: rounds, posts, review, assessment, certificates.

Reviewing, scoring and recording checks are state-aware: who may do them (the role rules
`institutions.review` and `institutions.assess`) and when (the round's phase, the
application's status) are one rule each — `review_application`, `score_application`,
`check_application`. The institution's pages ask them to show a form; the services ask them
again on the locked rows (`yingcai.core.services.require`) and name the phase or status that
refuses.
"""

import rules
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yingcai.core.rules import (
    add_state_perm,
    is_active_user,
    is_organiser_staff,
    is_own,
    is_recruitment_staff,
    model_perms,
)
from yingcai.organisations.rules import (
    is_org_member,
    is_org_recruiter,
    is_public_institution,
    is_verified_org,
    memberships,
)
from yingcai.privacy.rules import consent_is_active
from yingcai.talents.rules import cv_readers, profile_readers, talent_user_id

from .models import Post, PostApplication, Round

A = PostApplication.Status
P = Round.Phase

# Rounds whose posts may still be added or changed.
OPEN_FOR_POSTS = (P.DRAFT, P.REGISTRATION)
# Qualification review: in these phases, of applications in these states.
REVIEW_PHASES = (P.REGISTRATION, P.REVIEW)
AWAITING_REVIEW = (A.SUBMITTED, A.APPROVED, A.REJECTED)
# Scores are entered during the assessment, for qualified applicants.
SCORE_PHASES = (P.ASSESSMENT,)
SCORABLE = (A.APPROVED,)
# The physical examination and the inspection, until the placement is confirmed.
CHECK_PHASES = (P.ASSESSMENT, P.PUBLICITY)
CHECKABLE = (A.APPROVED, A.PROPOSED)
# The applicant's side: what may still be withdrawn, and transferred (改报).
WITHDRAWABLE = (A.SUBMITTED, A.RETURNED, A.APPROVED, A.PROPOSED)
TRANSFERABLE = (A.CANCELLED, A.SUBMITTED, A.APPROVED, A.RETURNED)


def _round(obj):
    """The round of a post, an application or a certificate; a round is its own."""
    return getattr(obj, "round", obj)


def round_in(*phases: str) -> rules.Predicate:
    """The round of the object is at one of these phases."""

    @rules.predicate(name=f"round_in:{','.join(phases)}")
    def predicate(user, obj):
        round_ = _round(obj)
        return round_ is not None and round_.phase in phases

    return predicate


def application_in(*statuses: str) -> rules.Predicate:
    @rules.predicate(name=f"application_in:{','.join(statuses)}")
    def predicate(user, obj):
        return obj is not None and obj.status in statuses

    return predicate


@rules.predicate
def round_is_public(user, obj):
    round_ = _round(obj)
    return round_ is not None and getattr(round_, "phase", P.DRAFT) != P.DRAFT


posts_are_open_for_changes = round_in(*OPEN_FOR_POSTS)
round_takes_reviews = round_in(*REVIEW_PHASES)
awaiting_review = application_in(*AWAITING_REVIEW)
round_takes_scores = round_in(*SCORE_PHASES)
scorable = application_in(*SCORABLE)
round_takes_checks = round_in(*CHECK_PHASES)
checkable = application_in(*CHECKABLE)

withdrawable = application_in(*WITHDRAWABLE)
returned = application_in(A.RETURNED)
transferable = application_in(*TRANSFERABLE)


@rules.predicate
def corrections_open(user, obj):
    return timezone.now() < obj.round.review_closes


@rules.predicate
def post_reduced_or_cancelled(user, obj):
    return obj.post.status != Post.Status.OPEN


@rules.predicate
def transfer_window_open(user, obj):
    closes = obj.round.transfer_closes
    return bool(closes) and timezone.now() < closes


reviewer = is_org_recruiter & is_verified_org
assessor = (is_org_recruiter & is_verified_org) | is_recruitment_staff


@rules.predicate
def reviews_for_the_talent_in_round(user, obj):
    """A certificate: the user reviews for an institution the owner applied to in its round."""
    organisations = [pk for pk, role in memberships(user).items() if role in ("owner", "recruiter")]
    if obj is None or not organisations:
        return False
    # Passed under the separate consent given when applying: only while it is active and
    # the application stands.
    return (
        PostApplication.objects.filter(
            round_id=obj.round_id, talent_id=obj.talent_id, post__institution_id__in=organisations
        )
        .exclude(status=A.WITHDRAWN)
        .filter(consent_is_active("public_recruitment", "talent_id", "post__institution_id"))
        .exists()
    )


@rules.predicate
def applied_to_my_institution(user, obj):
    """The talent behind `obj` (profile or CV) applied to a post of an institution the user is
    in, has not withdrawn that application, and the consent given when applying (it covers
    the profile and the CV) is still active."""
    talent_id = talent_user_id(obj)
    organisations = memberships(user)
    if talent_id is None or not organisations:
        return False
    return (
        PostApplication.objects.filter(
            talent_id=talent_id, post__institution_id__in=list(organisations)
        )
        .exclude(status=A.WITHDRAWN)
        .filter(consent_is_active("public_recruitment", "talent_id", "post__institution_id"))
        .exists()
    )


profile_readers.add(applied_to_my_institution)
cv_readers.add(applied_to_my_institution)

rules.add_perm("institutions", is_organiser_staff)
rules.add_perm("institutions.manage_round", is_recruitment_staff)
rules.add_perm("institutions.view_round", round_is_public | is_recruitment_staff)
# Posts: the institution's recruiter-reviewers (verified public institutions) while the
# round takes changes; organiser staff running the round too.
rules.add_perm(
    "institutions.add_post",
    (is_org_recruiter & is_verified_org & is_public_institution) | is_recruitment_staff,
)
rules.add_perm(
    "institutions.change_post",
    ((is_org_recruiter & is_verified_org) | is_recruitment_staff) & posts_are_open_for_changes,
)
rules.add_perm("institutions.view_post_applicants", is_org_member | is_recruitment_staff)
# Who reviews and assesses for an institution, whatever the round's phase …
rules.add_perm("institutions.review", reviewer)
rules.add_perm("institutions.assess", assessor)
# … and whether they may now, for this application.
# (The services refuse a round in another phase with its own words before asking these.)
add_state_perm(
    "institutions.review_application",
    reviewer,
    (awaiting_review, _("This application is not awaiting a review decision.")),
    (round_takes_reviews, None),
)
add_state_perm(
    "institutions.score_application",
    assessor,
    (scorable, _("Only qualified applicants are scored.")),
    (round_takes_scores, None),
)
add_state_perm(
    "institutions.check_application",
    assessor,
    (checkable, _("Only qualified applicants are examined.")),
    (round_takes_checks, None),
)
rules.add_perm("institutions.view_application", is_own | is_org_member | is_recruitment_staff)
# The applicant's own application, whatever its state (the services ask it first) …
rules.add_perm("institutions.withdraw", is_own)
# … and what its state allows now.
add_state_perm(
    "institutions.withdraw_application",
    is_own,
    (withdrawable, _("This application can no longer be withdrawn.")),
)
add_state_perm(
    "institutions.resubmit_application",
    is_own,
    (returned, _("Only an application returned for correction can be resubmitted.")),
    (corrections_open, _("The time for corrections is over.")),
)
add_state_perm(
    "institutions.transfer_application",
    is_own,
    (post_reduced_or_cancelled, _("Only applicants of a reduced or cancelled post may transfer.")),
    (transferable, _("This application cannot be transferred.")),
    (transfer_window_open, _("The transfer window is closed.")),
)
rules.add_perm("institutions.apply", is_active_user)
rules.add_perm(
    "institutions.view_certificate",
    is_own | reviews_for_the_talent_in_round | is_recruitment_staff,
)
# The admin lists rounds and posts with view_round above and view_post here.
rules.add_perm("institutions.view_post", is_recruitment_staff | is_org_member)
model_perms("institutions.postapplication", view=is_recruitment_staff)
model_perms("institutions.reviewdecision", view=is_recruitment_staff)
model_perms("institutions.score", view=is_recruitment_staff)
model_perms("institutions.objection", view=is_recruitment_staff)
