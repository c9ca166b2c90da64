"""What the talents' and applying tests share: real files, applications made through services."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from PIL import Image

from yingcai.jobs import services as jobs
from yingcai.talents import services as talents

from ..factories import ProfileFactory

# A minimal well-formed PDF: header, one empty page, cross-reference table, trailer.
PDF = (
    b"%PDF-1.4\n"
    b"1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n"
    b"0000000056 00000 n \n0000000111 00000 n \n"
    b"trailer<</Size 4/Root 1 0 R>>\nstartxref\n178\n%%EOF\n"
)


def image_bytes(kind: str) -> bytes:
    """A small real image ("PNG" or "JPEG"): certificates are checked by decoding them."""

    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(buffer, kind)
    return buffer.getvalue()


PNG = image_bytes("PNG")
JPEG = image_bytes("JPEG")


def docx_bytes() -> bytes:
    """A minimal Word document, as Word's Open XML packaging lays it out."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        archive.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/officeDocument" Target="word/document.xml"/></Relationships>',
        )
        archive.writestr(
            "word/document.xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            "<w:body><w:p><w:r><w:t>李雷 简历</w:t></w:r></w:p></w:body></w:document>",
        )
    return buffer.getvalue()


def pdf_upload(name="简历.pdf", content=PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def en(name, *args, **kwargs) -> str:
    """A URL in English (pages under /en/)."""
    with translation.override("en"):
        return reverse(name, args=args, kwargs=kwargs or None)


def zh(name, *args) -> str:
    with translation.override("zh-hans"):
        return reverse(name, args=args)


def profile_of(user, **fields):
    return ProfileFactory(user=user, **fields)


def with_cv(user, name="简历.pdf"):
    return talents.upload_cv(user, pdf_upload(name))


def application_of(user, job, note=""):
    """Apply through the services, consenting first (as the consent page does)."""
    if not hasattr(user, "talent_profile"):
        profile_of(user)
    jobs.give_consent(user, job.organisation)
    return jobs.apply(user, job, note)


@pytest.fixture
def media(settings, tmp_path):
    """Uploads go to a fresh folder for each test, so that what is stored can be counted."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored_files(root) -> list:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []
