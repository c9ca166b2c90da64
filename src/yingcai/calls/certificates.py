"""A certificate as a PDF: one A4 landscape page, every line in Chinese and in English, and a
QR code that leads to the certificate's public page (`/certificates/<code>/`).

Drawn with reportlab like the docking's agenda (docking/pdf.py): the Adobe CID font
STSong-Light, which every PDF reader has, so nothing is embedded and Chinese prints. The QR
code is made by segno and placed as an image, with the code printed under it to be typed by
hand.
"""

import io

import segno
from django.utils import formats, translation
from django.utils.translation import gettext as _

from yingcai.core.pdf import CJK_FONT, cjk_font

from .models import Certificate


def qr_png(url: str, scale: int = 8) -> bytes:
    """The QR code of `url` as a PNG (error correction M, the quiet zone of 4 modules)."""
    out = io.BytesIO()
    segno.make(url, error="m", micro=False).save(out, kind="png", scale=scale, border=4)
    return out.getvalue()


def _both(text_of) -> tuple[str, str]:
    """(Chinese, English) of a text made in the active language by `text_of()`."""
    with translation.override("zh-hans"):
        zh = str(text_of())
    with translation.override("en"):
        en = str(text_of())
    return zh, en


def _field(obj, name: str) -> tuple[str, str]:
    zh = getattr(obj, f"{name}_zh_hans", "") or ""
    en = getattr(obj, f"{name}_en", "") or ""
    return zh or en, en or zh


def lines(certificate: Certificate) -> dict:
    """What the certificate says, in both languages (also what its public page shows)."""
    entry = certificate.entry
    if certificate.award_id:
        award = _field(certificate.award, "name")
    else:
        award = _both(lambda: _("Finalist"))
    date_zh, date_en = _both(lambda: formats.date_format(certificate.issued_at, "DATE_FORMAT"))
    return {
        "heading": _both(lambda: _("Certificate")),
        "project": _field(entry.project, "title"),
        "call": _field(entry.call, "title"),
        "award": award,
        "date": (date_zh, date_en),
    }


def pdf(certificate: Certificate, verify_url: str) -> bytes:
    # reportlab (0.13 s of `python -X importtime`) loads when a PDF is asked for, not in every
    # web process that imports the views.
    from reportlab.lib.pagesizes import A4, landscape  # noqa: PLC0415
    from reportlab.lib.units import mm  # noqa: PLC0415
    from reportlab.lib.utils import ImageReader  # noqa: PLC0415
    from reportlab.pdfbase import pdfmetrics  # noqa: PLC0415
    from reportlab.pdfgen import canvas  # noqa: PLC0415

    cjk_font()
    said = lines(certificate)
    width, height = landscape(A4)
    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=(width, height))
    page.setTitle(f"{said['heading'][0]} {said['heading'][1]} {certificate.code}")
    page.setAuthor("Yingcai")
    page.setLineWidth(2)
    page.rect(12 * mm, 12 * mm, width - 24 * mm, height - 24 * mm)

    room = width - 44 * mm

    def centred(text, y, size):
        # A long name shrinks to the width of the page rather than run off it.
        text = text[:200]
        while size > 7 and pdfmetrics.stringWidth(text, CJK_FONT, size) > room:
            size -= 1
        page.setFont(CJK_FONT, size)
        page.drawCentredString(width / 2, y, text)

    y = height - 42 * mm
    centred(said["heading"][0], y, 30)
    centred(said["heading"][1], y - 12 * mm, 18)
    y -= 34 * mm
    for key, big in (("project", 20), ("award", 18), ("call", 13)):
        zh, en = said[key]
        centred(zh, y, big)
        centred(en, y - 8 * mm, big - 5)
        y -= 22 * mm
    centred(f"{said['date'][0]} · {said['date'][1]}", 30 * mm, 11)

    size = 40 * mm
    image = ImageReader(io.BytesIO(qr_png(verify_url)))
    page.drawImage(image, width - 20 * mm - size, 22 * mm, size, size)
    page.setFont(CJK_FONT, 9)
    page.drawCentredString(width - 20 * mm - size / 2, 18 * mm, certificate.code)
    page.showPage()
    page.save()
    return out.getvalue()
