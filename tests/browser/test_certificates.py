"""A certificate's QR code verifies it (issue 14): the organiser issues the finalists'
certificates, the team downloads its PDF, the QR code read from the PDF's page leads to the
public page, which says "verified" — at desktop and phone width, in Chinese and English.

The QR code is decoded from the image in the downloaded PDF (pypdf takes the image out,
zxing-cpp reads it), never regenerated from what the test expects.
"""

import io
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
import zxingcpp
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.calls.factories import EntryFactory, contest_call
from tests.factories import PASSWORD, ProjectFactory, StaffFactory, UserFactory
from yingcai.calls.models import Certificate, StageEntry
from yingcai.core.rules import STAFF_EDITOR

PHONE = {"width": 390, "height": 844}


@dataclass(frozen=True)
class Variant:
    language: str
    phone: bool


VARIANTS = [
    pytest.param(Variant("zh-hans", phone=False), id="desktop-zh"),
    pytest.param(Variant("en", phone=False), id="desktop-en"),
    pytest.param(Variant("zh-hans", phone=True), id="phone-zh"),
    pytest.param(Variant("en", phone=True), id="phone-en"),
]


@pytest.fixture(params=VARIANTS)
def variant(request) -> Variant:
    return request.param


def url(language, name, *args) -> str:
    with translation.override(language):
        return reverse(name, args=args)


def opened(new_context, variant, user=None):
    phone = {"viewport": PHONE, "device_scale_factor": 3, "is_mobile": True, "has_touch": True}
    context = new_context(accept_downloads=True, **(phone if variant.phone else {}))
    page = context.new_page()
    if user is not None:
        page.goto("/en/accounts/login/")
        page.fill("#id_login", user.email)
        page.fill("#id_password", PASSWORD)
        page.locator("main").get_by_role("button", name="Log in").click()
        expect(page.get_by_role("button", name="Log out", include_hidden=True)).to_be_attached()
    return page


def fits(page, variant):
    if not variant.phone:
        return
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths == [PHONE["width"], PHONE["width"]], page.url


def test_a_certificates_qr_code_verifies_it(new_context, variant, live_server):
    language = variant.language
    call = contest_call(title_en="Talents Cup")
    final = call.stages.get(slug="final")
    lead = UserFactory(language=language)
    project = ProjectFactory(title="车规级碳化硅功率芯片", title_en="SiC power chips", lead=lead)
    entry = EntryFactory(call=call, project=project)
    StageEntry.objects.create(stage=final, entry=entry)
    editor = StaffFactory(roles=[STAFF_EDITOR])

    # The organiser issues the finalists' certificates.
    orga = opened(new_context, variant, editor)
    orga.goto(url(language, "orga_certificates:call", call.pk))
    orga.get_by_test_id("issue").click()
    expect(orga.get_by_test_id("finalist")).to_contain_text(
        Certificate.objects.get(entry=entry).code
    )
    certificate = Certificate.objects.get(entry=entry)

    # The team downloads its certificate from "My certificates".
    team = opened(new_context, variant, lead)
    team.goto(url(language, "certificates:mine"))
    fits(team, variant)
    with team.expect_download() as download:
        team.get_by_test_id("download").click()
    pdf = PdfReader(io.BytesIO(Path(download.value.path()).read_bytes()))
    [image] = pdf.pages[0].images
    [found] = zxingcpp.read_barcodes(image.image)
    assert found.text == live_server.url + url(language, "certificates:verify", certificate.code)
    assert "SiC power chips" in pdf.pages[0].extract_text()

    # Anybody who scans it opens the public page: verified.
    scanner = opened(new_context, variant)
    response = scanner.goto(found.text)
    assert response.status == 200
    expect(scanner.get_by_test_id("verified")).to_have_text(
        "验证通过" if language == "zh-hans" else "Verified"
    )
    expect(scanner.get_by_test_id("certificate")).to_contain_text(
        "车规级碳化硅功率芯片" if language == "zh-hans" else "SiC power chips"
    )
    expect(scanner.get_by_test_id("award")).to_have_text(
        "入围决赛" if language == "zh-hans" else "Finalist"
    )
    fits(scanner, variant)

    # A guessed code answers the translated "not found".
    response = scanner.goto(url(language, "certificates:verify", "ABCDEFGH2345"))
    assert response.status == 404
    expect(scanner.get_by_test_id("not-found")).to_have_text(
        "未找到证书" if language == "zh-hans" else "Certificate not found"
    )
    expect(scanner).to_have_url(re.compile(r"/certificates/ABCDEFGH2345/$"))
