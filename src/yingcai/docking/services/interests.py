"""Interest between a project and an organisation.

One `Interest` per project and organisation (a database constraint). Expressing interest
where the other side already did accepts theirs: the interest becomes mutual, which shows
both sides' contacts and lets either ask for a meeting (`mutual_between`). Unsolicited
interest — a new one awaiting an answer — is capped per sender and day here, and per sender
and hour by the pages (`yingcai.core.http.over_limit`).
"""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yingcai.accounts.models import User
from yingcai.core import audit
from yingcai.core.mail import notify_user
from yingcai.core.services import require, require_role
from yingcai.organisations.models import Membership, Organisation
from yingcai.projects.models import Demand, Project
from yingcai.projects.services import projects as project_services

from ..models import Interest
from ..rules.interests import SPEAKING_ROLES

MESSAGE_MAX = 1000
# New interests a person may send in 24 hours, whichever side they speak for.
DAILY_CAP = 20


def mutual_between(project, organisation) -> bool:
    """Whether the project and the organisation are interested in each other (both ids
    or objects): what a meeting request between them needs."""
    project_id = getattr(project, "pk", project)
    organisation_id = getattr(organisation, "pk", organisation)
    return Interest.objects.filter(
        project_id=project_id, organisation_id=organisation_id, status=Interest.Status.ACCEPTED
    ).exists()


def clean_text(value: str, max_length: int, *, required: bool = False) -> str:
    """A message as stored: trimmed, of bounded length, without NUL characters."""
    value = (value or "").strip()
    if "\x00" in value:
        raise ValidationError(_("The text contains a character that is not allowed."))
    if len(value) > max_length:
        raise ValidationError(
            _("Write at most %(n)s characters.") % {"n": max_length}, code="max_length"
        )
    if required and not value:
        raise ValidationError(_("Write a short message."), code="required")
    return value


def sent_today(user) -> int:
    return Interest.objects.filter(
        sender=user,
        status=Interest.Status.PENDING,
        created_at__gte=timezone.now() - timedelta(days=1),
    ).count()


def express_for_organisation(
    user,
    organisation: Organisation,
    project: Project,
    message: str,
    demand: Demand | None = None,
    *,
    capped: bool = True,
) -> Interest:
    """An organisation's member expresses its interest in a listed project (optionally about
    one of the organisation's published demands). `capped=False` for interest marked at a
    roadshow's pitch (roadshow.services.interest), bounded by the pitches of the programme
    rather than by the daily cap of unsolicited interest."""
    require(user, "docking.speak_for_organisation", organisation)
    if not project.is_listed:
        raise ValidationError(_("This project is not listed."))
    if demand is not None and (
        demand.organisation_id != organisation.pk or demand.status != Demand.Status.PUBLISHED
    ):
        raise ValidationError(_("Choose one of your organisation's published demands."))
    return _express(
        user, Interest.Side.ORGANISATION, project, organisation, message, demand, capped=capped
    )


def express_for_project(user, project: Project, demand: Demand, message: str) -> Interest:
    """A team member expresses the project's interest in an organisation, through one of its
    published demands."""
    require(user, "docking.speak_for_project", project)
    if demand.status != Demand.Status.PUBLISHED or not demand.organisation.is_verified:
        raise ValidationError(_("This demand is not published."))
    return _express(user, Interest.Side.PROJECT, project, demand.organisation, message, demand)


def _lock(project, organisation) -> Interest | None:
    return (
        Interest.objects.select_for_update()
        .filter(project=project, organisation=organisation)
        .order_by("pk")
        .first()
    )


@transaction.atomic
def _express(user, side, project, organisation, message, demand, *, capped=True) -> Interest:
    message = clean_text(message, MESSAGE_MAX, required=True)
    now = timezone.now()
    interest = _lock(project, organisation)
    if interest is None:
        if capped:
            _check_cap(user)
        interest = Interest(
            project=project,
            organisation=organisation,
            demand=demand,
            initiated_by=side,
            message=message,
            sender=user,
            created_at=now,
        )
        try:
            with transaction.atomic():
                interest.save()
        except IntegrityError:
            # The other side (or a colleague) wrote it meanwhile: answer theirs instead.
            interest = _lock(project, organisation)
        else:
            audit.record(user, "docking.interest_expressed", interest, side=side)
            _notify_later(interest, "docking_interest_received", receiving=True)
            return interest
    if interest.status == Interest.Status.PENDING:
        if interest.initiated_by == side:
            raise ValidationError(
                _("Your side has already expressed this interest: it awaits an answer.")
            )
        # The other side asked first: expressing it back makes the interest mutual.
        _accept(user, interest, message, now)
        return interest
    if interest.status == Interest.Status.ACCEPTED:
        raise ValidationError(_("This interest is already mutual."))
    if interest.status == Interest.Status.DECLINED and interest.initiated_by == side:
        raise ValidationError(_("This interest was declined: it cannot be sent again."))
    # Declined by this side, or withdrawn: a new interest from this side, on the same row.
    if capped:
        _check_cap(user)
    interest.initiated_by = side
    interest.demand = demand
    interest.message = message
    interest.sender = user
    interest.status = Interest.Status.PENDING
    interest.reply = ""
    interest.answered_by = None
    interest.answered_at = None
    interest.created_at = now
    interest.save()
    audit.record(user, "docking.interest_expressed", interest, side=side, again=True)
    _notify_later(interest, "docking_interest_received", receiving=True)
    return interest


def _check_cap(user) -> None:
    if sent_today(user) >= DAILY_CAP:
        raise ValidationError(
            _(
                "You have sent %(n)s expressions of interest in the last 24 hours, the most "
                "allowed. Please wait for answers, or try again tomorrow."
            )
            % {"n": DAILY_CAP}
        )


def _accept(user, interest, reply, now) -> None:
    interest.status = Interest.Status.ACCEPTED
    interest.reply = reply
    interest.answered_by = user
    interest.answered_at = now
    interest.save(update_fields=["status", "reply", "answered_by", "answered_at"])
    audit.record(user, "docking.interest_accepted", interest)
    _notify_later(interest, "docking_interest_accepted", receiving=False)


@transaction.atomic
def answer(user, interest: Interest, accept: bool, reply: str = "") -> Interest:
    """The receiving side accepts (mutual) or declines, with an optional reply."""
    require_role(user, "docking.answer_interest", interest)
    reply = clean_text(reply, MESSAGE_MAX)
    interest = Interest.objects.select_for_update().get(pk=interest.pk)
    require(user, "docking.answer_interest", interest)  # the status as stored now
    now = timezone.now()
    if accept:
        _accept(user, interest, reply, now)
        return interest
    interest.status = Interest.Status.DECLINED
    interest.reply = reply
    interest.answered_by = user
    interest.answered_at = now
    interest.save(update_fields=["status", "reply", "answered_by", "answered_at"])
    audit.record(user, "docking.interest_declined", interest)
    _notify_later(interest, "docking_interest_declined", receiving=False)
    return interest


@transaction.atomic
def withdraw(user, interest: Interest) -> Interest:
    """The sending side takes back an interest still awaiting an answer."""
    require_role(user, "docking.withdraw_interest", interest)
    interest = Interest.objects.select_for_update().get(pk=interest.pk)
    require(user, "docking.withdraw_interest", interest)
    interest.status = Interest.Status.WITHDRAWN
    interest.answered_at = timezone.now()
    interest.save(update_fields=["status", "answered_at"])
    audit.record(user, "docking.interest_withdrawn", interest)
    return interest


def share_plan(user, interest: Interest):
    """From a mutual interest, the team shares its business plan with the organisation: the
    projects app records that separate consent (`projects.services.projects.share_plan`)."""
    require(user, "docking.share_plan", interest)
    return project_services.share_plan(user, interest.project, interest.organisation)


# --- Contacts and mail ---------------------------------------------------------------------
def team_lead(project: Project) -> User | None:
    member = project.team.filter(role="lead").select_related("user").first()
    return member.user if member is not None else None


def contacts(user, interest: Interest) -> dict | None:
    """Both sides' contacts, only for a party of a mutual interest (else None)."""
    require(user, "docking.view_interest", interest)
    if not interest.is_mutual:
        return None
    lead = team_lead(interest.project)
    organisation = interest.organisation
    return {
        "organisation": {
            "name": str(organisation),
            "email": organisation.contact_email,
            "phone": organisation.contact_phone,
        },
        "lead": {
            "name": lead.name if lead else "",
            "email": lead.email if lead else "",
            "mobile": (lead.mobile or "") if lead else "",
        },
    }


def side_people(interest: Interest, side: str) -> list[User]:
    """Who is told for one side: the team, or the organisation's owners and recruiters."""
    if side == Interest.Side.PROJECT:
        return [m.user for m in interest.project.team.select_related("user")]
    return [
        m.user
        for m in Membership.objects.filter(
            organisation=interest.organisation, role__in=SPEAKING_ROLES
        ).select_related("user")
    ]


def _notify_later(interest: Interest, template: str, *, receiving: bool) -> None:
    """Mail the side that did not act (the receiver of a new interest, or its sender)."""
    sender_side = interest.initiated_by
    other = (
        Interest.Side.ORGANISATION
        if sender_side == Interest.Side.PROJECT
        else Interest.Side.PROJECT
    )
    side = other if receiving else sender_side

    def send():
        for person in side_people(interest, side):
            notify_user(
                person,
                template,
                {
                    "interest": interest,
                    "project": interest.project,
                    "organisation": interest.organisation,
                    "from_project": interest.initiated_by == Interest.Side.PROJECT,
                },
            )

    transaction.on_commit(send)
