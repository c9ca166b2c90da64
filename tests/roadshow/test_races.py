"""The roadshow under simultaneous clients (PostgreSQL, 20 parallel clients, rows counted
afterwards): taps on one pitch record one mark and one docking interest; moves of pitches at
once leave the order of the session unique and unbroken."""

import itertools
from collections import Counter
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone, translation

from yingcai.core.models import District
from yingcai.core.rules import STAFF_EDITOR
from yingcai.docking.models import Interest
from yingcai.docking.services import interests as docking_interests
from yingcai.roadshow.models import Pitch, SpotInterest
from yingcai.roadshow.services import interest as services
from yingcai.roadshow.services import programme

from ..concurrency import at_once, postgresql_only, put_back_reference_rows
from ..factories import MembershipFactory, OrganisationFactory, StaffFactory
from .factories import pitch, roadshow, session

pytestmark = postgresql_only


@pytest.fixture
def world(transactional_db):
    put_back_reference_rows()
    Group.objects.get_or_create(name=STAFF_EDITOR)
    District.objects.get_or_create(
        slug="liangjiang",
        defaults={"name_zh_hans": "两江新区", "name_en": "Liangjiang New Area", "kind": "area"},
    )
    call, entries = roadshow(selected_count=6)
    today = session(call, starts_at=timezone.now() - timedelta(minutes=5))
    return [pitch(today, entry, order=n) for n, entry in enumerate(entries, start=1)]


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


def test_twenty_taps_of_one_organisation_on_one_pitch_record_one_mark(world):
    organisation = OrganisationFactory(kind="investor")
    # Double taps of ten colleagues: twenty clients.
    people = [
        MembershipFactory(organisation=organisation, role="recruiter").user for _ in range(10)
    ]
    calls = [
        lambda u=u: services.mark(u, world[0], organisation) for u in people for _twice in (1, 2)
    ]
    results = Counter(at_once(calls))
    assert results == {"ok": 20}, results
    assert SpotInterest.objects.count() == 1
    assert Interest.objects.filter(organisation=organisation).count() == 1


def test_twenty_organisations_tapping_one_pitch_at_once_each_record_one(world):
    speakers = [
        (organisation, MembershipFactory(organisation=organisation, role="owner").user)
        for organisation in (OrganisationFactory(kind="investor") for _ in range(20))
    ]
    calls = [lambda o=o, u=u: services.mark(u, world[1], o) for o, u in speakers]
    results = Counter(at_once(calls))
    assert results == {"ok": 20}, results
    assert SpotInterest.objects.filter(pitch=world[1]).count() == 20
    assert Interest.objects.filter(project=world[1].entry.project).count() == 20


def test_twenty_moves_at_once_keep_the_order_unique_and_unbroken(world):
    editors = [StaffFactory(roles=[STAFF_EDITOR]) for _ in range(4)]
    calls = [
        lambda e=editors[n % 4], p=world[n % 6], to=(n * 7) % 6 + 1: programme.move(e, p, to)
        for n in range(20)
    ]
    results = Counter(at_once(calls))
    assert results == {"ok": 20}, results
    pitches = list(Pitch.objects.order_by("order"))
    assert [p.order for p in pitches] == [1, 2, 3, 4, 5, 6]
    gaps = {(b.starts_at - a.starts_at) for a, b in itertools.pairwise(pitches)}
    assert gaps == {timedelta(minutes=12)}


def test_taps_racing_the_dockings_own_page_join_one_interest(world):
    organisation = OrganisationFactory(kind="investor")
    people = [
        MembershipFactory(organisation=organisation, role="recruiter").user for _ in range(20)
    ]
    project = world[2].entry.project
    calls = [lambda u=u: services.mark(u, world[2], organisation) for u in people[:10]] + [
        lambda u=u: docking_interests.express_for_organisation(u, organisation, project, "有兴趣")
        for u in people[10:]
    ]
    results = at_once(calls)
    assert results[:10] == ["ok"] * 10, results
    assert set(results[10:]) <= {
        "ok",
        "Your side has already expressed this interest: it awaits an answer.",
    }, results
    assert Interest.objects.filter(organisation=organisation).count() == 1
    assert SpotInterest.objects.filter(organisation=organisation).count() == 1
