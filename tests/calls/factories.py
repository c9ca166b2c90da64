"""Calls, stages, entries and reviewers for the tests of the calls machinery.

`roadshow_call()` and `contest_call()` build the two shapes of the seed: one online review
with 5 reviewers per entry; a contest with three tracks, four city divisions and an online
one, preliminary → semi-final (live panel per division) → final.
"""

from datetime import timedelta

import factory
from django.utils import timezone

from ..factories import InChineseFactory, ProjectFactory, UserFactory


class CallFactory(InChineseFactory):
    class Meta:
        model = "calls.Call"

    slug = factory.Sequence(lambda n: f"call-{n}")
    kind = "roadshow"
    title = factory.Sequence(lambda n: f"海内外项目路演征集 {n}")
    description = "面向海内外的项目路演征集。"
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=10))
    closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=10))
    is_published = True
    reviewers_per_entry = 3


class TrackFactory(InChineseFactory):
    class Meta:
        model = "calls.Track"

    call = factory.SubFactory(CallFactory)
    slug = factory.Sequence(lambda n: f"track-{n}")
    name = factory.Sequence(lambda n: f"赛道 {n}")


class DivisionFactory(InChineseFactory):
    class Meta:
        model = "calls.Division"

    call = factory.SubFactory(CallFactory)
    slug = factory.Sequence(lambda n: f"division-{n}")
    name = factory.Sequence(lambda n: f"赛区 {n}")
    city = "上海"


class StageFactory(InChineseFactory):
    class Meta:
        model = "calls.Stage"

    call = factory.SubFactory(CallFactory)
    slug = factory.Sequence(lambda n: f"stage-{n}")
    name = "专家评审"
    position = factory.Sequence(lambda n: n + 1)
    kind = "review"
    method = "zscore"
    status = "scoring"
    scoring_closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=5))


class CriterionFactory(InChineseFactory):
    class Meta:
        model = "calls.Criterion"

    stage = factory.SubFactory(StageFactory)
    name = factory.Sequence(lambda n: f"标准 {n}")
    weight = 1
    min_score = 0
    max_score = 10


class EntryFactory(factory.django.DjangoModelFactory):
    """A submitted entry of a new verified project (its lead in `entry.project.team`)."""

    class Meta:
        model = "calls.Entry"

    call = factory.SubFactory(CallFactory)
    project = factory.SubFactory(ProjectFactory)
    status = "submitted"
    submitted_at = factory.LazyFunction(timezone.now)
    first_submitted_at = factory.LazyFunction(timezone.now)


class ReviewerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "calls.Reviewer"

    call = factory.SubFactory(CallFactory)
    user = factory.SubFactory(UserFactory)
    affiliation = "重庆大学"


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "calls.Assignment"

    stage = factory.SubFactory(StageFactory)
    reviewer = factory.LazyAttribute(lambda o: ReviewerFactory(call=o.stage.call))
    entry = factory.LazyAttribute(lambda o: EntryFactory(call=o.stage.call))
    source = "engine"


def roadshow_call(**kwargs):
    """A roadshow call with one online review stage (z-scores) and a two-criterion rubric."""
    call = CallFactory(kind="roadshow", **kwargs)
    stage = StageFactory(call=call, slug="review", position=1, accept_count=24)
    CriterionFactory(stage=stage, name="创新性", weight=2, position=1)
    CriterionFactory(stage=stage, name="市场前景", weight=1, position=2)
    return call


def contest_call(**kwargs):
    """The Talents Cup's shape: tracks, four city divisions and an online one, three stages."""
    call = CallFactory(kind="contest", title="“英才杯”创新创业创意大赛", **kwargs)
    for position, (slug, name) in enumerate(
        [("innovation", "创新"), ("entrepreneurship", "创业"), ("creativity", "创意")]
    ):
        TrackFactory(call=call, slug=slug, name=name, position=position)
    cities = [("shanghai", "上海"), ("chengdu", "成都"), ("shenzhen", "深圳"), ("beijing", "北京")]
    for position, (slug, city) in enumerate(cities):
        DivisionFactory(call=call, slug=slug, name=f"{city}赛区", city=city, position=position)
    DivisionFactory(
        call=call, slug="overseas", name="海外赛区", city="", is_online=True, position=9
    )
    preliminary = StageFactory(
        call=call, slug="preliminary", name="初赛", position=1, kind="review", method="zscore"
    )
    semi = StageFactory(
        call=call,
        slug="semi-final",
        name="复赛",
        position=2,
        kind="panel",
        method="trimmed",
        per_division=True,
        status="planned",
        wildcards=1,
    )
    final = StageFactory(
        call=call,
        slug="final",
        name="决赛",
        position=3,
        kind="panel",
        method="trimmed",
        status="planned",
    )
    for stage in (preliminary, semi, final):
        CriterionFactory(stage=stage, name="技术", weight=1, max_score=100, position=1)
    return call
