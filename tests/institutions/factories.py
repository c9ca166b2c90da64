"""Shared factories and helpers of the recruitment tests."""

from datetime import date, timedelta

import factory
from django.utils import timezone

from yingcai.institutions import services
from yingcai.institutions.models import Post, Round

from ..factories import InChineseFactory, OrganisationFactory, ProfileFactory


def institution(level="municipal", **fields):
    """A verified public institution."""
    return OrganisationFactory(kind="public_institution", level=level, **fields)


class RoundFactory(InChineseFactory):
    """A round whose registration is open now (phase "registration")."""

    class Meta:
        model = Round

    title = factory.Sequence(lambda n: f"2020年重庆市事业单位面向大会招聘高层次人才 第{n}批")
    announcement = "## 公告\n\n面向博士、硕士和高级职称人才。"
    mode = Round.Mode.SINGLE
    ratio = 3
    registration_opens = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    registration_closes = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    review_closes = factory.LazyFunction(lambda: timezone.now() + timedelta(days=10))
    transfer_closes = factory.LazyFunction(lambda: timezone.now() + timedelta(days=12))
    assessment_starts = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=14))
    assessment_ends = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=20))
    phase = Round.Phase.REGISTRATION


class PostFactory(InChineseFactory):
    class Meta:
        model = Post

    round = factory.SubFactory(RoundFactory)
    institution = factory.LazyFunction(institution)
    code = factory.Sequence(lambda n: f"S{n:04d}")
    name = factory.Sequence(lambda n: f"临床医学研究岗 {n}")
    headcount = 1
    majors = "临床医学、基础医学"
    degree_min = "doctor"
    method = Post.Method.DIRECT


def applicant(degree="doctor", birth_date=date(1990, 5, 1), title="", **profile):
    """A talent whose profile can apply (degree, date of birth)."""
    return ProfileFactory(degree=degree, birth_date=birth_date, title=title, **profile).user


def apply_to(talent, *posts, answers=None):
    """Consent to every institution concerned, then apply (ranked, in the given order)."""
    services.give_consents(talent, {p.institution_id: p.institution for p in posts}.values())
    return services.apply(talent, posts[0].round, list(posts), answers or {})
