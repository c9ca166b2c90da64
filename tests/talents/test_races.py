"""A talent's CVs under simultaneous clicks: at most one current CV (a partial unique
constraint) and at most MAX_CVS versions, decided under a lock on the profile."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from yingcai.talents import services
from yingcai.talents.models import CV

from ..concurrency import at_once, postgresql_only, put_back_reference_rows
from ..factories import ProfileFactory
from .helpers import pdf_upload

LIMIT = f"You can keep at most {services.MAX_CVS} CVs: delete an old one first."


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


@pytest.fixture
def reference_rows(transactional_db):
    put_back_reference_rows()


def cvs_of(profile, count):
    for i in range(count):
        services.upload_cv(profile.user, pdf_upload(f"简历{i}.pdf"))
    return list(profile.cvs.order_by("pk"))


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_twenty_clicks_on_current_leave_one_current_cv(reference_rows, media):
    profile = ProfileFactory()
    cvs = cvs_of(profile, 10)
    outcomes = at_once(
        [lambda cv=cvs[i % 10]: services.set_current_cv(profile.user, cv) for i in range(20)]
    )
    assert outcomes == ["ok"] * 20
    assert CV.objects.filter(profile=profile, is_current=True).count() == 1


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_twenty_uploads_at_once_keep_the_limit_and_one_current_cv(reference_rows, media):
    profile = ProfileFactory()
    outcomes = at_once(
        [
            lambda i=i: services.upload_cv(profile.user, pdf_upload(f"简历{i}.pdf"))
            for i in range(20)
        ]
    )
    assert outcomes.count("ok") == services.MAX_CVS
    assert set(outcomes) == {"ok", LIMIT}
    assert CV.objects.filter(profile=profile).count() == services.MAX_CVS
    assert CV.objects.filter(profile=profile, is_current=True).count() == 1


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_deleting_and_choosing_current_cvs_at_once_leave_one_current(reference_rows, media):
    profile = ProfileFactory()
    cvs = cvs_of(profile, 10)
    calls = [lambda cv=cv: services.delete_cv(profile.user, cv) for cv in cvs[:5]] * 2
    calls += [lambda cv=cv: services.set_current_cv(profile.user, cv) for cv in cvs]
    outcomes = at_once(calls)
    assert set(outcomes) <= {"ok", "This CV no longer exists."}
    assert CV.objects.filter(profile=profile).count() == 5
    assert CV.objects.filter(profile=profile, is_current=True).count() == 1


# --- On any database -----------------------------------------------------------------------------
@pytest.mark.django_db
def test_two_current_cvs_are_refused_by_the_database(media):
    profile = ProfileFactory()
    first, second = cvs_of(profile, 2)
    with pytest.raises(IntegrityError), transaction.atomic():
        CV.objects.filter(pk__in=[first.pk, second.pk]).update(is_current=True)


@pytest.mark.django_db
def test_a_cv_deleted_meanwhile_is_refused_in_words(media):
    profile = ProfileFactory()
    first, second = cvs_of(profile, 2)
    stale = CV.objects.get(pk=first.pk)
    services.delete_cv(profile.user, first)
    with pytest.raises(ValidationError, match="This CV no longer exists"):
        services.set_current_cv(profile.user, stale)
    with pytest.raises(ValidationError, match="This CV no longer exists"):
        services.delete_cv(profile.user, stale)
    assert list(CV.objects.filter(profile=profile, is_current=True)) == [second]
