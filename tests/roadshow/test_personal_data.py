"""The roadshow's personal data: interest a person marked at a pitch is in their export; after
erasure the mark stays with the organisation, without them."""

import pytest
from django.utils import timezone

from yingcai.core.registry import personal_data as registry
from yingcai.roadshow.models import Pitch, RoadshowSession, SpotInterest

from ..calls.factories import EntryFactory, roadshow_call
from ..factories import MembershipFactory, OrganisationFactory, UserFactory
from ..privacy.test_personal_data import EMAIL, NAME, rows_naming


@pytest.fixture
def marked(db):
    person = UserFactory(name=NAME, email=EMAIL)
    organisation = OrganisationFactory(kind="investor")
    MembershipFactory(organisation=organisation, user=person, role="recruiter")
    call = roadshow_call()
    session = RoadshowSession.objects.create(
        call=call, title="路演专场一", starts_at=timezone.now()
    )
    pitch = Pitch.objects.create(
        session=session, entry=EntryFactory(call=call), order=1, starts_at=session.starts_at
    )
    mark = SpotInterest.objects.create(pitch=pitch, organisation=organisation, marked_by=person)
    return person, mark


def test_the_roadshow_is_covered(db):
    assert registry.covered_models()["roadshow.SpotInterest"] == "roadshow"
    assert not [m for m in registry.uncovered() if m.startswith("roadshow.")]


def test_the_export_holds_the_interest_marked(marked):
    person, mark = marked
    [row] = registry.export(person)["roadshow_interest_marked"]
    assert row["organisation"] == str(mark.organisation)
    assert row["session"] == "路演专场一" and row["project"] == str(mark.pitch.entry.project)


def test_erasure_keeps_the_mark_without_the_person(marked):
    person, mark = marked
    registry.erase(person)
    mark.refresh_from_db()
    assert mark.marked_by is None and mark.organisation_id
    assert not [k for k in rows_naming(NAME, EMAIL) if k.startswith("roadshow.")]
