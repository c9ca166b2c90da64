"""Certificates under simultaneous clients (PostgreSQL, 20 parallel clients, rows counted
afterwards): organisers issuing the finalists' certificates at once issue one per finalist;
an award given twenty times at once is given once; revoked once."""

from collections import Counter

import pytest
from django.contrib.auth.models import Group
from django.utils import translation

from yingcai.calls.models import AwardCategory, Certificate, StageEntry
from yingcai.calls.services import certificates as services
from yingcai.core.models import AuditEntry, District
from yingcai.core.rules import STAFF_EDITOR

from ..concurrency import at_once, postgresql_only, put_back_reference_rows
from ..factories import StaffFactory
from .factories import EntryFactory, contest_call

pytestmark = postgresql_only


@pytest.fixture
def world(transactional_db):
    put_back_reference_rows()
    Group.objects.get_or_create(name=STAFF_EDITOR)
    District.objects.get_or_create(
        slug="liangjiang",
        defaults={"name_zh_hans": "两江新区", "name_en": "Liangjiang New Area", "kind": "area"},
    )
    call = contest_call()
    final = call.stages.get(slug="final")
    finalists = [EntryFactory(call=call) for _ in range(5)]
    for entry in finalists:
        StageEntry.objects.create(stage=final, entry=entry)
    editors = [StaffFactory(roles=[STAFF_EDITOR]) for _ in range(4)]
    return final, finalists, editors


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


def test_twenty_issuings_at_once_give_each_finalist_one_certificate(world):
    final, finalists, editors = world
    calls = [lambda e=editors[n % 4]: services.issue_certificates(e, final) for n in range(20)]
    results = Counter(at_once(calls))
    assert results == {"ok": 20}, results
    assert Certificate.objects.count() == 5
    assert set(Certificate.objects.values_list("entry_id", flat=True)) == {e.pk for e in finalists}
    assert AuditEntry.objects.filter(action="calls.certificate_issued").count() == 5


def test_an_award_given_twenty_times_at_once_is_given_once(world):
    final, finalists, editors = world
    prize = AwardCategory.objects.create(call=final.call, slug="first", name="一等奖")
    calls = [lambda e=editors[n % 4]: services.award(e, finalists[0], prize) for n in range(20)]
    results = Counter(at_once(calls))
    assert results == {"ok": 1, "This project already has this award.": 19}, results
    assert Certificate.objects.filter(award=prize).count() == 1


def test_a_certificate_revoked_twenty_times_at_once_is_revoked_once(world):
    _final, finalists, editors = world
    certificate = Certificate.objects.create(entry=finalists[0])
    calls = [lambda e=editors[n % 4]: services.revoke(e, certificate) for n in range(20)]
    results = Counter(at_once(calls))
    assert results == {"ok": 1, "This certificate is already revoked.": 19}, results
    assert AuditEntry.objects.filter(action="calls.certificate_revoked").count() == 1
