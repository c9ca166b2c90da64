"""The figures registry: what modules declare, the values, breakdowns, moments and the cache."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from yingcai.core.registry import figures as registry
from yingcai.core.registry.figures import Figure

from ..factories import JobFactory, ProfileFactory
from ..institutions.factories import PostFactory, applicant, apply_to, institution

CONTRACT = {
    "job_requirements",
    "talents_registered",
    "talents_overseas",
    "institution_applications_municipal",
    "institution_applications_municipal_doctors",
    "institution_applications_district",
}


def test_every_built_module_declares_its_contract_figures():
    keys = {figure.key for figure in registry.figures()}
    assert keys >= CONTRACT
    assert {"guests_confirmed", "online_participants", "offline_participants"} <= keys


def test_a_key_is_registered_once():
    figure = registry.get("job_requirements")
    with pytest.raises(ValueError, match="twice"):
        registry.register(figure)


def test_an_unknown_breakdown_is_refused():
    figure = Figure("x", "x", "x", rows=list, since="created_at", breakdowns={"colour": "c"})
    with pytest.raises(ValueError, match="colour"):
        registry.register(figure)
    assert registry.get("x") is None


@pytest.mark.django_db
def test_values_labels_and_breakdowns():
    JobFactory(submitted_at=timezone.now())
    JobFactory(status="draft")
    JobFactory(status="rejected", submitted_at=timezone.now(), degree_min="doctor")
    ProfileFactory(origin="overseas", country="德国")
    ProfileFactory(origin="domestic", degree="master")
    figures = registry.compute()
    jobs = figures["job_requirements"]
    assert jobs["value"] == 2  # the draft was never submitted
    assert jobs["label"] == {"zh-hans": "岗位需求", "en": "job requirements"}
    assert jobs["breakdowns"]["degree"] == {"doctor": 1, "master": 1}
    assert jobs["breakdowns"]["district"] == {"yubei": 2}
    assert jobs["breakdowns"]["day"] == {timezone.localdate().isoformat(): 2}
    talents = figures["talents_registered"]
    assert talents["value"] == 2
    assert talents["breakdowns"]["origin"] == {"domestic": 1, "overseas": 1}
    assert figures["talents_overseas"]["value"] == 1


@pytest.mark.django_db
def test_applications_by_level_and_doctors():
    municipal = PostFactory(institution=institution("municipal"))
    district = PostFactory(
        institution=institution("district"), round=municipal.round, degree_min="master"
    )
    apply_to(applicant("doctor"), municipal)
    apply_to(applicant("master"), municipal.__class__.objects.get(pk=district.pk))
    apply_to(applicant("doctor"), district)
    figures = registry.compute()
    assert figures["institution_applications_municipal"]["value"] == 1
    assert figures["institution_applications_municipal_doctors"]["value"] == 1
    assert figures["institution_applications_district"]["value"] == 2
    assert figures["institution_applications_district"]["breakdowns"]["degree"] == {
        "doctor": 1,
        "master": 1,
    }


@pytest.mark.django_db
def test_the_figures_at_a_moment_leave_out_later_rows():
    now = timezone.now()
    JobFactory(submitted_at=now - timedelta(days=3))
    JobFactory(submitted_at=now)
    earlier = ProfileFactory()
    earlier.created_at = now - timedelta(days=3)
    earlier.save(update_fields=["created_at"])
    ProfileFactory()
    before = registry.compute(at=now - timedelta(days=1))
    assert before["job_requirements"]["value"] == 1
    assert before["talents_registered"]["value"] == 1
    assert registry.compute(at=now - timedelta(days=5))["job_requirements"]["value"] == 0


@pytest.mark.django_db
def test_the_cache_is_counted_again_when_a_counted_row_changes(django_assert_num_queries):
    registry.invalidate()
    JobFactory(submitted_at=timezone.now())
    assert registry.current()["job_requirements"]["value"] == 1
    with django_assert_num_queries(0):
        assert registry.current()["job_requirements"]["value"] == 1
    assert registry.computed_at() is not None
    JobFactory(submitted_at=timezone.now())
    registry.invalidate()  # the organisers' "count again now"
    assert registry.current()["job_requirements"]["value"] == 2


@pytest.mark.django_db
def test_bucket_labels_follow_the_language():

    with translation.override("en"):
        assert registry.bucket_labels("level")["municipal"] == "municipal"
        assert registry.bucket_labels("district")["yubei"] == "Yubei"
    with translation.override("zh-hans"):
        assert registry.bucket_labels("district")["yubei"] == "渝北区"
        assert registry.bucket_labels("degree")["doctor"] == "博士"
