"""The job fair's rules: job requirements, applications, the pipeline, interviews.

The state-aware rules (a job still editable, an application still open, an interview not yet
started, an invitation not yet answered) are asked by the pages, to show or hide an action,
and by the services, again on the locked row (`yingcai.core.services.require`).
"""

import rules
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yingcai.core.rules import (
    add_state_perm,
    is_active_user,
    is_moderator,
    is_organiser_staff,
    is_own,
    is_staff_admin,
    is_verifier,
    model_perms,
)
from yingcai.organisations.rules import (
    is_member_of_a_verified_organisation,
    is_org_member,
    is_org_owner,
    is_org_recruiter,
    is_verified_org,
    memberships,
)
from yingcai.privacy.rules import consent_is_active
from yingcai.talents.rules import cv_readers, is_open_profile, profile_readers, talent_user_id

from .models import Application, Job, Stage

# The life cycle: what an organisation may still edit and submit.
EDITABLE = (Job.Status.DRAFT, Job.Status.REJECTED)
# … and what it may close (a draft is deleted or left, never closed).
CLOSABLE = (Job.Status.SUBMITTED, Job.Status.PUBLISHED)
# An application the talent may still withdraw.
WITHDRAWABLE_UNTIL = (Stage.Key.WITHDRAWN, Stage.Key.HIRED)


# --- Profiles and CVs the job fair passes on ----------------------------------------------
# A talent who opened their profile is found by verified organisations' talent search.
# First: it is read from the profile and a fact cached per user, without a query per profile.
profile_readers.add(is_open_profile & is_member_of_a_verified_organisation)


@profile_readers.add
@rules.predicate
def applied_to_my_organisation(user, obj):
    """The talent behind `obj` (a profile) applied to an organisation the user is in and
    still consents to pass their data to it."""
    talent_id = talent_user_id(obj)
    organisations = memberships(user)
    if talent_id is None or not organisations:
        return False
    # The profile is part of what the talent agreed to pass (jobs.services.consent_text):
    # once that consent is withdrawn, the organisation no longer opens it.
    return (
        Application.objects.filter(
            talent_id=talent_id, job__organisation_id__in=list(organisations)
        )
        .filter(consent_is_active("job_application", "talent_id", "job__organisation_id"))
        .exists()
    )


@cv_readers.add
@rules.predicate
def sent_to_my_organisation(user, obj):
    """This CV version went with an application to an organisation the user is in, the
    application stands (not withdrawn) and the talent's separate consent to pass it to that
    organisation is active now: checked at every access, not only when it was sent. Later
    uploads were never sent, so the organisation never sees them."""
    organisations = memberships(user)
    if obj is None or not organisations or not hasattr(obj, "profile"):
        return False
    return (
        Application.objects.filter(cv=obj, job__organisation_id__in=list(organisations))
        .exclude(stage__key=Stage.Key.WITHDRAWN)
        .filter(consent_is_active("job_application", "talent_id", "job__organisation_id"))
        .exists()
    )


# --- Job requirements ---------------------------------------------------------------------
@rules.predicate
def job_is_public(user, obj):
    # Published and of a verified organisation: the rule of jobs.queries.public_jobs().
    return obj is not None and getattr(obj, "is_public", False)


@rules.predicate
def job_is_editable(user, obj):
    return obj is not None and obj.status in EDITABLE


@rules.predicate
def job_is_closable(user, obj):
    return obj is not None and obj.status in CLOSABLE


rules.add_perm("jobs", is_organiser_staff)
rules.add_perm("jobs.view_job", job_is_public | is_org_member | is_verifier)
rules.add_perm("jobs.add_job", is_org_recruiter & is_verified_org)
rules.add_perm("jobs.change_job", is_org_recruiter & job_is_editable)
rules.add_perm("jobs.submit_job", is_org_recruiter & is_verified_org & job_is_editable)
add_state_perm(
    "jobs.close_job",
    is_org_recruiter,
    (job_is_closable, _("Only a submitted or published job requirement can be closed.")),
)
rules.add_perm("jobs.review_job", is_verifier)
# Closing a reported job requirement from the report-handling screen.
rules.add_perm("jobs.take_down_job", is_verifier | is_moderator)
# The admin's job list uses view_job above (verifiers see them all); it cannot add or edit.
rules.add_perm("jobs.delete_job", is_staff_admin)

# --- Searching talents on behalf of an organisation ----------------------------------------
rules.add_perm("jobs.search_talents", is_member_of_a_verified_organisation)
# On behalf of one organisation (obj): any of its members, once it is verified.
rules.add_perm("jobs.search_talents_for", is_org_member & is_verified_org)


# --- Applications ---------------------------------------------------------------------------
@rules.predicate
def application_is_withdrawable(user, obj):
    return obj is not None and obj.stage.key not in WITHDRAWABLE_UNTIL


rules.add_perm("jobs.apply", is_active_user)
rules.add_perm("jobs.view_applicants", is_org_member)
rules.add_perm("jobs.manage_applicants", is_org_recruiter)
rules.add_perm("jobs.manage_stages", is_org_owner)
# An application: the applicant, the organisation's members, organiser administrators.
rules.add_perm("jobs.view_application", is_own | is_org_member | is_staff_admin)
add_state_perm(
    "jobs.withdraw_application",
    is_own,
    (application_is_withdrawable, _("This application can no longer be withdrawn.")),
)
rules.add_perm("jobs.message_applicant", is_org_recruiter)
rules.add_perm("jobs.message_organisation", is_own)
# Ratings and notes stay inside the organisation.
rules.add_perm("jobs.view_notes", is_org_member)
rules.add_perm("jobs.add_note", is_org_recruiter)


# --- Interviews -----------------------------------------------------------------------------
@rules.predicate
def is_invited(user, obj):
    """The invitation (or the booked interview) is for the user's own application."""
    return (
        obj is not None
        and user.is_authenticated
        and user.is_active
        and obj.application.talent_id == user.pk
    )


@rules.predicate
def application_is_open(user, obj):
    """The application of an invitation or interview is not hired, rejected or withdrawn."""
    return not obj.application.stage.is_final


@rules.predicate
def invitation_is_unanswered(user, obj):
    """No time of this invitation has been booked yet (one interview per invitation)."""
    return not obj.interviews.exists()


@rules.predicate
def interview_not_started(user, obj):
    return obj.slot.starts_at > timezone.now()


# Booking one of the offered times: the applicant, while the application is open and the
# invitation unanswered.
add_state_perm(
    "jobs.book_interview",
    is_invited,
    (application_is_open, _("This application is closed: no interview can be booked.")),
    (invitation_is_unanswered, _("You have already chosen an interview time.")),
)
# Cancelling or moving a booked interview: the applicant, until it starts.
add_state_perm(
    "jobs.cancel_or_move_interview",
    is_invited,
    (
        interview_not_started,
        _("This interview has already started: it can no longer be cancelled or moved."),
    ),
)
model_perms("jobs.stage", view=is_staff_admin)
model_perms("jobs.interviewslot", view=is_staff_admin)
model_perms("jobs.interview", view=is_staff_admin)
model_perms("jobs.recommendation", view=is_staff_admin)
