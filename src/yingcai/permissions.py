"""Who may do what to which object — decided here and nowhere else.

Views, the API, the admin and management commands all ask through
`can(user, "app.permission", obj)` (or `user.has_perm`, which reaches the
same rules through `rules.permissions.ObjectPermissionBackend`). No model
permission is ever granted to a group: the rules below are the whole truth.

The actors:
- anonymous visitors;
- talents: any signed-in person (a talent may also belong to organisations);
- members of an organisation, with the role owner, recruiter-reviewer or viewer;
- organiser staff (`is_staff`), each with one or more staff roles (groups):
  organiser administrator, editor, moderator, verifier. Superusers hold all.
"""

import rules
from django.db.models import Model

# --- Staff roles ----------------------------------------------------------------
STAFF_ADMIN = "organiser-admin"
STAFF_EDITOR = "editor"
STAFF_MODERATOR = "moderator"
STAFF_VERIFIER = "verifier"
STAFF_RECRUITMENT = "recruitment"
STAFF_ROLES = (STAFF_ADMIN, STAFF_EDITOR, STAFF_MODERATOR, STAFF_VERIFIER, STAFF_RECRUITMENT)


def can(user, perm: str, obj: Model | None = None) -> bool:
    """The one question every layer asks."""
    return user.has_perm(perm, obj)


def staff_roles(user) -> set[str]:
    """The staff roles of a user, read once per user object."""
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return set()
    cached = getattr(user, "_yingcai_staff_roles", None)
    if cached is None:
        cached = set(user.groups.filter(name__in=STAFF_ROLES).values_list("name", flat=True))
        if user.is_superuser:
            cached = set(STAFF_ROLES)
        user._yingcai_staff_roles = cached
    return cached


def memberships(user) -> dict[int, str]:
    """{organisation id: role} for a user, read once per user object."""
    if not (user.is_authenticated and user.is_active):
        return {}
    cached = getattr(user, "_yingcai_memberships", None)
    if cached is None:
        from yingcai.organisations.models import Membership

        cached = dict(Membership.objects.filter(user=user).values_list("organisation_id", "role"))
        user._yingcai_memberships = cached
    return cached


def forget(user) -> None:
    """Drop what was read about a user's roles (after a change to them)."""
    for attr in ("_yingcai_staff_roles", "_yingcai_memberships", "_yingcai_verified_member"):
        if hasattr(user, attr):
            delattr(user, attr)


# --- Predicates -----------------------------------------------------------------
@rules.predicate
def is_active_user(user):
    return bool(user.is_authenticated and user.is_active)


@rules.predicate
def is_organiser_staff(user):
    return bool(user.is_authenticated and user.is_active and user.is_staff)


def has_staff_role(role: str):
    @rules.predicate(name=f"has_staff_role:{role}")
    def predicate(user):
        return role in staff_roles(user)

    return predicate


is_staff_admin = has_staff_role(STAFF_ADMIN)
is_editor = has_staff_role(STAFF_EDITOR) | is_staff_admin
is_moderator = has_staff_role(STAFF_MODERATOR) | is_staff_admin
is_verifier = has_staff_role(STAFF_VERIFIER) | is_staff_admin
# Organiser staff who run public-institution recruitment rounds.
is_recruitment_staff = has_staff_role(STAFF_RECRUITMENT) | is_staff_admin


def _organisation(obj):
    """The organisation an object belongs to (itself, a membership, an invitation, ...)."""
    if obj is None:
        return None
    from yingcai.organisations.models import Organisation

    if isinstance(obj, Organisation):
        return obj
    if hasattr(obj, "organisation"):
        return obj.organisation
    if hasattr(obj, "institution"):  # a recruitment post
        return obj.institution
    post = getattr(obj, "post", None)  # an application to a post
    if post is not None:
        return post.institution
    job = getattr(obj, "job", None)  # an application, an interview slot
    return job.organisation if job is not None else None


def _role(user, obj):
    org = _organisation(obj)
    if org is None:
        return None
    return memberships(user).get(org.pk)


@rules.predicate
def is_org_member(user, obj):
    return _role(user, obj) is not None


@rules.predicate
def is_org_owner(user, obj):
    return _role(user, obj) == "owner"


@rules.predicate
def is_org_recruiter(user, obj):
    return _role(user, obj) in ("owner", "recruiter")


@rules.predicate
def is_verified_org(user, obj):
    org = _organisation(obj)
    return org is not None and org.is_verified


@rules.predicate
def is_own_membership(user, obj):
    return obj is not None and getattr(obj, "user_id", None) == user.pk


@rules.predicate
def is_published(user, obj):
    return obj is not None and getattr(obj, "is_published", False)


def _model_perms(app_model: str, *, view=None, add=None, change=None, delete=None):
    """Register the admin's four permissions of one model."""
    for action, predicate in (("view", view), ("add", add), ("change", change), ("delete", delete)):
        app, model = app_model.split(".")
        rules.add_perm(f"{app}.{action}_{model}", predicate or rules.always_deny)


# --- Back office (the admin's module lists) ---------------------------------------
for app_label in (
    "core",
    "accounts",
    "organisations",
    "privacy",
    "conference",
    "portal",
    "talents",
    "jobs",
    "institutions",
    "stats",
    "search",
):
    rules.add_perm(app_label, is_organiser_staff)
rules.add_perm("auth", is_staff_admin)
rules.add_perm("account", is_staff_admin)
rules.add_perm("mfa", is_staff_admin)
rules.add_perm("orga.access", is_organiser_staff)

# --- Core -------------------------------------------------------------------------
# Districts are changed by migrations only (core/admin.py says why).
_model_perms("core.district", view=is_organiser_staff)
_model_perms("core.auditentry", view=is_staff_admin)

# --- Accounts ---------------------------------------------------------------------
_model_perms("accounts.user", view=is_staff_admin, add=is_staff_admin, change=is_staff_admin)
_model_perms("auth.group", view=is_staff_admin)
_model_perms(
    "account.emailaddress", view=is_staff_admin, change=is_staff_admin, delete=is_staff_admin
)
_model_perms("mfa.authenticator", view=is_staff_admin, delete=is_staff_admin)

# --- Organisations ------------------------------------------------------------------
rules.add_perm(
    "organisations.view_organisation",
    is_verified_org | is_org_member | is_verifier,
)
rules.add_perm("organisations.register_organisation", is_active_user)
rules.add_perm("organisations.add_organisation", is_staff_admin)
rules.add_perm("organisations.change_organisation", is_org_owner | is_verifier)
rules.add_perm("organisations.delete_organisation", is_staff_admin)
rules.add_perm("organisations.verify_organisation", is_verifier)
rules.add_perm("organisations.view_members", is_org_member | is_verifier)
rules.add_perm("organisations.manage_members", is_org_owner)
rules.add_perm("organisations.leave_organisation", is_own_membership)
# Publishing anything (job requirements, posts, project demands) needs a
# verified organisation: 网络招聘服务管理规定 requires employers to be verified.
rules.add_perm("organisations.publish", is_org_recruiter & is_verified_org)
_model_perms(
    "organisations.membership",
    view=is_verifier,
    change=is_staff_admin,
    delete=is_staff_admin,
)
_model_perms("organisations.invitation", view=is_verifier, delete=is_staff_admin)

# --- Portal -----------------------------------------------------------------------
_model_perms("portal.newsitem", view=is_editor, add=is_editor, change=is_editor, delete=is_editor)
_model_perms("portal.page", view=is_editor, add=is_editor, change=is_editor)
_model_perms("conference.sitesettings", view=is_organiser_staff, change=is_staff_admin)
rules.add_perm("portal.view_newsitem_public", is_published | is_editor)
rules.add_perm("portal.moderate_message", is_moderator)
_model_perms("portal.message", view=is_moderator, delete=is_staff_admin)
_model_perms("portal.messagereply", view=is_moderator)
rules.add_perm("portal.handle_report", is_moderator)
_model_perms("portal.report", view=is_moderator)

# --- Conference ---------------------------------------------------------------------
_model_perms("conference.conference", view=is_organiser_staff, add=is_editor, change=is_editor)
_model_perms(
    "conference.venue",
    view=is_organiser_staff,
    add=is_editor,
    change=is_editor,
    delete=is_editor,
)

# --- Privacy --------------------------------------------------------------------------
# A published version of a legal text is never edited: a new version is added.
_model_perms(
    "privacy.legaldocument",
    view=is_organiser_staff,
    add=is_staff_admin,
    change=is_staff_admin & ~is_published,
    delete=is_staff_admin & ~is_published,
)
rules.add_perm("privacy.publish_legaldocument", is_staff_admin)
_model_perms("privacy.acceptance", view=is_staff_admin)
_model_perms("privacy.cookieconsent", view=is_staff_admin)


# --- Talents ------------------------------------------------------------------------------
@rules.predicate
def is_own(user, obj):
    """The object belongs to the user: a profile, a CV, an application."""
    if obj is None or not user.is_authenticated:
        return False
    owner = getattr(obj, "user_id", None) or getattr(obj, "talent_id", None)
    if owner is None and hasattr(obj, "profile"):
        owner = obj.profile.user_id
    return owner == user.pk


def _talent_user_id(obj):
    if hasattr(obj, "profile"):  # a CV
        return obj.profile.user_id
    return getattr(obj, "user_id", None)


def consent_is_active(purpose: str, talent: str, organisation: str):
    """A condition on a queryset of applications: the talent's separate consent (PIPL Art.
    23) to pass their data to the application's organisation is active at this moment.
    Lists that show applicants' data (the API, the Excel export) annotate with it."""
    from django.db.models import Exists, OuterRef

    from yingcai.privacy.models import SharingConsent

    return Exists(
        SharingConsent.objects.filter(
            user_id=OuterRef(talent),
            organisation_id=OuterRef(organisation),
            purpose=purpose,
            withdrawn_at__isnull=True,
        )
    )


@rules.predicate
def applied_to_my_organisation(user, obj):
    """The talent behind `obj` (a profile) applied to an organisation the user is in and
    still consents to pass their data to it."""
    talent_id = _talent_user_id(obj)
    orgs = memberships(user)
    if talent_id is None or not orgs:
        return False
    from yingcai.jobs.models import Application

    # The profile is part of what the talent agreed to pass (jobs.services.consent_text):
    # once that consent is withdrawn, the organisation no longer opens it.
    return (
        Application.objects.filter(talent_id=talent_id, job__organisation_id__in=list(orgs))
        .filter(consent_is_active("job_application", "talent_id", "job__organisation_id"))
        .exists()
    )


@rules.predicate
def is_member_of_a_verified_organisation(user):
    orgs = memberships(user)
    if not orgs:
        return False
    cached = getattr(user, "_yingcai_verified_member", None)
    if cached is None:
        from yingcai.organisations.models import Organisation

        cached = Organisation.objects.filter(pk__in=list(orgs), status="verified").exists()
        user._yingcai_verified_member = cached
    return cached


@rules.predicate
def is_open_profile(user, obj):
    return obj is not None and getattr(obj, "visibility", None) == "open"


rules.add_perm(
    "talents.view_profile",
    is_own
    | (is_open_profile & is_member_of_a_verified_organisation)
    | applied_to_my_organisation
    | is_organiser_staff,
)


@rules.predicate
def sent_to_my_organisation(user, obj):
    """This CV version went with an application to an organisation the user is in, the
    application stands (not withdrawn) and the talent's separate consent to pass it to that
    organisation is active now: checked at every access, not only when it was sent. Later
    uploads were never sent, so the organisation never sees them."""
    orgs = memberships(user)
    if obj is None or not orgs or not hasattr(obj, "profile"):
        return False
    from yingcai.jobs.models import Application

    return (
        Application.objects.filter(cv=obj, job__organisation_id__in=list(orgs))
        .exclude(stage__key="withdrawn")
        .filter(consent_is_active("job_application", "talent_id", "job__organisation_id"))
        .exists()
    )


rules.add_perm("talents.view_cv", is_own | sent_to_my_organisation | is_organiser_staff)
rules.add_perm("talents.search_talents", is_member_of_a_verified_organisation)
# Searching on behalf of one organisation (obj): any of its members, once it is verified.
rules.add_perm("talents.search_talents_for", is_org_member & is_verified_org)
_model_perms("talents.talentprofile", view=is_staff_admin)
_model_perms("talents.workexperience", view=is_staff_admin)
_model_perms("talents.education", view=is_staff_admin)


# --- Jobs ---------------------------------------------------------------------------------
@rules.predicate
def job_is_public(user, obj):
    # Published and of a verified organisation: the rule of jobs.queries.public_jobs().
    return obj is not None and getattr(obj, "is_public", False)


@rules.predicate
def job_is_editable(user, obj):
    return obj is not None and obj.status in ("draft", "rejected")


rules.add_perm("jobs.view_job", job_is_public | is_org_member | is_verifier)
rules.add_perm("jobs.add_job", is_org_recruiter & is_verified_org)
rules.add_perm("jobs.change_job", is_org_recruiter & job_is_editable)
rules.add_perm("jobs.submit_job", is_org_recruiter & is_verified_org & job_is_editable)
rules.add_perm("jobs.close_job", is_org_recruiter)
rules.add_perm("jobs.review_job", is_verifier)
# Closing a reported job requirement from the report-handling screen.
rules.add_perm("jobs.take_down_job", is_verifier | is_moderator)
rules.add_perm("jobs.view_applicants", is_org_member)
rules.add_perm("jobs.manage_applicants", is_org_recruiter)
rules.add_perm("jobs.manage_stages", is_org_owner)
# An application: the applicant, the organisation's members, organiser administrators.
rules.add_perm("jobs.view_application", is_own | is_org_member | is_staff_admin)
rules.add_perm("jobs.withdraw_application", is_own)


@rules.predicate
def own_interview_not_started(user, obj):
    """A booked interview (obj) of the user's own application that has not started yet."""
    from django.utils import timezone

    if obj is None or not user.is_authenticated or not hasattr(obj, "slot"):
        return False
    return obj.application.talent_id == user.pk and obj.slot.starts_at > timezone.now()


# Cancelling or moving a booked interview: the applicant, until it starts.
rules.add_perm("jobs.cancel_or_move_interview", own_interview_not_started)
rules.add_perm("jobs.message_applicant", is_org_recruiter)
rules.add_perm("jobs.message_organisation", is_own)
# Ratings and notes stay inside the organisation.
rules.add_perm("jobs.view_notes", is_org_member)
rules.add_perm("jobs.add_note", is_org_recruiter)
rules.add_perm("jobs.apply", is_active_user)
# The admin's job list uses view_job above (verifiers see them all); it cannot add or edit.
rules.add_perm("jobs.delete_job", is_staff_admin)
_model_perms("jobs.stage", view=is_staff_admin)
_model_perms("jobs.interviewslot", view=is_staff_admin)
_model_perms("jobs.interview", view=is_staff_admin)
_model_perms("jobs.recommendation", view=is_staff_admin)
_model_perms("privacy.sharingconsent", view=is_staff_admin)
# One's own consent to share: the person withdraws it, nobody else (PIPL Art. 15).
rules.add_perm("privacy.withdraw_sharingconsent", is_own)


# --- Public-institution recruitment ---------------------------------------------------------
@rules.predicate
def is_public_institution(user, obj):
    org = _organisation(obj)
    return org is not None and org.kind == "public_institution"


@rules.predicate
def round_is_public(user, obj):
    round_ = getattr(obj, "round", obj)
    return round_ is not None and getattr(round_, "phase", "draft") != "draft"


@rules.predicate
def posts_are_open_for_changes(user, obj):
    round_ = getattr(obj, "round", obj)
    return round_ is not None and round_.phase in ("draft", "registration")


@rules.predicate
def reviews_for_the_talent_in_round(user, obj):
    """A certificate: the user reviews for an institution the owner applied to in its round."""
    orgs = [pk for pk, role in memberships(user).items() if role in ("owner", "recruiter")]
    if obj is None or not orgs:
        return False
    from yingcai.institutions.models import PostApplication

    # Passed under the separate consent given when applying: only while it is active and
    # the application stands.
    return (
        PostApplication.objects.filter(
            round_id=obj.round_id, talent_id=obj.talent_id, post__institution_id__in=orgs
        )
        .exclude(status=PostApplication.Status.WITHDRAWN)
        .filter(consent_is_active("public_recruitment", "talent_id", "post__institution_id"))
        .exists()
    )


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
rules.add_perm("institutions.review", is_org_recruiter & is_verified_org)
rules.add_perm("institutions.assess", (is_org_recruiter & is_verified_org) | is_recruitment_staff)
rules.add_perm("institutions.view_application", is_own | is_org_member | is_recruitment_staff)
rules.add_perm("institutions.withdraw", is_own)
rules.add_perm("institutions.apply", is_active_user)
rules.add_perm(
    "institutions.view_certificate",
    is_own | reviews_for_the_talent_in_round | is_recruitment_staff,
)
# The admin lists rounds and posts with view_round above and view_post here.
rules.add_perm("institutions.view_post", is_recruitment_staff | is_org_member)
_model_perms("institutions.postapplication", view=is_recruitment_staff)
_model_perms("institutions.reviewdecision", view=is_recruitment_staff)
_model_perms("institutions.score", view=is_recruitment_staff)
_model_perms("institutions.objection", view=is_recruitment_staff)


@rules.predicate
def applied_to_my_institution(user, obj):
    """The talent behind `obj` (profile or CV) applied to a post of an institution the user is
    in, has not withdrawn that application, and the consent given when applying (it covers
    the profile and the CV) is still active."""
    talent_id = _talent_user_id(obj)
    orgs = memberships(user)
    if talent_id is None or not orgs:
        return False
    from yingcai.institutions.models import PostApplication

    return (
        PostApplication.objects.filter(talent_id=talent_id, post__institution_id__in=list(orgs))
        .exclude(status=PostApplication.Status.WITHDRAWN)
        .filter(consent_is_active("public_recruitment", "talent_id", "post__institution_id"))
        .exists()
    )


for _perm in ("talents.view_profile", "talents.view_cv"):
    rules.set_perm(_perm, rules.permissions.permissions[_perm] | applied_to_my_institution)


# --- Statistics, the press report, exports, API tokens ---------------------------------------
# The figures are aggregates and public; the dashboard shows the same with the organisers'
# extras (cache age, exports of everything), the press report is drafted by editors.
rules.add_perm("stats.view_figures", rules.always_allow)
rules.add_perm("stats.view_dashboard", is_organiser_staff)
rules.add_perm("stats.export_all", is_organiser_staff)
rules.add_perm("stats.draft_report", is_editor)
rules.add_perm("stats.publish_report", is_editor)
_model_perms("stats.pressreport", view=is_editor)
_model_perms("stats.export", view=is_staff_admin)

# --- Search -----------------------------------------------------------------------
# Synonyms change what every visitor's search finds: the editors who keep the site's words.
_model_perms(
    "search.synonymgroup",
    view=is_organiser_staff,
    add=is_editor,
    change=is_editor,
    delete=is_editor,
)


@rules.predicate
def is_token_owner(user, obj):
    return obj is not None and obj.user_id == user.pk


rules.add_perm("api.add_token", is_active_user)
rules.add_perm("api.revoke_token", is_active_user & is_token_owner)
