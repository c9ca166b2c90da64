"""Badges to print: A6 cards, four on an A4 sheet, in Chinese and English.

- Participants on site of a session (confirmed, with a ticket): name, kind, the session and the
  QR code of their ticket, which the gates scan like the one on the phone.
- Guests who attend on site: name, public title, category and seat.

Chinese is set in STSong-Light, which every PDF reader has (as calls/certificates.py does), so
nothing is embedded. The QR code is drawn as vector squares (no image to encode).
"""

import io

import segno
from django.utils import timezone, translation
from django.utils.translation import pgettext_lazy

from yingcai.core.pdf import CJK_FONT, cjk_font

from . import tickets
from .models import Attendance, Registration, Session

# Far more than a hall holds; a larger list is printed in parts (?part is not needed so far).
MAX_BADGES = 5000


def _both(label) -> tuple[str, str]:
    """A lazily translated label in Chinese and in English."""
    with translation.override("zh-hans"):
        zh = str(label)
    with translation.override("en"):
        en = str(label)
    return zh, en


def _bilingual(obj, field) -> tuple[str, str]:
    zh = getattr(obj, f"{field}_zh_hans", None) or getattr(obj, field, "")
    en = getattr(obj, f"{field}_en", None) or zh
    return zh or "", en or ""


def _setup():
    # reportlab loads when a PDF is asked for, not in every web process.
    from reportlab.pdfbase import pdfmetrics  # noqa: PLC0415

    cjk_font()
    return pdfmetrics


class _Sheet:
    """A6 cards on A4 sheets, two by two, with cutting marks."""

    def __init__(self, title: str):
        from reportlab.lib.pagesizes import A4, A6  # noqa: PLC0415
        from reportlab.pdfgen import canvas  # noqa: PLC0415

        self.metrics = _setup()
        self.out = io.BytesIO()
        self.page = canvas.Canvas(self.out, pagesize=A4)
        self.page.setTitle(title)
        self.page.setAuthor("Yingcai")
        self.width, self.height = A4
        self.card_w, self.card_h = A6
        self.count = 0

    def origin(self) -> tuple[float, float]:
        if self.count and self.count % 4 == 0:
            self.page.showPage()
        place = self.count % 4
        self.count += 1
        column, row = place % 2, place // 2
        x = column * self.card_w
        y = self.height - (row + 1) * self.card_h
        self.page.setLineWidth(0.3)
        self.page.setDash(2, 3)
        self.page.rect(x, y, self.card_w, self.card_h)
        self.page.setDash()
        return x, y

    def text(self, x, y, text, size, room, centred=True):
        text = (text or "")[:200]
        while size > 6 and self.metrics.stringWidth(text, CJK_FONT, size) > room:
            size -= 0.5
        self.page.setFont(CJK_FONT, size)
        if centred:
            self.page.drawCentredString(x, y, text)
        else:
            self.page.drawString(x, y, text)

    def qr(self, data: str, x, y, size):
        matrix = list(segno.make(data, error="m", micro=False).matrix)
        cells = len(matrix)
        cell = size / cells
        path = self.page.beginPath()
        for r, line in enumerate(matrix):
            for c, dark in enumerate(line):
                if dark:
                    path.rect(x + c * cell, y + size - (r + 1) * cell, cell, cell)
        self.page.drawPath(path, stroke=0, fill=1)

    def done(self) -> bytes:
        if not self.count:
            self.page.setFont(CJK_FONT, 14)
            self.page.drawCentredString(self.width / 2, self.height / 2, "—")
        self.page.showPage()
        self.page.save()
        return self.out.getvalue()


def _heading(sheet, x, y, conference_name):
    from reportlab.lib.units import mm  # noqa: PLC0415

    sheet.text(x + sheet.card_w / 2, y + sheet.card_h - 12 * mm, conference_name, 11, 90 * mm)


def participant_badges(session: Session) -> bytes:
    from reportlab.lib.units import mm  # noqa: PLC0415

    attendances = (
        Attendance.objects.filter(
            session=session,
            mode=Attendance.Mode.ONSITE,
            status=Attendance.Status.CONFIRMED,
            ticket__isnull=False,
        )
        .select_related("registration")
        .order_by("registration__name", "pk")[:MAX_BADGES]
    )
    day = timezone.localdate(session.starts_at)
    kinds = {value: _both(label) for value, label in Registration.Kind.choices}
    title_zh, title_en = _bilingual(session, "title")
    sheet = _Sheet(f"{title_zh} {title_en}")
    conference = str(session.conference)
    room = sheet.card_w - 16 * mm
    for attendance in attendances:
        x, y = sheet.origin()
        middle = x + sheet.card_w / 2
        _heading(sheet, x, y, conference)
        sheet.text(middle, y + sheet.card_h - 30 * mm, attendance.registration.name, 24, room)
        zh, en = kinds.get(attendance.registration.kind, ("", ""))
        sheet.text(middle, y + sheet.card_h - 40 * mm, f"{zh} · {en}", 11, room)
        sheet.text(middle, y + sheet.card_h - 50 * mm, title_zh, 10, room)
        sheet.text(middle, y + sheet.card_h - 56 * mm, title_en, 9, room)
        size = 50 * mm
        sheet.qr(
            tickets.sign(attendance.ticket, session.pk, day),
            middle - size / 2,
            y + 10 * mm,
            size,
        )
        sheet.text(middle, y + 6 * mm, f"{day:%Y-%m-%d}", 8, room)
    return sheet.done()


def guest_badges(guests) -> bytes:
    from reportlab.lib.units import mm  # noqa: PLC0415

    from yingcai.guests.models import Guest  # noqa: PLC0415

    categories = {value: _both(label) for value, label in Guest.Category.choices}
    seat_zh, seat_en = _both(pgettext_lazy("badge", "Seat"))
    guest_zh, guest_en = _both(pgettext_lazy("badge", "Guest"))
    sheet = _Sheet(f"{guest_zh} {guest_en}")
    room = sheet.card_w - 16 * mm
    for guest in guests.select_related("conference").order_by("name", "pk")[:MAX_BADGES]:
        x, y = sheet.origin()
        middle = x + sheet.card_w / 2
        _heading(sheet, x, y, str(guest.conference))
        sheet.text(middle, y + sheet.card_h - 24 * mm, f"{guest_zh} · {guest_en}", 12, room)
        name_zh, name_en = _bilingual(guest, "name")
        sheet.text(middle, y + sheet.card_h - 46 * mm, name_zh, 28, room)
        if name_en != name_zh:
            sheet.text(middle, y + sheet.card_h - 54 * mm, name_en, 14, room)
        title_zh, title_en = _bilingual(guest, "public_title")
        sheet.text(middle, y + sheet.card_h - 64 * mm, title_zh, 11, room)
        if title_en != title_zh:
            sheet.text(middle, y + sheet.card_h - 71 * mm, title_en, 10, room)
        zh, en = categories.get(guest.category, ("", ""))
        sheet.text(middle, y + sheet.card_h - 84 * mm, f"{zh} · {en}", 11, room)
        if guest.seat:
            sheet.text(middle, y + 16 * mm, f"{seat_zh} {seat_en}: {guest.seat}", 16, room)
    return sheet.done()
