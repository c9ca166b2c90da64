"""Refreshes at once (PostgreSQL): each writes the lists of one build, never a mix."""

import random

import pytest

from yingcai.core.models import District
from yingcai.projects import recommendations
from yingcai.projects.models import Recommendation

from ..concurrency import at_once, postgresql_only, put_back_reference_rows
from ..factories import DemandFactory, ProjectFactory

pytestmark = [postgresql_only, pytest.mark.django_db(transaction=True)]

TEXTS = ["碳化硅功率芯片", "固态电池储能", "mRNA 疫苗递送", "工业机器人视觉", "氢燃料电池"]


def snapshot() -> dict:
    return {
        (row.direction, row.project_id, row.demand_id): (round(row.score, 4), row.position)
        for row in Recommendation.objects.all()
    }


def test_twenty_refreshes_at_once_leave_the_lists_of_one_full_run():
    put_back_reference_rows()
    District.objects.get_or_create(
        slug="liangjiang",
        defaults={"name_zh_hans": "两江新区", "name_en": "Liangjiang New Area", "kind": "district"},
    )
    rng = random.Random(13)
    projects = [
        ProjectFactory(summary=f"{rng.choice(TEXTS)}，{rng.choice(TEXTS)}") for _ in range(14)
    ]
    demands = [DemandFactory(description=f"投资{rng.choice(TEXTS)}") for _ in range(8)]
    recommendations.refresh()
    expected = snapshot()
    Recommendation.objects.all().delete()
    calls = []
    for i in range(20):
        if i % 4 == 0:
            calls.append(recommendations.refresh)
        elif i % 4 in (1, 2):
            chosen = [p.pk for p in rng.sample(projects, 2)]
            calls.append(lambda chosen=chosen: recommendations.refresh(project_ids=chosen))
        else:
            chosen = [d.pk for d in rng.sample(demands, 2)]
            calls.append(lambda chosen=chosen: recommendations.refresh(demand_ids=chosen))
    assert at_once(calls, timeout=300) == ["ok"] * 20
    # The data did not change: every build is the same, and so is every list it wrote.
    assert snapshot() == expected
