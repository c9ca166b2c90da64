"""The talents' services refuse what the pages cannot send: someone else's profile, history or
CV, a file too large or empty, an erasure without the password."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from yingcai.core.models import AuditEntry
from yingcai.talents import services
from yingcai.talents.forms import WorkFormSet
from yingcai.talents.models import CV, TalentProfile, WorkExperience

from ..factories import UserFactory
from .helpers import PDF, profile_of, stored_files, with_cv


@pytest.fixture
def other(db):
    return UserFactory(name="韩梅梅")


def messages(refusal) -> list[str]:
    return refusal.value.messages


@pytest.mark.django_db
def test_a_profile_is_saved_by_its_owner_only(talent, other):
    theirs = profile_of(other, university="西南大学")
    theirs.university = "重庆大学"
    with pytest.raises(PermissionDenied):
        services.save_profile(talent, theirs, ["university"])
    theirs.refresh_from_db()
    assert theirs.university == "西南大学"
    assert not AuditEntry.objects.filter(action="talent.profile_saved").exists()


@pytest.mark.django_db
def test_someone_elses_history_cannot_ride_along_with_ones_own_profile(talent, other):
    mine, theirs = profile_of(talent), profile_of(other)
    row = {
        "work-TOTAL_FORMS": "1",
        "work-INITIAL_FORMS": "0",
        "work-0-employer": "长安汽车",
        "work-0-position": "工程师",
        "work-0-start": "2019-07-01",
    }
    history = WorkFormSet(row, instance=theirs, prefix="work")
    assert history.is_valid(), history.errors
    with pytest.raises(PermissionDenied):
        services.save_profile(talent, mine, [], history=[history])
    assert not WorkExperience.objects.exists()


@pytest.mark.django_db
def test_an_overseas_profile_needs_its_country(talent, english):
    profile = profile_of(talent, origin=TalentProfile.Origin.OVERSEAS, country="日本")
    profile.country = "  "
    with pytest.raises(ValidationError) as refusal:
        services.save_profile(talent, profile, ["country"])
    assert messages(refusal) == ["Give the country or region you live in."]
    profile.refresh_from_db()
    assert profile.country == "日本"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "message"),
    [
        (PDF + b"0" * services.MAX_CV_BYTES, "A CV may be at most 10 MB."),
        (b"", "The file is empty."),
    ],
)
def test_a_cv_too_large_or_empty_is_refused_and_nothing_stored(
    talent, media, english, content, message
):
    with pytest.raises(ValidationError) as refusal:
        services.upload_cv(talent, SimpleUploadedFile("简历.pdf", content))
    assert messages(refusal) == [message]
    assert not CV.objects.exists() and stored_files(media) == []


@pytest.mark.django_db
def test_someone_elses_cv_is_neither_made_current_nor_deleted(talent, other, media):
    profile_of(talent)
    profile_of(other)
    first, second = with_cv(other, "一.pdf"), with_cv(other, "二.pdf")
    with pytest.raises(PermissionDenied):
        services.set_current_cv(talent, first)
    with pytest.raises(PermissionDenied):
        services.delete_cv(talent, second)
    assert list(CV.objects.order_by("pk").values_list("original_name", "is_current")) == [
        ("一.pdf", False),
        ("二.pdf", True),
    ]
    assert len(stored_files(media)) == 2


@pytest.mark.django_db
def test_erasing_ones_account_needs_the_password(talent, english):
    profile_of(talent)
    with pytest.raises(ValidationError) as refusal:
        services.delete_account(talent, password_confirmed=False)
    assert messages(refusal) == ["Confirm with your password."]
    talent.refresh_from_db()
    assert talent.is_active and talent.name == "李雷"
    assert TalentProfile.objects.filter(user=talent).exists()
