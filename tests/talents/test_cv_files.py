"""A CV is what its content is: a PDF that parses, a DOCX that is no zip bomb; it is stored
readable by the server's user only and downloaded under the name of what it really is."""

import io
import stat
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter

from yingcai.talents.models import CV

from ..factories import JobFactory
from .helpers import PDF, application_of, docx_bytes, en, profile_of, stored_files

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def pdf_bytes(pages=1, user_password=None, owner_password=None) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595, 842)
    if user_password is not None or owner_password is not None:
        writer.encrypt(user_password or "", owner_password)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def docx_with(extra: dict[str, bytes]) -> bytes:
    """A real DOCX with more members: how a bomb is built."""
    out = io.BytesIO()
    source = zipfile.ZipFile(io.BytesIO(docx_bytes()))
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            archive.writestr(info.filename, source.read(info.filename))
        for name, content in extra.items():
            archive.writestr(name, content)
    return out.getvalue()


def bomb() -> bytes:
    """70 MB of zeros in a DOCX of about 70 KB."""
    return docx_with({"word/media/image1.png": b"\x00" * (70 * 1024 * 1024)})


def damaged_docx() -> bytes:
    """A DOCX whose document part does not match its checksum."""
    data = bytearray(docx_with({"word/media/notes.txt": b"A" * 5000}))
    archive = zipfile.ZipFile(io.BytesIO(bytes(data)))
    info = archive.getinfo("word/media/notes.txt")
    # Flip a byte of the compressed data (after the local header, name and extra field).
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start + 2] ^= 0xFF
    return bytes(data)


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("cv.pdf", lambda: b"%PDF-1.4\n" + b"x" * 11, "This PDF cannot be read"),
        ("cv.pdf", lambda: b"%PDF-1.7\n%%EOF\n" + b"\x00" * 500, "This PDF cannot be read"),
        ("cv.pdf", lambda: PDF[:-40], "This PDF cannot be read"),
        ("cv.pdf", lambda: pdf_bytes(user_password="secret"), "protected by a password"),
        ("cv.pdf", lambda: pdf_bytes(pages=101), "at most 100 are accepted"),
        ("cv.docx", bomb, "unpacks to too much data"),
        (
            "cv.docx",
            lambda: docx_with({f"word/p{i}.xml": b"<p/>" for i in range(1001)}),
            "too much",
        ),
        ("cv.docx", damaged_docx, "This Word file cannot be read"),
    ],
    ids=["20-bytes", "no-objects", "truncated", "password", "pages", "bomb", "entries", "crc"],
)
def test_a_file_that_only_looks_right_is_refused_and_nothing_is_stored(
    client, talent, media, name, content, message
):
    client.force_login(talent)
    response = client.post(en("talent:cvs"), {"file": upload(name, content(), DOCX_TYPE)})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not CV.objects.exists()
    assert stored_files(media) == []


@pytest.mark.django_db
def test_the_refusals_are_translated(client, talent, media):
    client.force_login(talent)
    response = client.post("/zh-hans/me/cvs/", {"file": upload("cv.pdf", b"%PDF-1.4\nxxxxxxxxxx")})
    assert response.status_code == 400
    assert "无法读取" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "content",
    [lambda: PDF, lambda: pdf_bytes(pages=3), lambda: pdf_bytes(owner_password="o"), docx_bytes],
    ids=["minimal", "three-pages", "owner-password-only", "docx"],
)
def test_sound_files_are_accepted(client, talent, media, content):
    client.force_login(talent)
    assert client.post(en("talent:cvs"), {"file": upload("cv", content())}).status_code == 302
    assert CV.objects.filter(profile__user=talent).count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("uploaded_as", "content", "served_as", "content_type"),
    [
        ("cv.html", PDF, "cv.pdf", "application/pdf"),
        ("简历.exe", PDF, "%E7%AE%80%E5%8E%86.pdf", "application/pdf"),
        ("cv.pdf", docx_bytes(), "cv.docx", DOCX_TYPE),
        ("..\\..\\cv.svg", PDF, "cv.pdf", "application/pdf"),
    ],
)
def test_a_download_is_named_after_what_the_file_is(
    client, talent, organisation, owner, media, uploaded_as, content, served_as, content_type
):
    profile_of(talent)
    client.force_login(talent)
    assert client.post(en("talent:cvs"), {"file": upload(uploaded_as, content)}).status_code == 302
    cv = CV.objects.get(profile__user=talent)
    application_of(talent, JobFactory(organisation=organisation))
    for who in (talent, owner):
        client.force_login(who)
        response = client.get(en("talent:cv", cv.pk))
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == content
        assert response["Content-Type"] == content_type
        disposition = response["Content-Disposition"]
        assert disposition.startswith("attachment;")
        assert served_as in disposition
        assert ".html" not in disposition and ".exe" not in disposition
        assert ".svg" not in disposition
        assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_files_are_stored_readable_by_the_server_only(client, talent, media):
    client.force_login(talent)
    assert client.post(en("talent:cvs"), {"file": upload("cv.pdf", PDF)}).status_code == 302
    [path] = stored_files(media)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    folder = path.parent
    while folder != media.parent:
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
        folder = folder.parent
