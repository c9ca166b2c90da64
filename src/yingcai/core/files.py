"""What an uploaded file is, judged by its content, never by its name or the browser's word.

`sniff` names the type from the first bytes and then checks that the whole file really is one:
a PDF that pypdf can read (a file that merely starts with "%PDF-" is not one), a JPEG or PNG
that Pillow can decode and that is not a decompression bomb, a DOCX whose archive is intact and
whose uncompressed size and entry count are bounded (a 400 MB Word bomb fits in 400 KB). A file
that claims a type but fails its check is refused with a message saying why, so it is never
stored nor handed to an employer or a reviewer.

`download_name` and `content_type` derive what a stored file is served as from the same
sniffing, so a PDF uploaded as "cv.html" goes out as "cv.pdf", application/pdf.
"""

import logging
import os
import sys
import warnings
import zipfile
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

SIGNATURES = (
    (b"%PDF-", "pdf"),
    (b"\xff\xd8\xff", "jpg"),
    (b"\x89PNG\r\n\x1a\n", "png"),
)
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "png": "image/png",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
# A CV or a certificate has a few pages; a scanned certificate a few dozen at most.
MAX_PDF_PAGES = 100
# A scan at 600 dpi of an A3 page is about 70 million pixels.
MAX_IMAGE_PIXELS = 80_000_000
# A Word CV is text plus a few photos: even 10 MB of uncompressed images stays far below.
MAX_DOCX_UNCOMPRESSED = 60 * 1024 * 1024
MAX_DOCX_ENTRIES = 1000


def magic_kind(handle) -> str | None:
    """ "pdf", "jpg", "png" or "docx" from the first bytes (and a zip's list of members), without
    checking the rest. Leaves the file at its start."""
    handle.seek(0)
    head = handle.read(8)
    handle.seek(0)
    for signature, kind in SIGNATURES:
        if head.startswith(signature):
            return kind
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(handle) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            names = set()
        finally:
            handle.seek(0)
        if "[Content_Types].xml" in names and "word/document.xml" in names:
            return "docx"
    return None


def sniff(uploaded) -> str | None:
    """ "pdf", "jpg", "png" or "docx"; None for anything else. Raises ValidationError (with the
    reason) for a file that starts like one of them but is not a sound one. Leaves the file at
    its start."""
    kind = magic_kind(uploaded)
    if kind is not None:
        try:
            CHECKS[kind](uploaded)
        finally:
            uploaded.seek(0)
    return kind


def _check_pdf(uploaded) -> None:
    # The parsers load only when an upload is checked: pypdf costs 0.12 s of import
    # (`python -X importtime -c "import pypdf"`), and mail and SMS workers import this module.
    from pypdf import PdfReader  # noqa: PLC0415
    from pypdf.errors import DependencyError, FileNotDecryptedError  # noqa: PLC0415

    unreadable = ValidationError(
        _("This PDF cannot be read: it is damaged or not really a PDF."), code="damaged"
    )
    protected = ValidationError(
        _("This PDF is protected by a password: upload it without the password."),
        code="encrypted",
    )
    try:
        reader = PdfReader(uploaded, strict=False)
        # A PDF with only an owner password (no printing, no copying) opens for anyone and is
        # accepted; one that needs a password to open cannot be read by an employer.
        if reader.is_encrypted and not reader.decrypt(""):
            raise protected
        pages = len(reader.pages)
        if pages < 1:
            raise unreadable
        if pages > MAX_PDF_PAGES:
            raise ValidationError(
                _("This PDF has %(pages)d pages; at most %(n)d are accepted.")
                % {"pages": pages, "n": MAX_PDF_PAGES},
                code="pages",
            )
        # Every page must be a real page object with a size, not a dangling reference.
        for page in reader.pages:
            if page.mediabox.width <= 0 or page.mediabox.height <= 0:
                raise unreadable
    except (FileNotDecryptedError, DependencyError):
        raise protected from None
    except ValidationError:
        raise
    except Exception:  # pypdf raises many kinds (PdfReadError, KeyError, ValueError …)
        logger.info("Refused an unreadable PDF: %s", sys.exc_info()[1])
        raise unreadable from None


def _check_image(uploaded) -> None:
    # Pillow, like pypdf above, only when an image is checked.
    from PIL import Image  # noqa: PLC0415

    too_big = ValidationError(
        _("This image has too many pixels: scan it at a lower resolution."), code="pixels"
    )
    try:
        with warnings.catch_warnings():
            # Pillow warns of a possible decompression bomb; the bound below decides.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(uploaded) as image:
                width, height = image.size
                if width * height > MAX_IMAGE_PIXELS:
                    raise too_big
                image.verify()
    except ValidationError:
        raise
    except Image.DecompressionBombError:
        raise too_big from None
    except Exception:  # Pillow raises many kinds on a broken file
        raise ValidationError(
            _("This image cannot be read: it is damaged or not really a JPEG or PNG."),
            code="damaged",
        ) from None


def _check_docx(uploaded) -> None:
    damaged = ValidationError(
        _("This Word file cannot be read: it is damaged or not really a DOCX."), code="damaged"
    )
    too_big = ValidationError(
        _("This Word file unpacks to too much data (at most %(mb)d MB); save it again smaller.")
        % {"mb": MAX_DOCX_UNCOMPRESSED // (1024 * 1024)},
        code="uncompressed",
    )
    try:
        with zipfile.ZipFile(uploaded) as archive:
            members = archive.infolist()
            if len(members) > MAX_DOCX_ENTRIES:
                raise too_big
            if sum(m.file_size for m in members) > MAX_DOCX_UNCOMPRESSED:
                raise too_big
            # The declared sizes bound what is unpacked; reading every member checks that the
            # data really is what the archive declares (CRC), so nothing hides behind them.
            if archive.testzip() is not None:
                raise damaged
    except ValidationError:
        raise
    except Exception:  # zipfile raises BadZipFile, zlib.error, NotImplementedError, EOFError …
        raise damaged from None


CHECKS = {"pdf": _check_pdf, "jpg": _check_image, "png": _check_image, "docx": _check_docx}


def content_type(kind: str | None) -> str:
    return CONTENT_TYPES.get(kind or "", "application/octet-stream")


def download_name(original: str, kind: str | None) -> str:
    """The name a download is offered under: the uploader's stem with the extension of what
    the file really is ("cv.html" holding a PDF is "cv.pdf"); "file.bin" for an unknown type."""
    stem = PurePath((original or "").replace("\\", "/")).stem.strip(" .") or "file"
    return f"{stem}.{kind or 'bin'}"


def open_private(path, mode: str = "ab"):
    """Open a file that only the server's user may read (0600, its folder 0700).

    Mail and SMS written to files hold password-reset links and verification codes, so they
    are private like uploads (FILE_UPLOAD_PERMISSIONS covers only the storage)."""
    folder = os.path.dirname(os.fspath(path))
    os.makedirs(folder, mode=0o700, exist_ok=True)
    flags = os.O_WRONLY | os.O_CREAT | (os.O_APPEND if "a" in mode else os.O_TRUNC)
    return os.fdopen(os.open(path, flags, 0o600), mode)
