"""The permission matrix: every rule, every kind of actor.

Each row names the actors allowed; every other actor must be refused.
"""

from datetime import timedelta

import pytest
import rules
from django.contrib.auth.models import AnonymousUser
from django.core.files.base import ContentFile
from django.utils import timezone

from yingcai.api import services as api_services
from yingcai.core.rules import can
from yingcai.jobs import services as job_services
from yingcai.jobs.models import Interview, InterviewInvitation, InterviewSlot
from yingcai.organisations.models import Membership
from yingcai.projects.models import BusinessPlan, PlanSharing, TeamMember
from yingcai.talents.models import CV

from .attendance.test_checkin_permissions import RULES as CHECKIN_RULES
from .attendance.test_checkin_permissions import WITHOUT_OBJECT as CHECKIN_WITHOUT_OBJECT
from .attendance.test_registration_permissions import RULES as REGISTRATION_RULES
from .attendance.test_registration_permissions import (
    WITHOUT_OBJECT as REGISTRATION_WITHOUT_OBJECT,
)
from .calls.test_certificates_permissions import RULES as CERTIFICATE_RULES
from .calls.test_certificates_permissions import WITHOUT_OBJECT as CERTIFICATE_WITHOUT_OBJECT
from .calls.test_decisions_permissions import RULES as CALL_DECISION_RULES
from .calls.test_decisions_permissions import WITHOUT_OBJECT as CALL_DECISION_WITHOUT_OBJECT
from .calls.test_entries_permissions import RULES as CALL_ENTRY_RULES
from .calls.test_entries_permissions import WITHOUT_OBJECT as CALL_ENTRY_WITHOUT_OBJECT
from .calls.test_live_permissions import RULES as LIVE_PANEL_RULES
from .calls.test_live_permissions import WITHOUT_OBJECT as LIVE_PANEL_WITHOUT_OBJECT
from .calls.test_review_permissions import RULES as CALLS_REVIEW_RULES
from .calls.test_stages_permissions import RULES as CALL_STAGE_RULES
from .calls.test_stages_permissions import WITHOUT_OBJECT as CALL_STAGE_WITHOUT_OBJECT
from .docking.test_interest_permissions import RULES as DOCKING_INTEREST_RULES
from .docking.test_sessions_permissions import RULES as DOCKING_SESSION_RULES
from .docking.test_sessions_permissions import WITHOUT_OBJECT as DOCKING_SESSION_WITHOUT_OBJECT
from .factories import (
    DemandFactory,
    JobFactory,
    NewsItemFactory,
    ProfileFactory,
    ProjectFactory,
    UserFactory,
)
from .guests.test_permissions_table import RULES as GUEST_RULES
from .guests.test_permissions_table import WITHOUT_OBJECT as GUEST_WITHOUT_OBJECT
from .institutions.test_permissions import RULES as RECRUITMENT_RULES
from .roadshow.test_programme_permissions import RULES as ROADSHOW_RULES
from .roadshow.test_programme_permissions import WITHOUT_OBJECT as ROADSHOW_WITHOUT_OBJECT

ACTORS = [
    "anonymous",
    "talent",
    "outsider",
    "viewer",
    "recruiter",
    "owner",
    "plain_staff",
    "editor",
    "moderator",
    "verifier",
    "protocol",
    "staff_admin",
]
MEMBERS = {"viewer", "recruiter", "owner"}
STAFF = {"plain_staff", "editor", "moderator", "verifier", "protocol", "staff_admin"}

# permission -> actors allowed, on a verified organisation (or no object).
ON_VERIFIED_ORGANISATION = {
    "organisations.view_organisation": set(ACTORS),
    "organisations.change_organisation": {"owner", "verifier", "staff_admin"},
    "organisations.view_members": MEMBERS | {"verifier", "staff_admin"},
    "organisations.manage_members": {"owner"},
    "organisations.verify_organisation": {"verifier", "staff_admin"},
    "organisations.publish": {"recruiter", "owner"},
    "organisations.delete_organisation": {"staff_admin"},
    # Searching profiles on behalf of this organisation: its members only.
    "jobs.search_talents_for": MEMBERS,
    "jobs.add_job": {"recruiter", "owner"},
    "jobs.manage_stages": {"owner"},
    # An enterprise posts technology needs (projects/rules/demands.py).
    "projects.add_demand": {"recruiter", "owner"},
}
# ... and on an organisation still awaiting verification.
ON_PENDING_ORGANISATION = {
    "organisations.view_organisation": MEMBERS | {"verifier", "staff_admin"},
    "organisations.publish": set(),
    "organisations.manage_members": {"owner"},
    "jobs.add_job": set(),
    "projects.add_demand": set(),
}
WITHOUT_OBJECT = {
    "organisations.register_organisation": set(ACTORS) - {"anonymous"},
    "organisations.add_organisation": {"staff_admin"},
    "portal.moderate_message": {"moderator", "staff_admin"},
    "portal.handle_report": {"moderator", "staff_admin"},
    "portal.add_newsitem": {"editor", "staff_admin"},
    "portal.change_newsitem": {"editor", "staff_admin"},
    "portal.change_page": {"editor", "staff_admin"},
    "conference.change_sitesettings": {"staff_admin"},
    "conference.change_conference": {"editor", "staff_admin"},
    "privacy.add_legaldocument": {"staff_admin"},
    "privacy.publish_legaldocument": {"staff_admin"},
    "core.view_auditentry": {"staff_admin"},
    "accounts.change_user": {"staff_admin"},
    "orga.access": STAFF,
    "jobs.search_talents": {"outsider"} | MEMBERS,
    "portal": STAFF,
}


def actor(request, name):
    if name == "anonymous":
        return AnonymousUser()
    return request.getfixturevalue(name)


def matrix(table):
    return [(perm, name, name in allowed) for perm, allowed in table.items() for name in ACTORS]


@pytest.mark.django_db
@pytest.mark.parametrize(("perm", "name", "allowed"), matrix(ON_VERIFIED_ORGANISATION))
def test_rules_on_a_verified_organisation(request, organisation, perm, name, allowed):
    user = actor(request, name)
    assert can(user, perm, organisation) is allowed


@pytest.mark.django_db
@pytest.mark.parametrize(("perm", "name", "allowed"), matrix(ON_PENDING_ORGANISATION))
def test_rules_on_a_pending_organisation(request, organisation, perm, name, allowed):
    organisation.status = "pending"
    organisation.save()
    user = actor(request, name)
    assert can(user, perm, organisation) is allowed


@pytest.mark.django_db
@pytest.mark.parametrize(("perm", "name", "allowed"), matrix(WITHOUT_OBJECT))
def test_rules_without_an_object(request, organisation, perm, name, allowed):
    user = actor(request, name)
    assert can(user, perm) is allowed


@pytest.mark.django_db
def test_inactive_accounts_lose_every_right(owner, staff_admin, organisation):
    for user in (owner, staff_admin):
        user.is_active = False
        user.save()
    assert not can(owner, "organisations.manage_members", organisation)
    assert not can(staff_admin, "organisations.verify_organisation", organisation)


@pytest.mark.django_db
def test_staff_flag_without_role_grants_no_role(plain_staff, organisation):
    assert can(plain_staff, "orga.access")
    assert not can(plain_staff, "organisations.verify_organisation", organisation)
    assert not can(plain_staff, "portal.moderate_message")


# --- The job fair ----------------------------------------------------------------------------
ORG_STAFF_VIEW = {"verifier", "staff_admin"}


def _job_fair_objects(organisation, talent):

    profile = ProfileFactory(user=talent, visibility="open")
    job = JobFactory(organisation=organisation)
    draft = JobFactory(organisation=organisation, status="draft", published_at=None)

    # Uploaded before applying: the organisation sees the CV version sent with the application.
    cv = CV(profile=profile, kind="pdf", original_name="cv.pdf", size=10, is_current=True)
    cv.file.save("cv.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
    consent = job_services.give_consent(talent, organisation)
    application = job_services.apply(talent, job)

    starts = timezone.now() + timedelta(days=2)
    slot = InterviewSlot.objects.create(
        job=job, starts_at=starts, ends_at=starts + timedelta(hours=1), mode="on_site", place="A"
    )
    interview = Interview.objects.create(application=application, slot=slot)
    # A second invitation, not yet answered.
    offered = InterviewSlot.objects.create(
        job=job, starts_at=starts, ends_at=starts + timedelta(hours=1), mode="on_site", place="B"
    )
    invitation = InterviewInvitation.objects.create(application=application)
    invitation.slots.add(offered)
    return {
        "interview": interview,
        "invitation": invitation,
        "job": job,
        "draft": draft,
        "application": application,
        "profile": profile,
        "cv": cv,
        "consent": consent,
    }


JOB_FAIR_RULES = [
    ("jobs.view_job", "job", set(ACTORS)),
    ("jobs.view_job", "draft", MEMBERS | ORG_STAFF_VIEW),
    ("jobs.change_job", "draft", {"recruiter", "owner"}),
    ("jobs.change_job", "job", set()),
    ("jobs.submit_job", "draft", {"recruiter", "owner"}),
    ("jobs.close_job", "job", {"recruiter", "owner"}),
    ("jobs.review_job", "draft", ORG_STAFF_VIEW),
    ("jobs.take_down_job", "job", {"moderator", "verifier", "staff_admin"}),
    ("jobs.view_applicants", "job", MEMBERS),
    ("jobs.manage_applicants", "application", {"recruiter", "owner"}),
    ("jobs.view_application", "application", {"talent", "staff_admin"} | MEMBERS),
    ("jobs.withdraw_application", "application", {"talent"}),
    ("jobs.view_notes", "application", MEMBERS),
    ("jobs.add_note", "application", {"recruiter", "owner"}),
    ("jobs.message_applicant", "application", {"recruiter", "owner"}),
    ("jobs.message_organisation", "application", {"talent"}),
    ("jobs.cancel_or_move_interview", "interview", {"talent"}),
    ("jobs.book_interview", "invitation", {"talent"}),
    ("talents.view_cv", "cv", {"talent"} | MEMBERS | STAFF),
    ("talents.view_profile", "profile", {"talent", "outsider"} | MEMBERS | STAFF),
    ("privacy.withdraw_sharingconsent", "consent", {"talent"}),
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("perm", "target", "name", "allowed"),
    [
        (perm, target, name, name in allowed)
        for perm, target, allowed in JOB_FAIR_RULES
        for name in ACTORS
    ],
)
def test_job_fair_rules(request, organisation, talent, perm, target, name, allowed):
    objects = _job_fair_objects(organisation, talent)
    user = actor(request, name)
    assert can(user, perm, objects[target]) is allowed


@pytest.mark.django_db
def test_a_profile_that_did_not_opt_in_is_hidden_from_other_organisations(
    organisation, talent, outsider
):
    objects = _job_fair_objects(organisation, talent)
    objects["profile"].visibility = "applied"
    objects["profile"].save()
    assert not can(outsider, "talents.view_profile", objects["profile"])
    assert not can(outsider, "talents.view_cv", objects["cv"])


# --- Project demands --------------------------------------------------------------------------
DEMAND_RULES = [
    ("projects.view_demand", "published", set(ACTORS)),
    ("projects.view_demand", "draft", MEMBERS | ORG_STAFF_VIEW),
    ("projects.view_demand", "closed", MEMBERS | ORG_STAFF_VIEW),
    ("projects.view_demand_contacts", "published", MEMBERS | ORG_STAFF_VIEW),
    ("projects.change_demand", "draft", {"recruiter", "owner"}),
    ("projects.change_demand", "published", set()),
    ("projects.submit_demand", "draft", {"recruiter", "owner"}),
    ("projects.submit_demand", "published", set()),
    ("projects.close_demand", "published", {"recruiter", "owner"}),
    ("projects.close_demand", "draft", set()),
    ("projects.review_demand", "submitted", ORG_STAFF_VIEW),
    # Without an object: the back office's list and the approval queue.
    ("projects.view_demand", None, ORG_STAFF_VIEW),
    ("projects.review_demand", None, ORG_STAFF_VIEW),
]


@pytest.mark.django_db
def test_demand_rules(request, organisation):
    demands = {
        status: DemandFactory(organisation=organisation, kind="technology", status=status)
        for status in ("published", "draft", "closed", "submitted")
    }
    demands[None] = None
    actors = {name: actor(request, name) for name in ACTORS}
    wrong = [
        (perm, target, name)
        for perm, target, allowed in DEMAND_RULES
        for name, user in actors.items()
        if can(user, perm, demands[target]) is not (name in allowed)
    ]
    assert not wrong, f"(rule, demand, actor) that the rules answer otherwise: {wrong}"


# --- The back office: the admin's module lists and model permissions, without an object ---
ADMINS = {"staff_admin"}
EDITORS = {"editor", "staff_admin"}
MODERATORS = {"moderator", "staff_admin"}
VERIFIERS = {"verifier", "staff_admin"}
# A module: the staff who see it in the admin's index.
BACK_OFFICE_MODULES = {
    **{
        app: STAFF
        for app in (
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
            "docking",
            "projects",
        )
    },
    "auth": ADMINS,
    "account": ADMINS,
    "mfa": ADMINS,
}
# A model: who may view, add, change and delete its rows in the admin; an action left out is
# nobody's (the change goes through a service on the site, or does not happen at all).
BACK_OFFICE_MODELS = {
    "core.district": {"view": STAFF},
    "core.auditentry": {"view": ADMINS},
    "accounts.user": {"view": ADMINS, "add": ADMINS, "change": ADMINS},
    "auth.group": {"view": ADMINS},
    "account.emailaddress": {"view": ADMINS, "change": ADMINS, "delete": ADMINS},
    "mfa.authenticator": {"view": ADMINS, "delete": ADMINS},
    "organisations.membership": {"view": VERIFIERS, "change": ADMINS, "delete": ADMINS},
    "organisations.invitation": {"view": VERIFIERS, "delete": ADMINS},
    "portal.newsitem": {"view": EDITORS, "add": EDITORS, "change": EDITORS, "delete": EDITORS},
    "portal.page": {"view": EDITORS, "add": EDITORS, "change": EDITORS},
    "conference.sitesettings": {"view": STAFF, "change": ADMINS},
    "portal.message": {"view": MODERATORS, "delete": ADMINS},
    "portal.messagereply": {"view": MODERATORS},
    "portal.report": {"view": MODERATORS},
    "conference.conference": {"view": STAFF, "add": EDITORS, "change": EDITORS},
    "conference.venue": {"view": STAFF, "add": EDITORS, "change": EDITORS, "delete": EDITORS},
    "privacy.legaldocument": {
        "view": STAFF,
        "add": ADMINS,
        "change": ADMINS,
        "delete": ADMINS,
    },
    "privacy.acceptance": {"view": ADMINS},
    "privacy.cookieconsent": {"view": ADMINS},
    "privacy.sharingconsent": {"view": ADMINS},
    "talents.talentprofile": {"view": ADMINS},
    "talents.workexperience": {"view": ADMINS},
    "talents.education": {"view": ADMINS},
    "jobs.stage": {"view": ADMINS},
    "jobs.interviewslot": {"view": ADMINS},
    "jobs.interview": {"view": ADMINS},
    "jobs.recommendation": {"view": ADMINS},
    "institutions.postapplication": {"view": {"staff_admin"}},
    "institutions.reviewdecision": {"view": {"staff_admin"}},
    "institutions.score": {"view": {"staff_admin"}},
    "institutions.objection": {"view": {"staff_admin"}},
    "stats.pressreport": {"view": EDITORS},
    "stats.export": {"view": ADMINS},
    "search.synonymgroup": {"view": STAFF, "add": EDITORS, "change": EDITORS, "delete": EDITORS},
    "docking.interest": {"view": ADMINS},
    "docking.outcome": {"view": VERIFIERS},
    # Projects: looked up in the back office, changed through the site's services.
    "projects.project": {"view": VERIFIERS},
    "projects.industry": {"view": STAFF, "add": EDITORS, "change": EDITORS},
    "projects.teammember": {"view": VERIFIERS},
    "projects.teaminvitation": {"view": ADMINS},
    "projects.businessplan": {"view": ADMINS},
    "projects.plansharing": {"view": ADMINS},
}
# Rules without an object that the tables above do not name.
MORE_WITHOUT_OBJECT = {
    "stats.view_figures": set(ACTORS),
    "stats.view_dashboard": STAFF,
    "stats.export_all": STAFF,
    "stats.draft_report": EDITORS,
    "stats.publish_report": EDITORS,
    "api.add_token": set(ACTORS) - {"anonymous"},
    "jobs.apply": set(ACTORS) - {"anonymous"},
    "institutions.apply": set(ACTORS) - {"anonymous"},
    "jobs.delete_job": ADMINS,
    "projects.register_project": set(ACTORS) - {"anonymous"},
    "projects.review_projects": VERIFIERS,
}


def back_office_rows():
    rows = dict(BACK_OFFICE_MODULES)
    for app_model, actions in BACK_OFFICE_MODELS.items():
        app, model = app_model.split(".")
        for action in ("view", "add", "change", "delete"):
            rows[f"{app}.{action}_{model}"] = actions.get(action, set())
    return rows


@pytest.mark.django_db
def test_back_office_and_other_rules_without_an_object(request, organisation):
    # One test for some 1,500 cells: the actors are made once, every mismatch is listed.
    actors = {name: actor(request, name) for name in ACTORS}
    wrong = [
        (perm, name)
        for perm, allowed in {**back_office_rows(), **MORE_WITHOUT_OBJECT}.items()
        for name, user in actors.items()
        if can(user, perm) is not (name in allowed)
    ]
    assert not wrong, f"(rule, actor) that the rules answer otherwise: {wrong}"


@pytest.mark.django_db
def test_rules_on_ones_own_things(request, organisation, owner, talent):

    token = api_services.create_token(talent, name="ci", scope="read")[0]
    membership = Membership.objects.get(user=owner, organisation=organisation)
    draft = NewsItemFactory(published_at=None)
    published = NewsItemFactory()
    rows = [
        ("api.revoke_token", token, {"talent"}),
        ("organisations.leave_organisation", membership, {"owner"}),
        ("portal.view_newsitem_public", draft, EDITORS),
        ("portal.view_newsitem_public", published, set(ACTORS)),
    ]
    actors = {name: actor(request, name) for name in ACTORS}
    wrong = [
        (perm, target, name)
        for perm, target, allowed in rows
        for name, user in actors.items()
        if can(user, perm, target) is not (name in allowed)
    ]
    assert not wrong, f"(rule, object, actor) that the rules answer otherwise: {wrong}"


# --- Projects, their teams and business plans ------------------------------------------------
def _project_objects(organisation, talent):
    """`talent` leads a listed project and a draft, and is a member of a third project; the
    listed project's plan is shared with `organisation` (whose members are the org actors)."""
    listed = ProjectFactory(lead=talent)
    draft = ProjectFactory(lead=talent, status="draft", verified_at=None)
    submitted = ProjectFactory(lead=talent, status="submitted", verified_at=None)
    elsewhere = ProjectFactory()
    membership = TeamMember.objects.create(project=elsewhere, user=talent)
    plan = BusinessPlan.objects.create(
        project=listed, original_name="plan.pdf", size=10, is_current=True
    )
    draft_plan = BusinessPlan.objects.create(
        project=draft, original_name="plan.pdf", size=10, is_current=True
    )
    sharing = PlanSharing.objects.create(
        project=listed, organisation=organisation, given_by=talent, text_shown="…"
    )
    return {
        "listed": listed,
        "draft": draft,
        "submitted": submitted,
        "lead_row": TeamMember.objects.get(project=listed, user=talent),
        "member_row": membership,
        "plan": plan,
        "draft_plan": draft_plan,
        "sharing": sharing,
    }


PROJECT_RULES = [
    ("projects.read_project", "listed", set(ACTORS)),
    ("projects.read_project", "draft", {"talent"} | VERIFIERS),
    ("projects.view_team", "draft", {"talent"}),
    ("projects.edit_project", "listed", {"talent"}),
    ("projects.edit_project", "submitted", set()),
    ("projects.submit_project", "draft", {"talent"}),
    ("projects.submit_project", "listed", set()),
    ("projects.withdraw_project", "listed", {"talent"}),
    ("projects.withdraw_project", "draft", set()),
    ("projects.verify_project", "submitted", VERIFIERS),
    ("projects.verify_project", "listed", set()),
    ("projects.reject_project", "submitted", VERIFIERS),
    ("projects.manage_team", "listed", {"talent"}),
    ("projects.manage_team", "member_row", set()),  # a member, not the lead, there
    ("projects.leave_team", "member_row", {"talent"}),
    ("projects.leave_team", "lead_row", set()),  # the lead hands over first
    ("projects.upload_plan", "listed", {"talent"}),
    ("projects.view_plan", "plan", {"talent"} | MEMBERS | VERIFIERS),
    ("projects.view_plan", "draft_plan", {"talent"} | VERIFIERS),
    ("projects.share_plan", "listed", {"talent"}),
    ("projects.withdraw_sharing", "sharing", {"talent"}),
]


@pytest.mark.django_db
def test_project_rules(request, organisation, talent):
    objects = _project_objects(organisation, talent)
    actors = {name: actor(request, name) for name in ACTORS}
    wrong = [
        (perm, target, name)
        for perm, target, allowed in PROJECT_RULES
        for name, user in actors.items()
        if can(user, perm, objects[target]) is not (name in allowed)
    ]
    assert not wrong, f"(rule, object, actor) that the rules answer otherwise: {wrong}"


@pytest.mark.django_db
def test_a_withdrawn_sharing_opens_the_plan_to_no_organisation(request, organisation, talent):
    objects = _project_objects(organisation, talent)
    objects["sharing"].withdrawn_at = timezone.now()
    objects["sharing"].save()
    for name in MEMBERS:
        assert not can(actor(request, name), "projects.view_plan", objects["plan"])
    assert not can(talent, "projects.withdraw_sharing", objects["sharing"])


# --- Project ⇄ demand recommendations (issue 13) -----------------------------------------
PROJECT_RECOMMENDATION_RULES = [
    # The team only: `talent` leads the project; nobody else, staff included.
    ("projects.view_project_recommendations", "project", {"talent"}),
    ("projects.view_project_recommendations", "draft_project", {"talent"}),
    ("projects.view_project_recommendations", "other_project", set()),
    # The demand's organisation, whatever the role; not another organisation, not staff.
    ("projects.view_demand_recommendations", "demand", MEMBERS),
    ("projects.view_demand_recommendations", "draft_demand", MEMBERS),
]


@pytest.mark.django_db
def test_project_recommendation_rules(request, organisation, talent):
    things = {
        "project": ProjectFactory(lead=talent),
        "draft_project": ProjectFactory(lead=talent, status="draft", verified_at=None),
        "other_project": ProjectFactory(lead=UserFactory()),
        "demand": DemandFactory(organisation=organisation),
        "draft_demand": DemandFactory(organisation=organisation, status="draft", published_at=None),
    }
    actors = {name: actor(request, name) for name in ACTORS}
    wrong = [
        (perm, target, name)
        for perm, target, allowed in PROJECT_RECOMMENDATION_RULES
        for name, user in actors.items()
        if can(user, perm, things[target]) is not (name in allowed)
    ]
    assert not wrong, f"(rule, object, actor) that the rules answer otherwise: {wrong}"


def test_every_registered_rule_has_a_row():
    """A new rule fails here until the matrix says who may use it."""

    named = (
        set(ON_VERIFIED_ORGANISATION)
        | set(ON_PENDING_ORGANISATION)
        | set(WITHOUT_OBJECT)
        | {perm for perm, _target, _allowed in JOB_FAIR_RULES}
        | set(back_office_rows())
        | set(MORE_WITHOUT_OBJECT)
        | {row[0] for row in RECRUITMENT_RULES}
        | {row[0] for row in PROJECT_RECOMMENDATION_RULES}
        | {row[0] for row in DOCKING_SESSION_RULES}
        | set(DOCKING_SESSION_WITHOUT_OBJECT)
        | {row[0] for row in DOCKING_INTEREST_RULES}
        | {row[0] for row in CALLS_REVIEW_RULES}
        | {row[0] for row in CALL_ENTRY_RULES}
        | set(CALL_ENTRY_WITHOUT_OBJECT)
        | {row[0] for row in CALL_DECISION_RULES}
        | set(CALL_DECISION_WITHOUT_OBJECT)
        | {row[0] for row in DEMAND_RULES}
        | {"api.revoke_token", "organisations.leave_organisation", "portal.view_newsitem_public"}
        | {perm for perm, _target, _allowed in PROJECT_RULES}
        | {row[0] for row in LIVE_PANEL_RULES}
        | set(LIVE_PANEL_WITHOUT_OBJECT)
        | {row[0] for row in CALL_STAGE_RULES}
        | set(CALL_STAGE_WITHOUT_OBJECT)
        | {row[0] for row in ROADSHOW_RULES}
        | set(ROADSHOW_WITHOUT_OBJECT)
        | {row[0] for row in CERTIFICATE_RULES}
        | set(CERTIFICATE_WITHOUT_OBJECT)
        | {row[0] for row in REGISTRATION_RULES}
        | set(REGISTRATION_WITHOUT_OBJECT)
        | {row[0] for row in GUEST_RULES}
        | set(GUEST_WITHOUT_OBJECT)
        | {row[0] for row in CHECKIN_RULES}
        | set(CHECKIN_WITHOUT_OBJECT)
    )
    registered = set(rules.permissions.permissions)
    assert not sorted(registered - named), "rules without a row in the permission matrix"
    assert not sorted(named - registered), "rows for rules that no longer exist"
