"""Who may see and run an organisation, and the membership predicates every channel uses.

An object "belongs" to an organisation when it is the organisation, or has an `organisation`
(a membership, an invitation, a job's pipeline step), an `institution` (a recruitment post),
a `post` (an application to a post) or a `job` (an application, an interview slot): the
predicates below read the role of the user in that organisation.
"""

import rules

from yingcai.core.rules import (
    cached,
    is_active_user,
    is_organiser_staff,
    is_staff_admin,
    is_verifier,
    model_perms,
)

from .models import Membership, Organisation


def memberships(user) -> dict[int, str]:
    """{organisation id: role} for a user, read once per user object."""
    if not (user.is_authenticated and user.is_active):
        return {}
    return cached(
        user,
        "memberships",
        lambda: dict(Membership.objects.filter(user=user).values_list("organisation_id", "role")),
    )


def organisation_of(obj) -> Organisation | None:
    """The organisation an object belongs to (itself, a membership, a post, an application…)."""
    if obj is None:
        return None
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


def role_in(user, obj) -> str | None:
    organisation = organisation_of(obj)
    if organisation is None:
        return None
    return memberships(user).get(organisation.pk)


@rules.predicate
def is_org_member(user, obj):
    return role_in(user, obj) is not None


@rules.predicate
def is_org_owner(user, obj):
    return role_in(user, obj) == "owner"


@rules.predicate
def is_org_recruiter(user, obj):
    return role_in(user, obj) in ("owner", "recruiter")


@rules.predicate
def is_verified_org(user, obj):
    organisation = organisation_of(obj)
    return organisation is not None and organisation.is_verified


@rules.predicate
def is_public_institution(user, obj):
    organisation = organisation_of(obj)
    return organisation is not None and organisation.kind == Organisation.Kind.PUBLIC_INSTITUTION


@rules.predicate
def is_own_membership(user, obj):
    return obj is not None and getattr(obj, "user_id", None) == user.pk


@rules.predicate
def is_member_of_a_verified_organisation(user):
    organisations = memberships(user)
    if not organisations:
        return False
    return cached(
        user,
        "verified_member",
        lambda: Organisation.objects.filter(
            pk__in=list(organisations), status=Organisation.Status.VERIFIED
        ).exists(),
    )


rules.add_perm("organisations", is_organiser_staff)
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
model_perms(
    "organisations.membership",
    view=is_verifier,
    change=is_staff_admin,
    delete=is_staff_admin,
)
model_perms("organisations.invitation", view=is_verifier, delete=is_staff_admin)
