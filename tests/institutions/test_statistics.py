"""Recruitment statistics: exact figures on a small constructed round, and the organisers' page."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from yingcai.accounts.models import User
from yingcai.core.models import DisciplineField
from yingcai.core.rules import STAFF_RECRUITMENT
from yingcai.institutions import stats
from yingcai.institutions.models import PostApplication

from ..factories import StaffFactory, UserFactory
from .factories import PostFactory, RoundFactory, institution

A = PostApplication.Status


def en(name, *args):
    with translation.override("en"):
        return reverse(name, args=args)


def zh(name, *args):
    with translation.override("zh-hans"):
        return reverse(name, args=args)


def received(post, degree, status=A.SUBMITTED, talent=None, **fields):
    return PostApplication.objects.create(
        round=post.round,
        post=post,
        talent=talent or UserFactory(),
        degree=degree,
        birth_date=date(1988, 3, 1),
        status=status,
        **fields,
    )


@pytest.fixture
def organiser(db):
    return StaffFactory(roles=[STAFF_RECRUITMENT])


@pytest.fixture
def data(db):
    """Round 1: two municipal posts, one district post and a cancelled one; round 2 one post.

    Municipal: 8 applications, 5 from doctors (one withdrawn: it was received).
    District: 4 applications (one transferred in from the cancelled post), 1 from a doctor.
    """
    electronics = DisciplineField.objects.get(slug="electronic-information")
    biomedicine = DisciplineField.objects.get(slug="biomedicine")
    first, second = RoundFactory(), RoundFactory()
    m1, m2, d1 = institution(), institution(), institution(level="district")
    p1 = PostFactory(round=first, institution=m1, code="M01", headcount=2)
    p1.fields.set([electronics])
    p2 = PostFactory(round=first, institution=m2, code="M02", headcount=1)
    p2.fields.set([electronics, biomedicine])
    p3 = PostFactory(round=first, institution=d1, code="D01", headcount=1)
    p4 = PostFactory(round=first, institution=d1, code="D02", status="cancelled")
    p5 = PostFactory(round=second, institution=m1, code="M01", headcount=1)

    received(p1, "doctor", A.PLACED)
    received(p1, "doctor", A.NOT_PLACED)
    received(p1, "doctor", A.REJECTED)
    received(p1, "master")
    received(p2, "doctor", A.APPROVED)
    received(p2, "doctor", A.WITHDRAWN)
    received(p2, "master", A.RETURNED)
    received(p2, "bachelor")
    received(p3, "doctor", A.PLACED)
    received(p3, "master")
    received(p3, "master")
    moved = received(p4, "master", A.TRANSFERRED)
    received(p3, "master", transferred_from=moved, talent=moved.talent)
    received(p5, "doctor")
    received(p5, "doctor")
    return {
        "first": first,
        "second": second,
        "posts": (p1, p2, p3, p4, p5),
        "institutions": (m1, m2, d1),
    }


@pytest.mark.django_db
def test_summary_of_one_round_is_exact(data):
    p1, p2, p3, p4, _p5 = data["posts"]
    m1, m2, d1 = data["institutions"]
    figures = stats.summary(data["first"])
    assert figures["total"] == 12
    assert (figures["municipal"], figures["municipal_doctors"]) == (8, 5)
    assert figures["municipal_doctor_share"] == 62.5
    assert (figures["district"], figures["district_doctors"]) == (4, 1)
    assert figures["district_doctor_share"] == 25.0
    assert figures["by_degree"] == {"doctor": 6, "master": 5, "other": 1}
    assert figures["doctor_share"] == 50.0
    assert figures["by_field"] == {"electronic-information": 8, "biomedicine": 4, "none": 4}
    assert figures["by_post"] == {p1.pk: 4, p2.pk: 4, p3.pk: 4}
    assert p4.pk not in figures["by_post"]
    assert figures["by_institution"] == {m1.pk: 4, m2.pk: 4, d1.pk: 4}
    assert (figures["posts"], figures["posts_filled"], figures["posts_unfilled"]) == (3, 2, 1)
    assert figures["posts_cancelled"] == 1
    assert (figures["places"], figures["places_filled"]) == (4, 2)


@pytest.mark.django_db
def test_summary_overall_adds_every_round(data):
    figures = stats.summary()
    assert figures["total"] == 14
    assert (figures["municipal"], figures["municipal_doctors"]) == (10, 7)
    assert figures["municipal_doctor_share"] == 70.0
    assert figures["by_degree"] == {"doctor": 8, "master": 5, "other": 1}
    assert figures["by_institution"][data["institutions"][0].pk] == 6
    assert (figures["posts"], figures["posts_filled"], figures["posts_unfilled"]) == (4, 2, 2)


@pytest.mark.django_db
def test_an_empty_round_has_no_shares():
    figures = stats.summary(RoundFactory())
    assert figures["total"] == 0
    assert figures["doctor_share"] is None
    assert figures["municipal_doctor_share"] is None and figures["district_doctor_share"] is None


@pytest.mark.django_db
def test_statistics_page_shows_the_figures_of_a_round(client, organiser, data):
    client.force_login(organiser)
    response = client.get(en("orga_recruitment:statistics"), {"round": data["first"].pk})
    assert response.status_code == 200
    page = response.content.decode()
    assert data["first"].title in page
    assert "8 applications to municipal institutions, 5 of them from doctors (62.5%)." in page
    assert "4 applications to district/county institutions, 1 of them from doctors (25.0%)." in (
        page
    )
    assert page.count('data-testid="level-row"') == 2
    assert page.count('data-testid="degree-row"') == 3
    assert "<td>Doctor (PhD)</td><td>6</td><td>50.0%</td>" in page
    assert "<td>Bachelor or other</td><td>1</td><td>8.3%</td>" in page
    assert "<td>Electronic information</td><td>8</td>" in page
    assert "<td>no field given</td><td>4</td>" in page
    assert page.count('data-testid="post-row"') == 3
    assert page.count('data-testid="institution-row"') == 3
    p1 = data["posts"][0]
    assert en("orga_recruitment:round", data["first"].pk) + f"?q=M01#post-{p1.pk}" in page
    assert 'data-testid="posts-filled">2<' in page
    assert 'data-testid="posts-unfilled">1<' in page
    assert 'data-testid="posts-cancelled">1<' in page


@pytest.mark.django_db
def test_statistics_page_names_fields_in_the_readers_language(client, organiser, data):
    client.force_login(organiser)
    page = client.get(zh("orga_recruitment:statistics")).content.decode()
    assert "<td>电子信息</td>" in page and "<td>生物医药</td>" in page
    assert "Electronic information" not in page


@pytest.mark.django_db
def test_overall_statistics_list_every_round(client, organiser, data):
    client.force_login(organiser)
    page = client.get(en("orga_recruitment:statistics")).content.decode()
    assert 'data-testid="statistics-scope">All rounds<' in page
    assert 'data-testid="total">14<' in page
    assert "10 applications to municipal institutions, 7 of them from doctors (70.0%)." in page
    assert page.count('data-testid="post-row"') == 4


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["abc", "99999", "-1", "1 OR 1=1"])
def test_a_bad_round_choice_is_answered_without_failing(client, organiser, data, value):
    client.force_login(organiser)
    response = client.get(en("orga_recruitment:statistics"), {"round": value})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Select a valid choice." in page
    assert 'data-testid="statistics-scope">All rounds<' in page


@pytest.mark.django_db
def test_large_figures_read_with_separators_in_bounded_queries(
    client, organiser, django_assert_max_num_queries
):
    """The figure organisers read out in 2020: 1,259 applications, 1,063 from doctors."""
    round_ = RoundFactory()
    posts = [PostFactory(round=round_, institution=institution()) for _i in range(30)]
    client.force_login(organiser)
    url = en("orga_recruitment:statistics")
    with django_assert_max_num_queries(16):
        client.get(url, {"round": round_.pk})
    User.objects.bulk_create(
        User(email=f"bulk{i}@example.com", name=f"人才{i}") for i in range(1259)
    )
    talents = list(User.objects.filter(email__startswith="bulk").order_by("pk"))
    PostApplication.objects.bulk_create(
        PostApplication(
            round=round_,
            post=posts[i % len(posts)],
            talent=talent,
            degree="doctor" if i < 1063 else "master",
            birth_date=date(1988, 3, 1),
        )
        for i, talent in enumerate(talents)
    )
    with django_assert_max_num_queries(16):
        page = client.get(url, {"round": round_.pk}).content.decode()
    assert "1,259 applications to municipal institutions, 1,063 of them from doctors (84.4%)." in (
        page
    )
    assert page.count('data-testid="post-row"') == 20
    assert page.count('data-testid="institution-row"') == 20
