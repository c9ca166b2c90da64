"""Interest marked on the spot: one tap creates or joins the docking interest and records one
mark per pitch and organisation; the team sees the organisation in its docking inbox."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from yingcai.core.models import AuditEntry
from yingcai.docking.models import Interest
from yingcai.roadshow.models import SpotInterest
from yingcai.roadshow.services import interest as services

from ..factories import PASSWORD, MembershipFactory, OrganisationFactory
from .factories import pitch, roadshow, selected, session

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


@pytest.fixture
def live():
    call, entries = roadshow(selected_count=3)
    today = session(call, starts_at=timezone.now() - timedelta(minutes=5))
    return [pitch(today, entry, order=n) for n, entry in enumerate(entries, start=1)]


def test_a_tap_creates_the_organisations_interest_and_a_second_tap_changes_nothing(
    live, owner, organisation
):
    first = services.mark(owner, live[0], organisation)
    again = services.mark(owner, live[0], organisation)
    assert first.pk == again.pk
    interest = Interest.objects.get()
    assert (interest.project, interest.organisation) == (live[0].entry.project, organisation)
    assert interest.initiated_by == "organisation" and interest.status == "pending"
    assert first.interest == interest and first.marked_by == owner
    assert SpotInterest.objects.count() == 1
    assert AuditEntry.objects.filter(action="roadshow.interest_marked").count() == 1
    assert AuditEntry.objects.filter(action="docking.interest_expressed").count() == 1


def test_a_tap_answers_the_teams_interest_and_joins_one_already_sent(live, owner, organisation):
    asked = Interest.objects.create(
        project=live[0].entry.project,
        organisation=organisation,
        initiated_by="project",
        message="请关注我们",
        status="pending",
    )
    services.mark(owner, live[0], organisation)
    asked.refresh_from_db()
    assert asked.status == "accepted"
    sent = Interest.objects.create(
        project=live[1].entry.project,
        organisation=organisation,
        initiated_by="organisation",
        message="已联系",
    )
    mark = services.mark(owner, live[1], organisation)
    assert mark.interest == sent and Interest.objects.count() == 2
    assert AuditEntry.objects.get(action="roadshow.interest_marked", object_id=str(mark.pk)).data[
        "joined"
    ]


def test_refusals(live, owner, organisation, viewer, talent):
    with pytest.raises(PermissionDenied):
        services.mark(viewer, live[0], organisation)
    with pytest.raises(PermissionDenied):
        services.mark(talent, live[0], organisation)
    other = OrganisationFactory()
    with pytest.raises(PermissionDenied):
        services.mark(owner, live[0], other)
    later = session(live[0].session.call, starts_at=timezone.now() + timedelta(days=2))
    not_yet = pitch(later, selected(later.call))
    with pytest.raises(ValidationError, match="during the session"):
        services.mark(owner, not_yet, organisation)
    declined = Interest.objects.create(
        project=live[2].entry.project,
        organisation=organisation,
        initiated_by="organisation",
        message="有兴趣",
        status="declined",
    )
    with pytest.raises(ValidationError, match="declined"):
        services.mark(owner, live[2], organisation)
    assert declined.pk and not SpotInterest.objects.exists()


def test_the_team_sees_the_organisation_in_its_docking_inbox(client, live, owner, organisation):
    services.mark(owner, live[0], organisation)
    lead = live[0].entry.project.team.get().user
    assert client.login(email=lead.email, password=PASSWORD)
    page = client.get(reverse("docking:interests")).content.decode()
    assert organisation.name_en in page


def test_the_programme_page_taps_and_answers_in_place(client, live, owner, organisation):
    call = live[0].session.call
    url = reverse("roadshow:programme", args=[call.slug])
    assert client.login(email=owner.email, password=PASSWORD)
    page = client.get(url).content.decode()
    assert page.count('data-testid="mark"') == 3
    mark = reverse("roadshow:mark", args=[live[0].pk])
    response = client.post(mark, {"organisation": organisation.pk}, headers={"HX-Request": "true"})
    assert response.status_code == 200 and 'data-testid="marked"' in response.content.decode()
    response = client.post(mark, {"organisation": organisation.pk})
    assert response.status_code == 302 and response.url.endswith(f"#pitch-{live[0].pk}")
    assert SpotInterest.objects.count() == 1
    page = client.get(url).content.decode()
    assert page.count('data-testid="mark"') == 2 and page.count('data-testid="marked"') == 1
    # Bad input: another organisation, nonsense, NUL.
    for value in (OrganisationFactory().pk, "abc", "1\x00"):
        response = client.post(mark, {"organisation": value}, headers={"HX-Request": "true"})
        assert response.status_code == 400
    assert SpotInterest.objects.count() == 1


def test_several_organisations_tap_apart(client, live, owner, organisation):
    park = OrganisationFactory(kind="park")
    MembershipFactory(organisation=park, user=owner, role="owner")
    services.mark(owner, live[0], park)
    services.mark(owner, live[0], organisation)
    assert SpotInterest.objects.filter(pitch=live[0]).count() == 2
    assert Interest.objects.filter(project=live[0].entry.project).count() == 2


def test_those_who_may_not_tap_see_no_button_and_are_refused(client, live, viewer, talent):
    call = live[0].session.call
    mark = reverse("roadshow:mark", args=[live[0].pk])
    for person in (viewer, talent):
        client.force_login(person)
        page = client.get(reverse("roadshow:programme", args=[call.slug])).content.decode()
        assert 'data-testid="mark"' not in page
        assert client.post(mark, {"organisation": 1}).status_code == 403
    client.logout()
    assert client.post(mark, {"organisation": 1}).status_code == 302  # to log in


def test_too_many_taps_answer_429(client, live, owner, organisation, settings):
    settings.ROADSHOW_INTEREST_RATE = "2/h"
    client.force_login(owner)
    statuses = [
        client.post(
            reverse("roadshow:mark", args=[p.pk]), {"organisation": organisation.pk}
        ).status_code
        for p in live
    ]
    assert statuses == [302, 302, 429]


def test_an_investor_marks_every_pitch_of_a_24_project_roadshow(owner, organisation):
    """The docking's daily cap of unsolicited interest (20) does not stop the taps: they are
    bounded by the programme's pitches."""
    call, entries = roadshow(selected_count=24)
    today = session(call, starts_at=timezone.now() - timedelta(minutes=5))
    for n, entry in enumerate(entries, start=1):
        services.mark(owner, pitch(today, entry, order=n), organisation)
    assert SpotInterest.objects.count() == 24
    assert Interest.objects.filter(organisation=organisation, status="pending").count() == 24
