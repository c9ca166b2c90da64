"""Interest marked on the spot: an organisation in the audience taps a pitch.

The tap is an expression of interest of the docking (`docking.services.interests
.express_for_organisation`): it creates the organisation's interest in the project, or
accepts the team's if the team asked first (the interest becomes mutual); an interest the
organisation already sent, or a mutual one, is joined as it is. Beside it a `SpotInterest`
records that the interest was marked at this pitch: one per pitch and organisation (a
database constraint), so a double tap, or two colleagues tapping at once, record one. The
team sees who marked interest in its docking inbox, where the interests arrive.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from yingcai.core import audit
from yingcai.core.services import require, require_role
from yingcai.docking.models import Interest
from yingcai.docking.services import interests as docking_interests
from yingcai.organisations.models import Organisation

from ..models import Pitch, SpotInterest

RULE = "roadshow.mark_interest"


def marked_by_organisations(pitches, organisation_ids) -> set[tuple[int, int]]:
    """(pitch id, organisation id) of the marks among these pitches and organisations."""
    if not organisation_ids:
        return set()
    return set(
        SpotInterest.objects.filter(
            pitch__in=[p.pk for p in pitches], organisation_id__in=organisation_ids
        ).values_list("pitch_id", "organisation_id")
    )


def _joinable(project, organisation) -> Interest | None:
    """The organisation's interest in the project that a tap joins as it is: one it sent
    that awaits an answer, or a mutual one."""
    interest = Interest.objects.filter(project=project, organisation=organisation).first()
    if interest is None:
        return None
    if interest.status == Interest.Status.ACCEPTED or (
        interest.status == Interest.Status.PENDING
        and interest.initiated_by == Interest.Side.ORGANISATION
    ):
        return interest
    return None


@transaction.atomic
def mark(user, pitch: Pitch, organisation: Organisation) -> SpotInterest:
    """The organisation marks interest in the pitch; a second tap answers the first mark."""
    require_role(user, RULE, pitch)
    require(user, "docking.speak_for_organisation", organisation)
    # The pitch is held while its marks are written: taps on it wait for each other.
    locked = (
        Pitch.objects.select_for_update(no_key=True, of=("self",))
        .filter(pk=pitch.pk)
        .select_related("session", "entry__project")
        .order_by("pk")
        .first()
    )
    if locked is None:
        raise ValidationError(_("This pitch is no longer in the programme."))
    require(user, RULE, locked)
    found = SpotInterest.objects.filter(pitch=locked, organisation=organisation).first()
    if found is not None:
        return found
    project = locked.entry.project
    interest = _joinable(project, organisation)
    joined = interest is not None
    if not joined:
        message = _("Interest marked at the roadshow: %(session)s.") % {"session": locked.session}
        try:
            # No daily cap of unsolicited interest: the marks are bounded by the programme's
            # pitches (one per pitch and organisation), the taps by the page's hourly rate.
            interest = docking_interests.express_for_organisation(
                user, organisation, project, message, capped=False
            )
        except ValidationError:
            # Expressed meanwhile on the docking's own page (which does not hold the pitch):
            # join that one; any other refusal stands.
            interest = _joinable(project, organisation)
            if interest is None:
                raise
            joined = True
    spot = SpotInterest(pitch=locked, organisation=organisation, interest=interest, marked_by=user)
    try:
        with transaction.atomic():
            spot.save()
    except IntegrityError:
        # The constraint's last word, should a path forget the lock.
        return SpotInterest.objects.get(pitch=locked, organisation=organisation)
    audit.record(
        user,
        "roadshow.interest_marked",
        spot,
        organisation=organisation.pk,
        interest=interest.pk,
        joined=joined,
    )
    return spot
