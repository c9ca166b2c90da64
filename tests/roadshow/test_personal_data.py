"""What the roadshow holds about a person: the taps they made, exported and erased."""

from datetime import timedelta

import pytest
from django.utils import timezone

from yingcai.core.registry.personal_data import providers
from yingcai.roadshow.models import SpotInterest
from yingcai.roadshow.services import interest

from .factories import pitch, roadshow, session

pytestmark = pytest.mark.django_db


def test_a_persons_taps_are_exported_and_erasure_keeps_the_mark_without_them(owner, organisation):
    call, entries = roadshow(selected_count=1)
    today = session(call, starts_at=timezone.now() - timedelta(minutes=1))
    interest.mark(owner, pitch(today, entries[0]), organisation)
    [provider] = [p for p in providers() if p.key == "roadshow"]
    [row] = provider.export(owner)["roadshow_interest_marked"]
    assert row["organisation"] == str(organisation)
    assert row["project"] == str(entries[0].project)
    provider.erase(owner)
    mark = SpotInterest.objects.get()
    assert mark.marked_by is None and mark.organisation == organisation
    assert provider.export(owner) == {"roadshow_interest_marked": []}
