"""The public side of recruitment: rounds, a round's posts with filters, a post, the publicity
(公示) and objections to it — for anonymous visitors, in both languages, with bad input."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from yingcai.core.models import DisciplineField
from yingcai.institutions.models import Objection, PostApplication, Round

from ..factories import UserFactory
from .factories import PostFactory, RoundFactory, applicant, apply_to, institution

pytestmark = pytest.mark.django_db
A = PostApplication.Status


def url(language, name, *args):
    with translation.override(language):
        return reverse(name, args=args)


@pytest.fixture
def posts(round_):
    field = DisciplineField.objects.get(slug="biomedicine")
    hospital = PostFactory(
        round=round_, institution=institution("municipal"), code="SZ001", name="临床研究岗"
    )
    hospital.fields.add(field)
    school = PostFactory(
        round=round_,
        institution=institution("district"),
        code="QX001",
        name="中学物理教师",
        degree_min="master",
    )
    return hospital, school


@pytest.fixture
def in_publicity(posts):
    """The hospital's post has a proposed hire and the round is in its publicity."""
    hospital, _school = posts
    doctor = applicant(user__name="张博士")
    (application,) = apply_to(doctor, hospital)
    PostApplication.objects.filter(pk=application.pk).update(
        status=A.PROPOSED, total_score=88.5, rank_in_post=1
    )
    Round.objects.filter(pk=hospital.round_id).update(
        phase=Round.Phase.PUBLICITY, publicity_starts=timezone.now() - timedelta(days=1)
    )
    return PostApplication.objects.get(pk=application.pk)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_announced_rounds_are_listed_and_drafts_are_not(
    client, posts, language, django_assert_max_num_queries
):
    draft = RoundFactory(phase=Round.Phase.DRAFT, title="尚未公布的批次")
    with django_assert_max_num_queries(6):
        page = client.get(url(language, "recruitment:rounds")).content.decode()
    assert posts[0].round.title in page
    assert draft.title not in page
    assert client.get(url(language, "recruitment:round", draft.pk)).status_code == 404


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_rounds_posts_filter_by_level_and_field(client, round_, posts, language):
    address = url(language, "recruitment:round", round_.pk)
    page = client.get(address).content.decode()
    assert "SZ001" in page and "QX001" in page
    page = client.get(address, {"level": "district"}).content.decode()
    assert "QX001" in page and "SZ001" not in page
    field = DisciplineField.objects.get(slug="biomedicine")
    page = client.get(address, {"field": field.pk}).content.decode()
    assert "SZ001" in page and "QX001" not in page


def test_a_rounds_posts_filter_by_institution_and_degree_and_a_bad_filter_drops_only_itself(
    client, round_, posts
):
    _hospital, school = posts
    address = url("en", "recruitment:round", round_.pk)
    page = client.get(address, {"institution": school.institution_id}).content.decode()
    assert "QX001" in page and "SZ001" not in page
    # "Your degree": a master's holds the school's minimum, not the hospital's doctorate.
    page = client.get(address, {"degree": "master"}).content.decode()
    assert "QX001" in page and "SZ001" not in page
    page = client.get(address, {"degree": "doctor"}).content.decode()
    assert "QX001" in page and "SZ001" in page
    page = client.get(address, {"degree": "master", "field": "not-a-number"}).content.decode()
    assert "QX001" in page and "SZ001" not in page


def test_htmx_gets_only_the_list_of_posts(client, round_, posts):
    response = client.get(url("en", "recruitment:round", round_.pk), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "SZ001" in response.content.decode()
    assert "<html" not in response.content.decode()
    assert "HX-Request" in response["Vary"]


@pytest.mark.parametrize(
    "query",
    [
        {"level": "provincial"},
        {"field": "not-a-number"},
        {"institution": "99999999999999999999"},
        {"degree": "<script>"},
        {"page": "-3"},
    ],
)
def test_bad_filters_are_ignored_never_an_error(client, round_, posts, query):
    response = client.get(url("en", "recruitment:round", round_.pk), query)
    assert response.status_code == 200
    assert "SZ001" in response.content.decode()


def test_a_rounds_posts_stay_bounded(client, round_, posts, django_assert_max_num_queries):
    for n in range(10):
        PostFactory(round=round_, code=f"SZ1{n:02d}").fields.add(
            DisciplineField.objects.order_by("pk").first()
        )
    with django_assert_max_num_queries(8):
        assert client.get(url("en", "recruitment:round", round_.pk)).status_code == 200


def test_a_post_shows_its_conditions_and_a_post_of_another_round_does_not_exist(
    client, round_, posts
):
    hospital, _school = posts
    page = client.get(url("zh-hans", "recruitment:post", round_.pk, hospital.pk))
    assert page.status_code == 200 and "临床研究岗" in page.content.decode()
    other = RoundFactory()
    assert client.get(url("en", "recruitment:post", other.pk, hospital.pk)).status_code == 404


def test_the_publicity_lists_the_proposed_hires_only_while_it_runs(client, in_publicity):
    address = url("en", "recruitment:publicity", in_publicity.round_id)
    assert "张博士" in client.get(address).content.decode()
    Round.objects.filter(pk=in_publicity.round_id).update(phase=Round.Phase.ASSESSMENT)
    assert "张博士" not in client.get(address).content.decode()


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_publicity_shows_the_proposed_hire_with_a_way_to_object(client, in_publicity, language):
    page = client.get(url(language, "recruitment:publicity", in_publicity.round_id)).content
    page = page.decode()
    assert "张博士" in page and "SZ001" in page
    assert url(language, "recruitment:objection", in_publicity.round_id, in_publicity.pk) in page


def test_anyone_may_object_during_the_publicity(client, in_publicity):
    address = url("en", "recruitment:objection", in_publicity.round_id, in_publicity.pk)
    assert client.get(address).status_code == 200
    response = client.post(
        address,
        {"name": "李四", "contact": "lisi@example.com", "text": "该人员学历信息与事实不符。"},
    )
    assert response.status_code == 302
    objection = Objection.objects.get()
    assert objection.application == in_publicity and objection.name == "李四"


def test_one_address_cannot_flood_the_objections(client, in_publicity, settings):
    settings.PUBLIC_FORM_RATE = "2/h"
    address = url("en", "recruitment:objection", in_publicity.round_id, in_publicity.pk)
    data = {"name": "李四", "contact": "lisi@example.com", "text": "该人员学历信息与事实不符。"}
    for _ in range(2):
        assert client.post(address, data).status_code == 302
    response = client.post(address, data)
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 3600
    assert Objection.objects.count() == 2


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"name": "", "contact": "", "text": ""},
        {"name": "李四", "contact": "x" * 500, "text": "异议"},
    ],
)
def test_a_bad_objection_is_refused_with_the_form_and_nothing_stored(client, in_publicity, data):
    address = url("zh-hans", "recruitment:objection", in_publicity.round_id, in_publicity.pk)
    response = client.post(address, data)
    assert response.status_code == 400
    assert not Objection.objects.exists()


def test_no_objection_after_the_publicity_nor_about_someone_not_proposed(
    client, in_publicity, posts
):
    _hospital, school = posts
    rounds = Round.objects.filter(pk=in_publicity.round_id)
    rounds.update(phase=Round.Phase.REGISTRATION)
    (other,) = apply_to(applicant(degree="master"), school)  # approved, never proposed
    rounds.update(phase=Round.Phase.PUBLICITY)
    assert (
        client.get(url("en", "recruitment:objection", other.round_id, other.pk)).status_code == 404
    )
    Round.objects.filter(pk=in_publicity.round_id).update(
        publicity_starts=timezone.now() - timedelta(days=30)
    )
    address = url("en", "recruitment:objection", in_publicity.round_id, in_publicity.pk)
    response = client.post(address, {"name": "李四", "contact": "lisi@example.com", "text": "x"})
    assert response.status_code == 400
    assert "during the publicity only" in response.content.decode()
    assert not Objection.objects.exists()


def test_a_logged_in_visitor_finds_name_and_address_filled_in(client, in_publicity):
    visitor = UserFactory(name="王五", email="wangwu@example.com")
    client.force_login(visitor)
    page = client.get(
        url("en", "recruitment:objection", in_publicity.round_id, in_publicity.pk)
    ).content.decode()
    assert 'value="王五"' in page and 'value="wangwu@example.com"' in page
