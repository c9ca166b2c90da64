"""CVs for a sample of the talents: small real PDF files in the default storage.

Files are named `cvs/<user id>/demo-<16 hex digits>.pdf`, drawn from the seed, so a load
writes the same files each time. When the load commits, demo CV files that none of its
CV rows names (those of an earlier load, emptied by --reset, or of a load that failed)
are deleted; nothing else under MEDIA_ROOT is touched.
"""

import logging
import os
from functools import partial

from django.core.files.base import ContentFile
from django.core.files.storage import Storage, default_storage
from django.db import transaction

from yingcai.talents.models import CV

from . import words_jobs
from .base import Context
from .jobs import write

logger = logging.getLogger(__name__)

FOLDER = "cvs"
PREFIX = "demo-"
# Of the talents, the share with a CV (the demo talent always has one), and of those the
# share who uploaded a second version.
CV_SHARE = 0.05
SECOND_VERSION_SHARE = 0.25


def load(ctx: Context) -> None:
    rng = ctx.rng
    storage = default_storage
    cvs: list[CV] = []
    current: dict[int, CV] = {}
    for n, talent in enumerate(ctx.created["talent_profiles"]):
        if n and rng.random() >= CV_SHARE:
            continue
        user, profile = talent.user, talent.profile
        versions = 2 if n == 0 or rng.random() < SECOND_VERSION_SHARE else 1
        content = pdf(cv_lines(talent))
        for version in range(versions):
            newest = version == versions - 1
            # Uploaded right after the profile, before any application (which carry the
            # current CV): the older version a few minutes before the newer.
            uploaded = ctx.after(profile.created_at, (5 if newest else 1) / 60, 9 / 60)
            name = f"{FOLDER}/{user.pk}/{PREFIX}{rng.getrandbits(64):016x}.pdf"
            cv = CV(
                profile=profile,
                file=store(storage, name, content),
                kind=CV.Kind.PDF,
                original_name=_original_name(user, version, versions),
                size=len(content),
                is_current=newest,
                uploaded_at=uploaded,
            )
            cvs.append(cv)
        current[profile.pk] = cvs[-1]
    write(cvs)
    keep = frozenset(cv.file.name for cv in cvs)
    transaction.on_commit(partial(remove_stale_files, storage, keep))
    ctx.created["current_cvs"] = current


def store(storage: Storage, name: str, content: bytes) -> str:
    # A file left by an earlier load would make the storage pick another (random) name.
    if storage.exists(name):
        storage.delete(name)
    return storage.save(name, ContentFile(content))


def _original_name(user, version: int, versions: int) -> str:
    suffix = "" if version == versions - 1 else "_old"
    if user.language == "en":
        return f"CV_{user.name.replace(' ', '_')}{suffix}.pdf"
    return f"{user.name}_个人简历{suffix}.pdf"


def remove_stale_files(storage: Storage, keep: frozenset[str], folder: str = FOLDER) -> int:
    """Delete the demo files under `folder` (CVs by default) that no row of the current load
    names; returns how many."""
    try:
        folders, _files = storage.listdir(folder)
    except (FileNotFoundError, NotImplementedError):
        return 0
    removed = 0
    for sub in folders:
        path = f"{folder}/{sub}"
        subfolders, files = storage.listdir(path)
        stale = [f for f in files if f.startswith(PREFIX) and f"{path}/{f}" not in keep]
        for name in stale:
            storage.delete(f"{path}/{name}")
        removed += len(stale)
        if stale and len(stale) == len(files) and not subfolders:
            _remove_folder(storage, path)
    return removed


def _remove_folder(storage: Storage, path: str) -> None:
    try:
        local = storage.path(path)
    except NotImplementedError:
        return  # storages without folders have nothing to remove
    try:
        os.rmdir(local)
    except OSError:
        logger.debug("Could not remove the empty folder %s", local)


# --- The PDF ---------------------------------------------------------------------------------
def cv_lines(talent) -> list[str]:
    user, profile = talent.user, talent.profile
    english = user.language == "en"
    degree_zh, degree_en = words_jobs.DEGREE_WORDS[profile.degree]
    if english:
        lines = [
            "Curriculum Vitae",
            user.email,
            f"Highest degree: {degree_en}, {profile.university}",
            "Fields: " + ", ".join(f.name_en for f in talent.fields),
            f"Skills: {profile.skills}",
        ]
        lines += [f"{w.position}, {w.employer}" for w in talent.work]
        lines.append("Demo data of the Yingcai platform: not a real person.")
    else:
        lines = [
            "个人简历 Curriculum Vitae",
            user.email,
            f"最高学历：{degree_zh}（{profile.university}）",
            "领域：" + "、".join(f.name_zh_hans for f in talent.fields),
            f"技能：{profile.skills}",
        ]
        lines += [f"{w.employer} {w.position}" for w in talent.work]
        lines.append("英才平台演示数据，非真实人员。")
    return [user.name, *lines]


def pdf(lines: list[str]) -> bytes:
    """A one-page A4 PDF showing `lines`, the first as a heading.

    Latin text uses Helvetica; Chinese uses STSong-Light, one of the standard CJK fonts
    viewers supply themselves (Adobe-GB1, UCS-2 encoding), so nothing is embedded.
    """
    text = ["BT", "72 770 Td"]
    for n, line in enumerate(lines):
        size = 20 if n == 0 else 11
        try:
            encoded = line.encode("cp1252")
        except UnicodeEncodeError:
            # A line of 40 Chinese characters fills the page's width.
            shown = "<" + line[:40].encode("utf-16-be").hex().upper() + ">"
            font = "F2"
        else:
            shown = "(" + _escape(encoded[:90]) + ")"
            font = "F1"
        text.append(f"/{font} {size} Tf {shown} Tj 0 {-34 if n == 0 else -20} Td")
    text.append("ET")
    stream = "\n".join(text).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H "
        b"/DescendantFonts [7 0 R] >>",
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> "
        b"/FontDescriptor 8 0 R /DW 1000 >>",
        b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 "
        b"/FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 752 /Descent -271 "
        b"/CapHeight 737 /StemV 58 >>",
        b"<< /Producer (Yingcai demo) >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\n" % (
        len(objects) + 1,
        len(objects),
    )
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def _escape(raw: bytes) -> str:
    text = raw.decode("latin-1")
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
