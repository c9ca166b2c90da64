"""Certificates are checked like CVs (yingcai.core.files): content that parses, a download named
after what the file is, stored for the server's user only."""

import stat

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from yingcai.institutions.models import Certificate

from ..talents.helpers import PDF, PNG, en, media, stored_files
from .factories import RoundFactory, applicant

__all__ = ["media"]


@pytest.fixture
def round_(db):
    return RoundFactory()


@pytest.fixture
def doctor(db):
    return applicant(degree="doctor")


def _upload(client, round_, name, content, kind="degree"):
    data = {"kind": kind, "file": SimpleUploadedFile(name, content), "agree": "on"}
    return client.post(en("recruitment:certificates", round_.pk), data)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "This image cannot be read"),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 64, "This image cannot be read"),
        (b"%PDF-1.4\n" + b"x" * 11, "This PDF cannot be read"),
    ],
    ids=["png", "jpeg", "pdf"],
)
def test_magic_bytes_alone_are_refused(client, round_, doctor, media, content, message):
    client.force_login(doctor)
    response = _upload(client, round_, "证书.png", content)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Certificate.objects.exists() and stored_files(media) == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "served_as", "content_type"),
    [
        ("scan.pdf", PNG, "scan.png", "image/png"),
        ("degree.html", PDF, "degree.pdf", "application/pdf"),
    ],
)
def test_a_certificate_is_downloaded_as_what_it_is(
    client, round_, doctor, media, name, content, served_as, content_type
):
    client.force_login(doctor)
    assert _upload(client, round_, name, content).status_code == 302
    certificate = Certificate.objects.get()
    response = client.get(en("recruitment:certificate", certificate.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == f'attachment; filename="{served_as}"'
    assert response["X-Content-Type-Options"] == "nosniff"
    [path] = stored_files(media)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
