"""`yingcai stats [--json] [--at DATETIME]`."""

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone, translation

from ..factories import JobFactory, ProfileFactory


def stats(*args) -> str:
    out = StringIO()
    with translation.override("en"):
        call_command("stats", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def data(db):
    now = timezone.now()
    JobFactory(submitted_at=now - timedelta(days=10))
    JobFactory(submitted_at=now)
    ProfileFactory(origin="overseas", country="日本")
    return now


def test_json_is_the_contract(data):
    figures = json.loads(stats("--json"))
    jobs = figures["job_requirements"]
    assert set(jobs) >= {"value", "label", "breakdowns"}
    assert jobs["value"] == 2
    assert set(jobs["label"]) == {"zh-hans", "en"}
    assert figures["talents_overseas"]["value"] == 1
    assert all(isinstance(v, int) for v in jobs["breakdowns"]["field"].values())


def test_at_a_date_counts_until_the_end_of_that_day(data):
    day = timezone.localdate(data - timedelta(days=5)).isoformat()
    figures = json.loads(stats("--json", "--at", day))
    assert figures["job_requirements"]["value"] == 1
    assert figures["talents_registered"]["value"] == 0


def test_at_a_date_and_time(data):
    moment = timezone.localtime(data + timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M")
    assert json.loads(stats("--json", "--at", moment))["job_requirements"]["value"] == 2


def test_the_text_lists_every_figure_with_its_breakdowns(data):
    text = stats()
    assert "job requirements (job_requirements): 2" in text
    assert "overseas talents (talents_overseas): 1" in text
    assert "Yubei 2" in text


@pytest.mark.parametrize("bad", ["yesterday", "2020-13-01", "2020-02-30T10:00", ""])
def test_a_bad_moment_is_refused_with_a_clear_message(data, bad):
    with pytest.raises(CommandError, match="is not a date"):
        stats("--at", bad)
