"""A person's recruitment data in the export of their data, and its erasure (PIPL)."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from yingcai.api import services as api
from yingcai.api.models import ApiToken
from yingcai.institutions import services
from yingcai.institutions.models import Certificate, PostApplication
from yingcai.talents import services as talents
from yingcai.talents.models import TalentProfile

from ..talents.helpers import PDF
from .factories import PostFactory, applicant, apply_to


@pytest.fixture
def applied(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    post = PostFactory()
    post.questions.create(text="您的主要研究方向？", required=True, position=1)
    doctor = applicant(birth_date=date(1990, 5, 17))
    certificate = services.upload_certificate(
        doctor, post.round, "degree", SimpleUploadedFile("博士学位证书.pdf", PDF, "application/pdf")
    )
    question = post.questions.get()
    (application,) = apply_to(
        doctor, post, answers={str(post.pk): {str(question.pk): "环境微生物"}}
    )
    api.create_token(doctor, "我的脚本", "read")
    return doctor, application, certificate


def test_the_export_holds_my_applications_certificates_and_tokens(applied):
    doctor, application, _certificate = applied
    data = talents.export_data(doctor)
    assert data["profile"]["date_of_birth"] == "1990-05-17"
    (exported,) = data["institution_applications"]
    assert exported["post"].startswith(application.post.code)
    assert exported["date_of_birth"] == "1990-05-17"
    assert "环境微生物" in exported["answers"].values()
    assert [c["file_name"] for c in data["certificates"]] == ["博士学位证书.pdf"]
    assert [t["name"] for t in data["api_tokens"]] == ["我的脚本"]


def test_erasure_deletes_certificates_answers_tokens_and_keeps_the_counts(
    applied, django_capture_on_commit_callbacks
):
    doctor, application, certificate = applied
    storage, path = certificate.file.storage, certificate.file.name
    assert storage.exists(path)
    with django_capture_on_commit_callbacks(execute=True):
        talents.delete_account(doctor, password_confirmed=True)
    assert not Certificate.objects.filter(talent=doctor).exists()
    assert not storage.exists(path)
    assert not ApiToken.objects.filter(user=doctor).exists()
    kept = PostApplication.objects.get(pk=application.pk)
    assert kept.answers == {}
    assert kept.birth_date == date(1990, 1, 1)  # the year only
    assert kept.degree == "doctor"  # still counted by level and degree
    assert TalentProfile.objects.get(user=doctor).birth_date is None
