"""A call's reviewer pool and conflicts of interest.

A reviewer (评审专家) is a role per call: a `Reviewer` row naming an existing account, its
fields of expertise, its organisation (a verified one, optional) and an affiliation in words.
Conflicts of interest (回避) are declared by the reviewer or found by `find_conflicts`: the
reviewer is in the entry's project team, or one of the reviewer's organisations (the one the
pool names, or any they belong to) is an organisation of a team member. A conflicted reviewer
is never assigned the entry and never sees it: declaring a conflict removes the assignment.
"""

from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from yingcai.accounts.models import User
from yingcai.core import audit
from yingcai.core.rules import forget
from yingcai.core.services import require, require_role
from yingcai.organisations.models import Membership, Organisation
from yingcai.projects.models import TeamMember

from ..models import Assignment, Call, Conflict, Entry, Reviewer, Stage, StageEntry

MAX_REASON = 300


def _lock_call(call: Call) -> Call:
    # no_key: the call is kept from being deleted while its pool changes, not from edits.
    try:
        return Call.objects.select_for_update(no_key=True).get(pk=call.pk)
    except Call.DoesNotExist:
        raise ValidationError(_("The call no longer exists; reload the page.")) from None


def _lock_reviewer(reviewer: Reviewer) -> Reviewer:
    try:
        return Reviewer.objects.select_for_update().get(pk=reviewer.pk)
    except Reviewer.DoesNotExist:
        raise ValidationError(_("This reviewer is no longer in the pool.")) from None


def _check_organisation(organisation: Organisation | None) -> None:
    if organisation is not None and organisation.status != Organisation.Status.VERIFIED:
        raise ValidationError(
            {"organisation": _("Choose a verified organisation, or none.")}, code="organisation"
        )


def _clean_text(value: str, limit: int, field: str) -> str:
    value = (value or "").strip()
    if "\x00" in value:
        raise ValidationError({field: _("The text contains a character that is not allowed.")})
    if len(value) > limit:
        raise ValidationError(
            {field: _("Keep the text to %(limit)s characters or fewer.") % {"limit": limit}}
        )
    return value


# --- The pool: call managers ------------------------------------------------------------------
@transaction.atomic
def add_reviewer(
    actor, call: Call, email: str, fields=(), organisation=None, affiliation: str = ""
) -> Reviewer:
    """Put the account with this e-mail address in the call's pool (or back in it)."""
    require(actor, "calls.review_manage", call)
    address = (email or "").strip()
    user = User.objects.filter(email__iexact=address, is_active=True).first() if address else None
    if user is None:
        raise ValidationError(
            {
                "email": _(
                    "No account uses this e-mail address. The expert must sign up first; "
                    "then add them here."
                )
            },
            code="no_account",
        )
    _check_organisation(organisation)
    affiliation = _clean_text(affiliation, 120, "affiliation")
    call = _lock_call(call)
    reviewer = Reviewer.objects.select_for_update().filter(call=call, user=user).first()
    if reviewer is not None and reviewer.is_active:
        raise ValidationError(
            {"email": _("%(person)s is already in this call's pool.") % {"person": user}},
            code="already",
        )
    action = "calls_review.reviewer_reactivated" if reviewer else "calls_review.reviewer_added"
    if reviewer is None:
        reviewer = Reviewer(call=call, user=user, added_by=actor)
    reviewer.organisation = organisation
    reviewer.affiliation = affiliation
    reviewer.is_active = True
    try:
        with transaction.atomic():
            reviewer.save()
    except IntegrityError:
        raise ValidationError(
            {"email": _("%(person)s is already in this call's pool.") % {"person": user}},
            code="already",
        ) from None
    reviewer.fields.set(list(fields))
    audit.record(actor, action, reviewer, call=call.pk)
    find_conflicts(call, reviewers=[reviewer])
    forget(user)
    return reviewer


@transaction.atomic
def change_reviewer(actor, reviewer: Reviewer, fields=(), organisation=None, affiliation=""):
    """A reviewer's fields of expertise, organisation and affiliation."""
    require(actor, "calls.review_manage", reviewer.call)
    _check_organisation(organisation)
    affiliation = _clean_text(affiliation, 120, "affiliation")
    stored = _lock_reviewer(reviewer)
    stored.organisation = organisation
    stored.affiliation = affiliation
    stored.save(update_fields=["organisation", "affiliation"])
    stored.fields.set(list(fields))
    audit.record(actor, "calls_review.reviewer_changed", stored)
    find_conflicts(stored.call, reviewers=[stored])
    return stored


@transaction.atomic
def deactivate_reviewer(actor, reviewer: Reviewer) -> int:
    """Take a reviewer out of the pool. Their assignments not yet scored in stages still
    taking scores are removed (the organisers assign again); scores given stay. Answers how
    many assignments were removed."""
    require(actor, "calls.review_manage", reviewer.call)
    stored = _lock_reviewer(reviewer)
    if not stored.is_active:
        raise ValidationError(_("This reviewer is already out of the pool."))
    stored.is_active = False
    stored.save(update_fields=["is_active"])
    removed, _detail = (
        Assignment.objects.filter(
            reviewer=stored,
            review__isnull=True,
            stage__status__in=(Stage.Status.PLANNED, Stage.Status.SCORING),
        )
        .exclude(source=Assignment.Source.PANEL)
        .delete()
    )
    audit.record(actor, "calls_review.reviewer_deactivated", stored, assignments_removed=removed)
    forget(stored.user)
    return removed


# --- Conflicts --------------------------------------------------------------------------------
def _entries_of(target) -> list[int]:
    if isinstance(target, Stage):
        ids = list(StageEntry.objects.filter(stage=target).values_list("entry_id", flat=True))
        if ids or target.call.stages.filter(position__lt=target.position).exists():
            return ids
        target = target.call
    return list(
        Entry.objects.filter(call=target, status=Entry.Status.SUBMITTED).values_list(
            "pk", flat=True
        )
    )


def automatic_conflicts(reviewers, entry_ids) -> dict[tuple[int, int], str]:
    """{(reviewer id, entry id): source} found from the teams and organisations.

    Four queries whatever the sizes: the entries' projects, their team members, the members'
    organisations, the reviewers' own organisations."""
    reviewers = list(reviewers)
    if not reviewers or not entry_ids:
        return {}
    project_of = dict(Entry.objects.filter(pk__in=entry_ids).values_list("pk", "project_id"))
    team: dict[int, set[int]] = defaultdict(set)  # project -> user ids
    for project_id, user_id in TeamMember.objects.filter(
        project_id__in=set(project_of.values())
    ).values_list("project_id", "user_id"):
        team[project_id].add(user_id)
    member_users = set().union(*team.values()) if team else set()
    reviewer_users = {r.user_id for r in reviewers}
    orgs_of_user: dict[int, set[int]] = defaultdict(set)
    for user_id, organisation_id in Membership.objects.filter(
        user_id__in=member_users | reviewer_users
    ).values_list("user_id", "organisation_id"):
        orgs_of_user[user_id].add(organisation_id)
    team_orgs = {
        project_id: set().union(*(orgs_of_user[u] for u in users)) if users else set()
        for project_id, users in team.items()
    }
    by_user = defaultdict(list)  # a reviewer's account -> reviewer ids
    by_org = defaultdict(set)  # an organisation -> ids of the reviewers it makes conflicted
    for reviewer in reviewers:
        by_user[reviewer.user_id].append(reviewer.pk)
        for organisation_id in orgs_of_user[reviewer.user_id]:
            by_org[organisation_id].add(reviewer.pk)
        if reviewer.organisation_id is not None:
            by_org[reviewer.organisation_id].add(reviewer.pk)
    found = {}
    for entry_id, project_id in project_of.items():
        for organisation_id in team_orgs.get(project_id, ()):
            for reviewer_id in by_org.get(organisation_id, ()):
                found[reviewer_id, entry_id] = Conflict.Source.ORGANISATION
        for user_id in team.get(project_id, ()):
            for reviewer_id in by_user.get(user_id, ()):
                found[reviewer_id, entry_id] = Conflict.Source.TEAM
    return found


def find_conflicts(target, reviewers=None) -> int:
    """Record the automatic conflicts of a call's (or a stage's) entries with its active
    reviewers (or only `reviewers`); those already recorded stay as they are. Answers how
    many were new. Run by the services that add reviewers and assign (rules checked there)."""
    call = target if isinstance(target, Call) else target.call
    if reviewers is None:
        reviewers = Reviewer.objects.filter(call=call, is_active=True).only(
            "pk", "user_id", "organisation_id"
        )
    found = automatic_conflicts(reviewers, _entries_of(target))
    if not found:
        return 0
    known = set(
        Conflict.objects.filter(
            reviewer_id__in={r for r, _e in found}, entry_id__in={e for _r, e in found}
        ).values_list("reviewer_id", "entry_id")
    )
    new = [
        Conflict(reviewer_id=r, entry_id=e, source=source)
        for (r, e), source in found.items()
        if (r, e) not in known
    ]
    Conflict.objects.bulk_create(new, ignore_conflicts=True, batch_size=500)
    if new:
        audit.record(None, "calls_review.conflicts_found", call, count=len(new))
    return len(new)


@transaction.atomic
def declare_conflict(user, entry: Entry, reason: str = "") -> Conflict:
    """A reviewer declares a conflict of interest with an entry of their call. An assignment
    of the entry to them (scored or not) is removed: a conflicted review does not count."""
    require_role(user, "calls.review_declare_conflict", entry)
    reason = _clean_text(reason, MAX_REASON, "reason")
    try:
        entry = Entry.objects.get(pk=entry.pk)
    except Entry.DoesNotExist:
        raise ValidationError(_("The entry no longer exists; reload the page.")) from None
    require(user, "calls.review_declare_conflict", entry)
    reviewer = _lock_reviewer(Reviewer(pk=_reviewer_id(user, entry.call_id)))
    conflict = Conflict.objects.filter(reviewer=reviewer, entry=entry).first()
    if conflict is not None:
        raise ValidationError(_("You have already declared a conflict with this entry."))
    try:
        with transaction.atomic():
            conflict = Conflict.objects.create(
                reviewer=reviewer, entry=entry, source=Conflict.Source.DECLARED, reason=reason
            )
    except IntegrityError:
        raise ValidationError(_("You have already declared a conflict with this entry.")) from None
    removed, _detail = Assignment.objects.filter(reviewer=reviewer, entry=entry).delete()
    audit.record(user, "calls_review.conflict_declared", conflict, assignments_removed=removed)
    return conflict


@transaction.atomic
def withdraw_conflict(user, conflict: Conflict) -> None:
    """A reviewer takes back a conflict they declared (not one found automatically)."""
    try:
        conflict = Conflict.objects.select_for_update().get(pk=conflict.pk)
    except Conflict.DoesNotExist:
        raise ValidationError(_("This conflict of interest is no longer recorded.")) from None
    entry = Entry.objects.get(pk=conflict.entry_id)
    require(user, "calls.review_declare_conflict", entry)
    if conflict.reviewer_id != _reviewer_id(user, entry.call_id):
        raise ValidationError(_("This conflict of interest is not yours."))
    if conflict.source != Conflict.Source.DECLARED:
        raise ValidationError(
            _("This conflict was found from the team and organisations; it stays.")
        )
    audit.record(user, "calls_review.conflict_withdrawn", entry)
    conflict.delete()


def _reviewer_id(user, call_id) -> int:
    reviewer_id = (
        Reviewer.objects.filter(call_id=call_id, user=user, is_active=True)
        .values_list("pk", flat=True)
        .first()
    )
    if reviewer_id is None:
        raise ValidationError(_("You are not a reviewer of this call."))
    return reviewer_id
