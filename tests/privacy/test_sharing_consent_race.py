"""Consents to share under parallel clients (PostgreSQL): one active consent, one withdrawal."""

import threading

import pytest
from django.db import connection

from yingcai.core.models import AuditEntry, DisciplineField, District
from yingcai.jobs import services as jobs
from yingcai.privacy import services
from yingcai.privacy.models import SharingConsent

from ..factories import OrganisationFactory, UserFactory

CLIENTS = 20


@pytest.fixture
def reference_rows(transactional_db):
    """Transactional tests run after others whose flush emptied the migrations' reference
    rows: put back the district the factories use."""
    District.objects.get_or_create(
        slug="yubei",
        defaults={"name_zh_hans": "渝北区", "name_en": "Yubei District", "kind": "district"},
    )
    DisciplineField.objects.get_or_create(
        slug="electronic-information",
        defaults={"name_zh_hans": "电子信息", "name_en": "Electronic information"},
    )


def at_once(work) -> list:
    barrier = threading.Barrier(CLIENTS)
    outcomes = []

    def run():
        try:
            barrier.wait(timeout=10)
            outcomes.append(work())
        except Exception as error:  # every failure is an outcome to count
            outcomes.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite serialises writers: the race needs PostgreSQL"
)


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_twenty_withdrawals_at_once_withdraw_once(reference_rows):
    talent, organisation = UserFactory(), OrganisationFactory()
    consent = jobs.give_consent(talent, organisation)
    outcomes = at_once(lambda: services.withdraw_sharing_consent(talent, consent))
    assert not [o for o in outcomes if isinstance(o, Exception)]
    assert len(outcomes) == CLIENTS
    assert {o.withdrawn_at for o in outcomes} == {
        SharingConsent.objects.get(pk=consent.pk).withdrawn_at
    }
    assert AuditEntry.objects.filter(action="privacy.sharing_consent_withdrawn").count() == 1


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_twenty_consents_at_once_make_one_active_consent(reference_rows):
    talent, organisation = UserFactory(), OrganisationFactory()
    outcomes = at_once(lambda: jobs.give_consent(talent, organisation))
    assert not [o for o in outcomes if isinstance(o, Exception)]
    assert SharingConsent.objects.filter(user=talent, withdrawn_at__isnull=True).count() == 1
    assert AuditEntry.objects.filter(action="privacy.sharing_consent_given").count() == 1
