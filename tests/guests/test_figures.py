"""The guests' figure: important guests confirmed, from their first "yes"."""

from datetime import timedelta

import pytest
from django.utils import timezone

from yingcai.core.registry import figures as registry
from yingcai.guests.models import Guest
from yingcai.stats import report

from .factories import GuestFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def guests():
    now = timezone.now()
    GuestFactory(status=Guest.Status.ONSITE, first_confirmed_at=now - timedelta(days=6))
    GuestFactory(status=Guest.Status.ONLINE, category=Guest.Category.NOBEL, first_confirmed_at=now)
    GuestFactory(
        status=Guest.Status.ONSITE,
        category=Guest.Category.ENTREPRENEUR,
        first_confirmed_at=now - timedelta(days=2),
    )
    # Not counted: invited and not answered yet; confirmed once, declined since.
    GuestFactory(status=Guest.Status.INVITED)
    GuestFactory(status=Guest.Status.DECLINED, first_confirmed_at=now - timedelta(days=6))


def test_confirmed_guests_by_category_and_mode(guests):
    found = registry.compute(keys=["guests_confirmed"])["guests_confirmed"]
    assert found["value"] == 3
    assert found["label"]["en"] == "important guests confirmed"
    assert found["breakdowns"]["category"] == {"academician": 1, "entrepreneur": 1, "nobel": 1}
    assert found["breakdowns"]["mode"] == {"onsite": 2, "online": 1}


def test_at_counts_from_the_first_confirmation(guests):
    four_days_ago = timezone.now() - timedelta(days=4)
    assert (
        registry.compute(at=four_days_ago, keys=["guests_confirmed"])["guests_confirmed"]["value"]
        == 1
    )


def test_the_report_names_the_guests(guests):
    values = report.values_of(registry.compute(keys=["guests_confirmed"]))
    assert "已确认出席大会的重要嘉宾3位" in report.write_body(values, timezone.now(), "zh-hans")
    assert "3 important guests have confirmed" in report.write_body(values, timezone.now(), "en")
