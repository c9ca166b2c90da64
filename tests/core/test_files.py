"""core.files: a type is what the content proves, and private files are the server's alone."""

import io
import stat

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.mail import EmailMessage, get_connection
from django.utils import translation
from PIL import Image

from yingcai.accounts.sms import FileBackend
from yingcai.core import files
from yingcai.stats import services as stats
from yingcai.stats.models import Export

from ..talents.helpers import JPEG, PDF, PNG, docx_bytes


def sniffed(content: bytes):
    handle = io.BytesIO(content)
    with translation.override("en"):
        kind = files.sniff(handle)
    assert handle.tell() == 0
    return kind


def test_sound_files_are_named_by_their_content():
    assert sniffed(PDF) == "pdf"
    assert sniffed(PNG) == "png"
    assert sniffed(JPEG) == "jpg"
    assert sniffed(docx_bytes()) == "docx"
    assert sniffed(b"<html><script>alert(1)</script></html>") is None
    assert sniffed(b"PK\x03\x04 not a zip") is None


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "This image cannot be read"),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 64, "This image cannot be read"),
        (PNG[: len(PNG) // 2], "This image cannot be read"),
        (b"%PDF-1.4\n" + b"x" * 11, "This PDF cannot be read"),
    ],
    ids=["fake-png", "fake-jpeg", "truncated-png", "fake-pdf"],
)
def test_magic_bytes_alone_are_refused(content, message):
    with pytest.raises(ValidationError, match=message):
        sniffed(content)


def test_an_image_with_too_many_pixels_is_refused():
    buffer = io.BytesIO()
    Image.new("1", (10_000, 9_000)).save(buffer, "PNG")  # 90 million pixels in a few KB
    assert len(buffer.getvalue()) < 200_000
    with pytest.raises(ValidationError, match="too many pixels"):
        sniffed(buffer.getvalue())


@pytest.mark.parametrize(
    ("original", "kind", "expected"),
    [
        ("cv.html", "pdf", "cv.pdf"),
        ("简历.PDF", "pdf", "简历.pdf"),
        ("C:\\Users\\li\\cv.docx.exe", "docx", "cv.docx.docx"),
        ("../../etc/passwd", "png", "passwd.png"),
        ("", "jpg", "file.jpg"),
        ("...", None, "file.bin"),
    ],
)
def test_the_download_name_takes_the_sniffed_extension(original, kind, expected):
    assert files.download_name(original, kind) == expected


def _private(path, root):
    assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    folder = path.parent
    while folder != root.parent:
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
        folder = folder.parent


def test_files_written_through_the_storage_are_private(settings, tmp_path):
    """What the demo's CVs and certificates and every FileField use."""
    settings.MEDIA_ROOT = tmp_path / "media"
    name = default_storage.save("demo/cvs/2026/cv.pdf", ContentFile(PDF))
    _private(settings.MEDIA_ROOT / name, settings.MEDIA_ROOT)


@pytest.mark.django_db
def test_a_statistics_export_is_private(
    settings, tmp_path, plain_staff, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path / "media"
    with django_capture_on_commit_callbacks(execute=True):
        stats.request_export(plain_staff, "csv")
    export = Export.objects.get()
    assert export.status == Export.Status.READY
    _private(settings.MEDIA_ROOT / export.file.name, settings.MEDIA_ROOT)


def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_mail_written_to_files_is_private(settings, tmp_path):
    """Password-reset links land in var/mail when no mail server is configured."""

    folder = tmp_path / "mail"
    connection = get_connection("yingcai.core.mail.PrivateFileEmailBackend", file_path=folder)
    connection.send_messages([EmailMessage("Reset", "link", to=["a@example.cn"])])
    written = list(folder.iterdir())
    assert written
    assert _mode(folder) == 0o700
    assert all(_mode(path) == 0o600 for path in written)


def test_verification_codes_written_to_files_are_private(settings, tmp_path):

    settings.SMS_FILE_PATH = tmp_path / "sms"
    FileBackend().send("+8613800000000", "123456")
    (written,) = list((tmp_path / "sms").iterdir())
    assert "123456" in written.read_text(encoding="utf-8")
    assert _mode(tmp_path / "sms") == 0o700
    assert _mode(written) == 0o600
