"""The e-ticket: its QR code (segno) and a wallet-style PDF of one phone screen.

The QR code holds the signed ticket (`attendance.tickets.sign`), which the check-in page
verifies without the server. The PDF is one page of 90 × 160 mm, drawn with reportlab like the
certificates (calls/certificates.py): the Adobe CID font STSong-Light, which every PDF reader
has, so nothing is embedded and Chinese prints; every label in Chinese and in English.
"""

import io

import segno
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from yingcai.core.pdf import CJK_FONT, cjk_font


def _qr(code: str):
    return segno.make(code, error="m", micro=False)


def qr_svg(code: str, scale: int = 4) -> str:
    """The QR code as an SVG document (the page inlines it, the mail attaches it)."""
    out = io.BytesIO()
    _qr(code).save(out, kind="svg", scale=scale, border=4, xmldecl=False, svgns=True)
    return out.getvalue().decode()


def qr_png(code: str, scale: int = 8) -> bytes:
    out = io.BytesIO()
    _qr(code).save(out, kind="png", scale=scale, border=4)
    return out.getvalue()


def _both(text_of) -> tuple[str, str]:
    with translation.override("zh-hans"):
        zh = str(text_of())
    with translation.override("en"):
        en = str(text_of())
    return zh, en


def _field(obj, name: str) -> tuple[str, str]:
    zh = getattr(obj, f"{name}_zh_hans", "") or ""
    en = getattr(obj, f"{name}_en", "") or ""
    plain = getattr(obj, name, "") or ""
    return zh or en or plain, en or zh or plain


def lines(attendance) -> dict:
    """What the ticket says, in both languages."""
    session = attendance.session
    starts = timezone.localtime(session.starts_at)
    ends = timezone.localtime(session.ends_at)

    def when():
        return (
            f"{formats.date_format(starts, 'DATE_FORMAT')} "
            f"{formats.time_format(starts, 'H:i')}–{formats.time_format(ends, 'H:i')}"
        )

    return {
        "heading": _both(lambda: _("E-ticket")),
        "name": attendance.registration.name,
        "session": _field(session, "title"),
        "venue": _field(session.venue, "name"),
        "when": _both(when),
        "note": _both(lambda: _("Show this code at the gate. One entry per ticket.")),
    }


def pdf(attendance, code: str) -> bytes:
    # reportlab loads when a PDF is asked for, not in every web process.
    from reportlab.lib.units import mm  # noqa: PLC0415
    from reportlab.lib.utils import ImageReader  # noqa: PLC0415
    from reportlab.pdfbase import pdfmetrics  # noqa: PLC0415
    from reportlab.pdfgen import canvas  # noqa: PLC0415

    cjk_font()
    said = lines(attendance)
    width, height = 90 * mm, 160 * mm
    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=(width, height))
    page.setTitle(f"{said['heading'][0]} {said['heading'][1]} · {said['session'][0]}")
    page.setAuthor("Yingcai")
    page.setLineWidth(1.5)
    page.roundRect(4 * mm, 4 * mm, width - 8 * mm, height - 8 * mm, 4 * mm)
    room = width - 14 * mm

    def centred(text, y, size):
        text = str(text)[:200]
        while size > 6 and pdfmetrics.stringWidth(text, CJK_FONT, size) > room:
            size -= 0.5
        page.setFont(CJK_FONT, size)
        page.drawCentredString(width / 2, y, text)

    y = height - 16 * mm
    centred(f"{said['heading'][0]} · {said['heading'][1]}", y, 15)
    y -= 11 * mm
    centred(said["name"], y, 18)
    y -= 10 * mm
    for key, size in (("session", 12), ("venue", 10), ("when", 10)):
        zh, en = said[key]
        centred(zh, y, size)
        if en != zh:
            centred(en, y - 5 * mm, size - 2)
        y -= 11 * mm
    side = 62 * mm
    image = ImageReader(io.BytesIO(qr_png(code)))
    page.drawImage(image, (width - side) / 2, 18 * mm, side, side)
    centred(said["note"][0], 13 * mm, 7)
    centred(said["note"][1], 9 * mm, 7)
    page.showPage()
    page.save()
    return out.getvalue()
