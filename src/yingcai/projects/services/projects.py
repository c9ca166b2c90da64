"""A project, its team, its business plan and who it is shared with.

One function per change (docs/architecture.md, "State changes and concurrency"): the rule,
the project row locked (the parent before its team, invitations, plans and sharings), the
state re-checked on the locked row, the write, the audit entry, mail after the commit.
"""

import re

from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from yingcai.accounts.models import User
from yingcai.core import audit, files
from yingcai.core.mail import notify_user, send_templated_mail
from yingcai.core.rules import forget
from yingcai.core.services import require, require_role
from yingcai.organisations.models import Organisation

from .. import recommendations, search
from ..models import (
    MAX_AMOUNT,
    TEAM_INVITATION_VALID_FOR,
    BusinessPlan,
    Origin,
    PlanSharing,
    Project,
    TeamInvitation,
    TeamMember,
)

MAX_PLAN_BYTES = 20 * 1024 * 1024
MAX_PATENTS = 50
MAX_TEAM = 30
# Changed only by the life-cycle functions (submit, withdraw, verify, reject), never by an edit.
STATE_FIELDS = (
    "status",
    "status_reason",
    "submitted_at",
    "first_submitted_at",
    "verified_at",
    "reviewed_by",
    "created_by",
    "created_at",
    "recommendations_refreshed_at",
)

# A patent or application number as offices print it: the office's letters (CN, ZL, US, EP,
# WO, JP …), the number (5 to 13 digits, a check digit after a dot for Chinese applications),
# and an optional kind code (A, B1, U, A1 …). Spaces, commas, dots between digit groups and the
# slash of WO/US publications are written freely.
_PATENT = re.compile(r"^(?:[A-Z]{2})\d{5,13}(?:\.[\dX])?(?:[A-Z]\d?)?$")


def normalised_patent(number: str) -> str:
    compact = re.sub(r"[\s,/\-]", "", number.upper())
    # Digit groups ("1 234 567" or "9.876.543") but not the check digit of "201510123456.7".
    return re.sub(r"(?<=\d)\.(?=\d{3})", "", compact)


def validate_patents(text: str) -> str:
    """The patents, one per line, each checked; answers the cleaned text or raises."""
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    if len(lines) > MAX_PATENTS:
        raise ValidationError(
            _("List at most %(n)d patents.") % {"n": MAX_PATENTS}, code="too_many"
        )
    wrong = [
        (index, line)
        for index, line in enumerate(lines, 1)
        if len(line) > 40 or not _PATENT.match(normalised_patent(line))
    ]
    if wrong:
        index, line = wrong[0]
        raise ValidationError(
            _(
                "Line %(line)d, “%(number)s”, is not a patent number. Write the office's "
                "letters and the number, one per line, e.g. CN 201510123456.7, "
                "ZL 2015 1 0123456.7, US 9,876,543 B2, EP 1 234 567 B1 or WO 2019/123456 A1."
            )
            % {"line": index, "number": line[:40]},
            code="patent",
        )
    return "\n".join(lines)


# --- Reading -------------------------------------------------------------------------------
def current_plan(project: Project) -> BusinessPlan | None:
    return project.plans.filter(is_current=True).first()


def team_of(project: Project) -> list[TeamMember]:
    # "lead" sorts before "member": the lead first, then the members by when they joined.
    return list(project.team.select_related("user").order_by("role", "joined_at", "pk"))


def _lock_project(project: Project) -> Project:
    """The project as stored now, its row locked until the transaction ends (no joins)."""
    locked = Project.objects.select_for_update().filter(pk=project.pk).order_by().first()
    if locked is None:
        raise ValidationError(_("This project no longer exists."))
    return locked


def _hold_project(project_id: int) -> None:
    """Serialise changes to one project's team, plans and sharings ("one lead", "one current
    plan" are facts about several rows); the project itself is not changed."""
    found = list(
        Project.objects.select_for_update(no_key=True)
        .filter(pk=project_id)
        .order_by()
        .values_list("pk", flat=True)
    )
    if not found:
        raise ValidationError(_("This project no longer exists."))


def _index(project: Project) -> None:
    project.search_document = search.project_document(project)
    Project.objects.filter(pk=project.pk).update(search_document=project.search_document)


def _refresh_later(project: Project) -> None:
    project_id = project.pk
    transaction.on_commit(lambda: recommendations.queue_refresh(project_ids=[project_id]))


def _notify_team(project: Project, template: str, **context) -> None:
    for member in project.team.select_related("user"):
        notify_user(member.user, template, {"project": project, **context})


# --- The project ---------------------------------------------------------------------------
def validate_project(project: Project) -> None:
    """What every path checks before a project is written (the form says the same first)."""
    errors = {}
    for name in ("title", "summary"):
        zh = (getattr(project, f"{name}_zh_hans") or "").strip()
        en = (getattr(project, f"{name}_en") or "").strip()
        setattr(project, f"{name}_zh_hans", zh)
        setattr(project, f"{name}_en", en)
        if not zh and not en:
            errors[f"{name}_zh_hans"] = _("Give it in Chinese, in English or both.")
    if project.origin == Origin.OVERSEAS and not (project.country or "").strip():
        errors["country"] = _("Give the country or region of an overseas project.")
    if project.origin == Origin.DOMESTIC:
        project.country = ""
    if not project.seeks_investment:
        project.amount_min = project.amount_max = None
    for name in ("amount_min", "amount_max"):
        value = getattr(project, name)
        if value is not None and not 0 <= value <= MAX_AMOUNT:
            errors[name] = _("Give an amount between 0 and %(max)s.") % {"max": f"{MAX_AMOUNT:,}"}
    low, high = project.amount_min, project.amount_max
    if low is not None and high is not None and high < low and "amount_max" not in errors:
        errors["amount_max"] = _("The upper end of the amount is below its lower end.")
    if project.park_id is not None:
        park = Organisation.objects.filter(pk=project.park_id).first()
        if park is None or park.kind != Organisation.Kind.INDUSTRIAL_PARK or not park.is_verified:
            errors["park"] = _("Choose a verified industrial park.")
    try:
        project.patents = validate_patents(project.patents)
    except ValidationError as error:
        errors["patents"] = error.messages
    if errors:
        raise ValidationError(errors)
    project.full_clean(exclude=["created_by", "reviewed_by", "park", "industries"])


@transaction.atomic
def register_project(user, project: Project, industries=None) -> Project:
    """A talent registers a project as a draft and becomes the lead of its team."""
    require(user, "projects.register_project")
    project.status = Project.Status.DRAFT
    project.created_by = user
    project.created_at = timezone.now()
    for name in ("submitted_at", "first_submitted_at", "verified_at", "reviewed_by"):
        setattr(project, name, None)
    project.status_reason = ""
    validate_project(project)
    project.save()
    if industries is not None:
        project.industries.set(industries)
    TeamMember.objects.create(project=project, user=user, role=TeamMember.Role.LEAD)
    forget(user)
    _index(project)
    audit.record(user, "project.registered", project)
    return project


@transaction.atomic
def update_project(user, project: Project, changed=None, industries=None) -> Project:
    """The team edits its project; a listed project stays listed (and the trail says so)."""
    require_role(user, "projects.edit_project", project)
    # Its life cycle as stored now: never written back from a form opened before the
    # organisers decided or the lead withdrew it.
    current = _lock_project(project)
    require(user, "projects.edit_project", current)
    for name in STATE_FIELDS:
        attname = Project._meta.get_field(name).attname
        setattr(project, attname, getattr(current, attname))
    validate_project(project)
    project.save()
    if industries is not None:
        project.industries.set(industries)
    _index(project)
    listed = project.status == Project.Status.VERIFIED
    audit.record(user, "project.changed", project, fields=list(changed or []), listed=listed)
    if listed:
        _refresh_later(project)
    return project


@transaction.atomic
def submit_project(user, project: Project) -> Project:
    require_role(user, "projects.submit_project", project)
    project = _lock_project(project)
    require(user, "projects.submit_project", project)
    validate_project(project)
    now = timezone.now()
    project.status = Project.Status.SUBMITTED
    project.submitted_at = now
    if project.first_submitted_at is None:  # a resubmission keeps the first moment
        project.first_submitted_at = now
    project.status_reason = ""
    project.save(
        update_fields=[
            "status",
            "submitted_at",
            "first_submitted_at",
            "status_reason",
            "updated_at",
        ]
    )
    audit.record(user, "project.submitted", project)
    return project


@transaction.atomic
def withdraw_project(user, project: Project) -> Project:
    """The lead takes the project off the list (or out of the organisers' queue)."""
    require_role(user, "projects.withdraw_project", project)
    project = _lock_project(project)
    require(user, "projects.withdraw_project", project)
    previous = project.status
    project.status = Project.Status.WITHDRAWN
    project.save(update_fields=["status", "updated_at"])
    audit.record(user, "project.withdrawn", project, previous=previous)
    if previous == Project.Status.VERIFIED:
        _refresh_later(project)
    return project


@transaction.atomic
def verify_project(actor, project: Project) -> Project:
    """The organisers' verification lists the project."""
    require_role(actor, "projects.verify_project", project)
    project = _lock_project(project)
    require(actor, "projects.verify_project", project)
    now = timezone.now()
    project.status = Project.Status.VERIFIED
    project.status_reason = ""
    project.verified_at = now
    project.reviewed_by = actor
    project.save(
        update_fields=["status", "status_reason", "verified_at", "reviewed_by", "updated_at"]
    )
    _index(project)
    audit.record(actor, "project.verified", project)
    _notify_team(project, "project_verified")
    _refresh_later(project)
    return project


@transaction.atomic
def reject_project(actor, project: Project, reason: str) -> Project:
    reason = (reason or "").strip()
    require_role(actor, "projects.reject_project", project)
    if not reason:
        raise ValidationError(_("Give the reason, so the team can correct it."))
    project = _lock_project(project)
    require(actor, "projects.reject_project", project)
    project.status = Project.Status.REJECTED
    project.status_reason = reason[:2000]
    project.reviewed_by = actor
    project.save(update_fields=["status", "status_reason", "reviewed_by", "updated_at"])
    audit.record(actor, "project.rejected", project, reason=project.status_reason)
    _notify_team(project, "project_rejected", reason=project.status_reason)
    return project


# --- The team ------------------------------------------------------------------------------
def _has_address(user, email: str) -> bool:
    """The account's own address, or another verified address of the same person."""
    return (
        user.email.lower() == email.lower()
        or EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists()
    )


def _already_invited(email: str) -> ValidationError:
    return ValidationError(
        _("%(email)s has already been invited and has not answered yet.") % {"email": email}
    )


@transaction.atomic
def invite_member(actor, project: Project, email: str, request=None) -> TeamInvitation:
    """The lead invites someone by e-mail; the link is valid for 14 days."""
    require(actor, "projects.manage_team", project)
    email = (email or "").strip().lower()
    if not email or "\x00" in email or len(email) > 254 or "@" not in email:
        raise ValidationError(_("Enter a valid e-mail address."))
    _hold_project(project.pk)
    forget(actor)
    require(actor, "projects.manage_team", project)  # still the lead, as stored now
    if project.team.filter(user__email__iexact=email).exists():
        raise ValidationError(_("%(email)s is already in the team.") % {"email": email})
    waiting = project.invitations.filter(
        email=email, accepted_at__isnull=True, revoked_at__isnull=True
    )
    now = timezone.now()
    open_elsewhere = project.invitations.filter(
        accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now
    ).exclude(email=email)
    if project.team.count() + open_elsewhere.count() >= MAX_TEAM:
        raise ValidationError(_("A team has at most %(n)d members.") % {"n": MAX_TEAM})
    if waiting.filter(expires_at__gt=now).exists():
        raise _already_invited(email)
    # An expired invitation no longer blocks a new one.
    waiting.filter(expires_at__lte=now).update(revoked_at=now)
    # _hold_project serialises the invitations of one project: the check above saw any open
    # one; `projects_one_open_invitation` is the last guard.
    invitation = TeamInvitation.objects.create(
        project=project, email=email, invited_by=actor, expires_at=now + TEAM_INVITATION_VALID_FOR
    )
    audit.record(actor, "project.member_invited", project, email=email)
    path = reverse("project_team:invitation", args=[invitation.token])
    link = request.build_absolute_uri(path) if request is not None else path
    # In the invitee's language when they already have an account, else in the inviter's.
    language = (
        User.objects.filter(email__iexact=email).values_list("language", flat=True).first()
        or actor.language
    )
    send_templated_mail(
        email,
        "project_invitation",
        {"invitation": invitation, "project": project, "inviter": actor, "link": link},
        language=language,
    )
    return invitation


@transaction.atomic
def revoke_invitation(actor, invitation: TeamInvitation) -> TeamInvitation:
    require(actor, "projects.manage_team", invitation.project)
    # Locked like an acceptance: an invitation ends accepted or revoked, never both.
    invitation = TeamInvitation.objects.select_for_update().filter(pk=invitation.pk).first()
    if invitation is None or invitation.accepted_at or invitation.revoked_at:
        raise ValidationError(_("This invitation is no longer open."))
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    audit.record(actor, "project.invitation_revoked", invitation.project, email=invitation.email)
    return invitation


@transaction.atomic
def accept_invitation(user, token: str) -> TeamMember:
    """Join the team with the link of an invitation sent to one of one's addresses."""
    if not (user.is_authenticated and user.is_active):
        raise PermissionDenied(_("You are not allowed to do this."))
    found = TeamInvitation.objects.filter(token=str(token)[:64]).values_list(
        "project_id", flat=True
    )
    project_id = found.first()
    if project_id is None:
        raise ValidationError(_("This invitation does not exist, has expired or was withdrawn."))
    # The project first (the parent), then the invitation: two invitations of one person
    # (two of their addresses) accepted at once make one membership.
    _hold_project(project_id)
    invitation = TeamInvitation.objects.select_for_update().filter(token=token).first()
    if invitation is None or not invitation.is_open:
        raise ValidationError(_("This invitation does not exist, has expired or was withdrawn."))
    if not _has_address(user, invitation.email):
        raise ValidationError(
            _("This invitation was sent to %(email)s. Log in with that address to accept it.")
            % {"email": invitation.email}
        )
    member = TeamMember.objects.filter(project_id=project_id, user=user).first()
    joined = member is None
    if joined:
        member = TeamMember.objects.create(
            project_id=project_id, user=user, role=TeamMember.Role.MEMBER
        )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    forget(user)
    if joined:
        audit.record(user, "project.member_joined", invitation.project)
    return member


def _member_now(member: TeamMember) -> TeamMember:
    found = TeamMember.objects.select_related("user", "project").filter(pk=member.pk).first()
    if found is None:
        raise ValidationError(_("This person is no longer in the team."))
    return found


@transaction.atomic
def remove_member(actor, member: TeamMember) -> None:
    """The lead removes a member, or a member leaves; the lead hands the lead over first."""
    leaving = member.user_id == actor.pk
    if leaving:
        require_role(actor, "projects.leave_team", member)
    else:
        require(actor, "projects.manage_team", member.project)
    _hold_project(member.project_id)
    member = _member_now(member)
    forget(actor)
    # As stored now: the lead may have handed over or removed meanwhile.
    if leaving:
        require(actor, "projects.leave_team", member)
    else:
        require(actor, "projects.manage_team", member.project)
    project, person = member.project, member.user
    member.delete()
    forget(person)
    audit.record(
        actor,
        "project.member_left" if leaving else "project.member_removed",
        project,
        member=person.email,
    )


@transaction.atomic
def hand_over_lead(actor, member: TeamMember) -> TeamMember:
    """The lead makes another member the lead and stays in the team as a member."""
    require(actor, "projects.manage_team", member.project)
    _hold_project(member.project_id)
    member = _member_now(member)
    # The actor's role as stored now: twenty hand-overs at once leave one lead.
    forget(actor)
    require(actor, "projects.manage_team", member.project)
    if member.role == TeamMember.Role.LEAD:
        raise ValidationError(_("This person already leads the project."))
    # Demoted first: "one lead per project" holds after every statement.
    TeamMember.objects.filter(project_id=member.project_id, role=TeamMember.Role.LEAD).update(
        role=TeamMember.Role.MEMBER
    )
    member.role = TeamMember.Role.LEAD
    member.save(update_fields=["role"])
    forget(actor)
    forget(member.user)
    audit.record(actor, "project.lead_handed_over", member.project, to=member.user.email)
    notify_user(member.user, "project_lead", {"project": member.project, "previous": actor})
    return member


# --- The business plan ---------------------------------------------------------------------
def sniff_plan(uploaded) -> None:
    """A real PDF, judged by its content (core.files), never by its name."""
    if files.sniff(uploaded) != "pdf":
        raise ValidationError(_("A business plan must be a PDF file."), code="type")


@transaction.atomic
def upload_plan(user, project: Project, uploaded) -> BusinessPlan:
    """The new plan becomes the only one: earlier versions are deleted with their files."""
    require(user, "projects.upload_plan", project)
    if uploaded.size > MAX_PLAN_BYTES:
        raise ValidationError(_("A business plan may be at most 20 MB."), code="size")
    if uploaded.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    sniff_plan(uploaded)
    _hold_project(project.pk)
    forget(user)
    require(user, "projects.upload_plan", project)
    name = (uploaded.name or "plan.pdf").replace("\\", "/").rsplit("/", 1)[-1][:200]
    plan = BusinessPlan(project=project, original_name=name, size=uploaded.size, uploaded_by=user)
    for old in project.plans.all():
        storage, path = old.file.storage, old.file.name
        old.delete()
        # The old file goes once the new plan is committed.
        transaction.on_commit(lambda storage=storage, path=path: storage.delete(path))
    plan.file.save("upload", uploaded, save=False)
    plan.is_current = True
    plan.save()
    audit.record(user, "project.plan_uploaded", project, size=plan.size)
    return plan


@transaction.atomic
def delete_plan(user, plan: BusinessPlan) -> None:
    require(user, "projects.upload_plan", plan.project)
    _hold_project(plan.project_id)
    plan = BusinessPlan.objects.filter(pk=plan.pk).select_related("project").first()
    if plan is None:
        raise ValidationError(_("This business plan no longer exists."))
    storage, path, project = plan.file.storage, plan.file.name, plan.project
    plan.delete()
    transaction.on_commit(lambda: storage.delete(path))
    audit.record(user, "project.plan_deleted", project)


def sharing_text(project: Project, organisation: Organisation) -> str:
    """What a team member agrees to, in their words: who receives what, for what, until when."""
    contact = ", ".join(
        part for part in (organisation.contact_email, organisation.contact_phone) if part
    )
    return _(
        "I agree that Yingcai shows the business plan of the project “%(project)s” (the PDF "
        "the team uploaded, and any later version, while this consent stands) to the members "
        "of %(organisation)s (%(kind)s; contact: %(contact)s), so that they can consider the "
        "project for investment, partnership or settlement in Chongqing. %(organisation)s "
        "then handles it itself. The team can withdraw this consent at any time on the "
        "project's page; copies already downloaded stay with the organisation."
    ) % {
        "project": project.title,
        "organisation": organisation.name,
        "kind": organisation.get_kind_display(),
        "contact": contact or organisation.address or "—",
    }


@transaction.atomic
def share_plan(user, project: Project, organisation: Organisation) -> PlanSharing:
    """A team member's separate, recorded consent to show the plan to one organisation.

    Giving it again while it stands answers the standing consent."""
    require(user, "projects.share_plan", project)
    _hold_project(project.pk)
    forget(user)
    require(user, "projects.share_plan", project)
    organisation = Organisation.objects.filter(pk=organisation.pk).first()
    if organisation is None or not organisation.is_verified:
        raise ValidationError(
            _("The business plan can only be shared with a verified organisation.")
        )
    standing = PlanSharing.objects.filter(
        project=project, organisation=organisation, withdrawn_at__isnull=True
    ).first()
    if standing is not None:
        return standing
    sharing = PlanSharing.objects.create(
        project=project,
        organisation=organisation,
        given_by=user,
        text_shown=sharing_text(project, organisation),
    )
    audit.record(user, "project.plan_shared", project, organisation=organisation.name)
    return sharing


@transaction.atomic
def withdraw_sharing(user, sharing: PlanSharing) -> PlanSharing:
    """From now on the organisation's members no longer open the plan (the rule asks at every
    access)."""
    require_role(user, "projects.withdraw_sharing", sharing)
    _hold_project(sharing.project_id)
    sharing = (
        PlanSharing.objects.select_for_update(of=("self",))
        .select_related("project", "organisation")
        .filter(pk=sharing.pk)
        .first()
    )
    if sharing is None:
        raise ValidationError(_("This consent no longer exists."))
    require(user, "projects.withdraw_sharing", sharing)
    sharing.withdrawn_at = timezone.now()
    sharing.save(update_fields=["withdrawn_at"])
    audit.record(
        user,
        "project.plan_sharing_withdrawn",
        sharing.project,
        organisation=sharing.organisation.name,
    )
    return sharing
