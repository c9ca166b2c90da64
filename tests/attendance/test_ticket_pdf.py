"""The wallet-style ticket PDF: one phone-sized page, both languages, a QR code that a scanner
reads back as the signed ticket."""

import io

import pytest
from pypdf import PdfReader

from yingcai.attendance import ticket_pdf, tickets
from yingcai.attendance.services import registration as services

from .factories import SessionFactory, ticket_code

pytestmark = pytest.mark.django_db


def test_the_pdf_holds_the_signed_ticket(client):
    import zxingcpp  # noqa: PLC0415 - a dev dependency, for this test only

    forum = SessionFactory(title_zh_hans="青年英才论坛", title_en="Young Talents Forum")
    registration = services.register(
        conference=forum.conference, name="王小明", contact="13800138000", kind="talent",
        language="en", choices=[(forum, "onsite")], privacy_statement=True,
    )  # fmt: skip
    attendance = registration.attendances.get()
    response = client.get(f"/en/agenda/me/{registration.key}/tickets/{attendance.pk}.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    document = PdfReader(io.BytesIO(response.content))
    assert len(document.pages) == 1
    box = document.pages[0].mediabox
    assert float(box.width) < float(box.height) < 500
    text = document.pages[0].extract_text()
    assert "Young Talents Forum" in text and "E-ticket" in text
    said = ticket_pdf.lines(attendance)
    assert said["heading"] == ("电子票", "E-ticket")
    assert said["session"] == ("青年英才论坛", "Young Talents Forum")
    [image] = document.pages[0].images
    [found] = zxingcpp.read_barcodes(image.image)
    assert found.text == ticket_code(attendance)
    assert tickets.verify(found.text).secret == attendance.ticket


def test_the_page_svg_decodes_to_the_ticket():
    import zxingcpp  # noqa: PLC0415
    from PIL import Image  # noqa: PLC0415

    code = tickets.sign("secret", 7, __import__("datetime").date(2026, 6, 1))
    png = ticket_pdf.qr_png(code)
    [found] = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
    assert found.text == code
    svg = ticket_pdf.qr_svg(code)
    assert svg.startswith("<svg") and "<?xml" not in svg
