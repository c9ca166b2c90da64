"""The figures `project_demands` and `projects_registered`: what they count, from when, and
their breakdowns; `yingcai stats --json [--at]`."""

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone, translation

from yingcai.core.registry import figures as registry
from yingcai.projects.models import Demand
from yingcai.projects.services import demands as services

from ..factories import DemandFactory, OrganisationFactory, ProjectFactory
from .factories import district, field, member_of

pytestmark = pytest.mark.django_db


def stats(*args) -> dict:
    out = StringIO()
    with translation.override("en"):
        call_command("stats", "--json", *args, stdout=out)
    return json.loads(out.getvalue())


@pytest.fixture
def data():
    now = timezone.now()
    long_ago = now - timedelta(days=10)
    park = OrganisationFactory(kind="industrial_park")
    DemandFactory(first_submitted_at=long_ago)  # investor, published
    DemandFactory(status="rejected", first_submitted_at=now)
    DemandFactory(
        organisation=park,
        kind="industries",
        status="closed",
        first_submitted_at=now,
        districts=[district("yubei")],
        fields=[field("biomedicine")],
    )
    DemandFactory(status="draft", first_submitted_at=None, submitted_at=None)  # never sent
    ProjectFactory(first_submitted_at=long_ago)
    ProjectFactory(status="withdrawn", origin="overseas", stage="idea", district=None)
    ProjectFactory(status="rejected", field=field("biomedicine"))
    ProjectFactory(status="draft", first_submitted_at=None, submitted_at=None)
    return now


def test_both_keys_are_in_yingcai_stats_json(data):
    figures = stats()
    demands, projects = figures["project_demands"], figures["projects_registered"]
    assert demands["value"] == 3  # every demand submitted, whatever became of it
    assert projects["value"] == 3  # every project submitted
    assert demands["label"] == {"zh-hans": "项目需求", "en": "project demands"}
    assert demands["breakdowns"]["organisation_kind"] == {"investor": 2, "industrial_park": 1}
    assert demands["breakdowns"]["district"] == {"liangjiang": 2, "yubei": 1}
    assert demands["breakdowns"]["field"] == {"electronic-information": 2, "biomedicine": 1}
    assert set(demands["breakdowns"]) == {"day", "field", "district", "organisation_kind"}
    assert projects["breakdowns"]["origin"] == {"domestic": 2, "overseas": 1}
    assert projects["breakdowns"]["stage"] == {"prototype": 2, "idea": 1}
    assert projects["breakdowns"]["district"] == {"liangjiang": 2, "unknown": 1}
    assert set(projects["breakdowns"]) == {"day", "field", "district", "stage", "origin"}


def test_at_a_past_moment_only_what_was_submitted_by_then(data):
    day = timezone.localdate(data - timedelta(days=5)).isoformat()
    figures = stats("--at", day)
    assert figures["project_demands"]["value"] == 1
    assert figures["projects_registered"]["value"] == 1


def test_a_demand_counts_from_its_first_submission_kept_across_a_resubmission(verifier):
    user, organisation = member_of("investor")
    demand = services.create_demand(
        user,
        organisation,
        Demand(title_zh_hans="需求", description_zh_hans="说明"),
        {"fields": [field()]},
    )
    assert registry.compute(keys=["project_demands"])["project_demands"]["value"] == 0
    services.submit_demand(user, demand)
    first = Demand.objects.get().first_submitted_at
    services.reject_demand(verifier, demand, "补充材料")
    services.submit_demand(user, Demand.objects.get())
    assert Demand.objects.get().first_submitted_at == first
    before = registry.compute(at=first - timedelta(seconds=1), keys=["project_demands"])
    assert before["project_demands"]["value"] == 0
    assert registry.compute(keys=["project_demands"])["project_demands"]["value"] == 1


def test_the_breakdowns_have_words(english):
    assert registry.bucket_labels("stage")["revenue"] == "first revenue"
    assert registry.bucket_labels("organisation_kind")["investor"] == (
        "investment and financing institution"
    )
