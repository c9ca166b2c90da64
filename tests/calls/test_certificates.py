"""Certificates and awards: one per finalist, one per winner and award, revocation; the PDF
with its QR code; the public page that verifies a code; the call managers' page."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from yingcai.calls import certificates as documents
from yingcai.calls.models import AwardCategory, Certificate, StageEntry
from yingcai.calls.services import certificates as services
from yingcai.core.models import AuditEntry

from .factories import EntryFactory, contest_call

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


def url(name, *args, language="en"):
    with translation.override(language):
        return reverse(name, args=args)


@pytest.fixture
def final():
    """A contest's final with three finalists, a semi-finalist left out and a withdrawn one."""
    call = contest_call()
    stage = call.stages.get(slug="final")
    finalists = [EntryFactory(call=call) for _ in range(3)]
    for entry in finalists:
        StageEntry.objects.create(stage=stage, entry=entry)
    withdrawn = EntryFactory(call=call, status="withdrawn")
    StageEntry.objects.create(stage=stage, entry=withdrawn)
    StageEntry.objects.create(
        stage=call.stages.get(slug="semi-final"), entry=EntryFactory(call=call)
    )
    return stage, finalists


def test_each_finalist_gets_one_certificate_once(final, editor):
    stage, finalists = final
    issued = services.issue_certificates(editor, stage)
    assert {c.entry for c in issued} == set(finalists)
    assert services.issue_certificates(editor, stage) == []
    assert Certificate.objects.count() == 3
    assert all(c.award is None and len(c.code) == 12 for c in Certificate.objects.all())
    assert AuditEntry.objects.filter(action="calls.certificate_issued").count() == 3


def test_certificates_go_to_the_last_stage_only(final, editor):
    stage, _finalists = final
    with pytest.raises(ValidationError, match="last stage"):
        services.issue_certificates(editor, stage.call.stages.get(slug="semi-final"))


def test_awards_are_data_and_given_once_per_entry_and_award(final, editor):
    stage, finalists = final
    first = services.add_award_category(editor, stage.call, "一等奖", "First prize")
    popular = services.add_award_category(editor, stage.call, "最佳人气奖", "Audience award")
    assert [first.position, popular.position] == [0, 1]
    with pytest.raises(ValidationError, match="already has this award"):
        services.add_award_category(editor, stage.call, "一等奖", "First prize")
    with pytest.raises(ValidationError):
        services.add_award_category(editor, stage.call, "", " ")
    with pytest.raises(ValidationError, match="not allowed"):
        services.add_award_category(editor, stage.call, "奖\x00", "")
    won = services.award(editor, finalists[0], first)
    services.award(editor, finalists[0], popular)
    assert won.award == first
    with pytest.raises(ValidationError, match="already has this award"):
        services.award(editor, finalists[0], first)
    semi = StageEntry.objects.get(stage__slug="semi-final").entry
    with pytest.raises(ValidationError, match="Only a finalist"):
        services.award(editor, semi, first)
    other = AwardCategory.objects.create(call=contest_call(), slug="x", name="其他")
    with pytest.raises(ValidationError, match="not one of the call"):
        services.award(editor, finalists[1], other)
    assert Certificate.objects.count() == 2


def test_only_call_managers_issue_award_and_revoke(final, talent, moderator, editor):
    stage, finalists = final
    certificate = Certificate.objects.create(entry=finalists[0])
    category = AwardCategory.objects.create(call=stage.call, slug="a", name="一等奖")
    for person in (talent, moderator, finalists[0].project.team.get().user):
        with pytest.raises(PermissionDenied):
            services.issue_certificates(person, stage)
        with pytest.raises(PermissionDenied):
            services.award(person, finalists[0], category)
        with pytest.raises(PermissionDenied):
            services.revoke(person, certificate)
        with pytest.raises(PermissionDenied):
            services.add_award_category(person, stage.call, "奖", "")
    services.revoke(editor, certificate)
    with pytest.raises(ValidationError, match="already revoked"):
        services.revoke(editor, certificate)


def test_codes_are_normalised_as_typed():
    assert services.normalise_code("abcd-efgh 2345") == "ABCDEFGH2345"
    for bad in ("", "short", "ABCDEFGH234O", "x" * 100, "ABCDEFGH234\x00", None):
        assert services.normalise_code(bad) is None


def test_the_pdf_is_bilingual_with_a_qr_code_of_the_verify_url(final, editor):
    import zxingcpp  # noqa: PLC0415 - a dev dependency, for this test only

    stage, _finalists = final
    [certificate, *_] = services.issue_certificates(editor, stage)
    verify = f"https://yingcai.example.cn/en/certificates/{certificate.code}/"
    document = PdfReader(io.BytesIO(documents.pdf(certificate, verify)))
    text = document.pages[0].extract_text()
    project = certificate.entry.project
    assert "Certificate" in text and "Finalist" in text and certificate.code in text
    said = documents.lines(certificate)
    assert said["heading"] == ("证书", "Certificate")
    assert said["award"] == ("入围决赛", "Finalist")
    assert said["project"][0] == project.title_zh_hans
    [image] = document.pages[0].images
    [found] = zxingcpp.read_barcodes(image.image)
    assert found.text == verify


def test_the_team_downloads_its_certificates_others_cannot(client, final, editor, talent):
    stage, finalists = final
    services.issue_certificates(editor, stage)
    mine = Certificate.objects.get(entry=finalists[0])
    lead = finalists[0].project.team.get().user
    client.force_login(lead)
    page = client.get(url("certificates:mine")).content.decode()
    assert url("certificates:download", mine.pk) in page
    assert url("certificates:download", Certificate.objects.get(entry=finalists[1]).pk) not in page
    response = client.get(url("certificates:download", mine.pk))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    services.revoke(editor, mine)
    assert client.get(url("certificates:download", mine.pk)).status_code == 403
    client.force_login(talent)
    other = Certificate.objects.get(entry=finalists[1])
    assert client.get(url("certificates:download", other.pk)).status_code == 403
    assert client.get(url("certificates:download", 999999)).status_code == 404


def test_the_public_page_verifies_a_code(client, final, editor):
    stage, finalists = final
    services.issue_certificates(editor, stage)
    prize = services.add_award_category(editor, stage.call, "一等奖", "First prize")
    won = services.award(editor, finalists[1], prize)
    certificate = Certificate.objects.get(entry=finalists[0], award=None)
    page = client.get(url("certificates:verify", certificate.code)).content.decode()
    assert 'data-testid="verified"' in page and "Finalist" in page
    assert finalists[0].project.title_zh_hans in page
    page = client.get(url("certificates:verify", won.code, language="zh-hans")).content.decode()
    assert "一等奖" in page and finalists[1].project.title_zh_hans in page
    # Typed by hand, in lower case: the lookup form leads to the page.
    response = client.get(url("certificates:lookup"), {"code": won.code.lower()})
    assert response.url == url("certificates:verify", won.code)
    assert client.get(url("certificates:lookup"), {"code": "??"}).status_code == 400
    services.revoke(editor, certificate)
    page = client.get(url("certificates:verify", certificate.code)).content.decode()
    assert 'data-testid="revoked"' in page and 'data-testid="verified"' not in page


def test_a_guessed_code_answers_404_translated_then_429(client, final, settings):
    settings.PUBLIC_FORM_RATE = "2/h"
    _stage, finalists = final
    real = Certificate.objects.create(entry=finalists[0])
    response = client.get(url("certificates:verify", "ABCDEFGH2345", language="zh-hans"))
    assert response.status_code == 404
    assert "证书" in response.content.decode()
    assert client.get(url("certificates:verify", "x\x00y")).status_code in (400, 404)
    assert client.get(url("certificates:verify", "A" * 300)).status_code == 404
    assert client.get(url("certificates:verify", real.code)).status_code == 200
    response = client.get(url("certificates:verify", "ABCDEFGH2346"))
    assert response.status_code == 429 and int(response["Retry-After"]) >= 1
    # Past the limit, hits answer 429 too: guessing learns nothing.
    assert client.get(url("certificates:verify", real.code)).status_code == 429


def test_the_call_managers_page(client, final, editor, moderator, django_assert_max_num_queries):
    stage, finalists = final
    client.force_login(editor)
    call = stage.call
    assert client.get(url("orga_certificates:calls")).status_code == 200
    response = client.post(
        url("orga_certificates:add_category", call.pk),
        {"name_zh_hans": "一等奖", "name_en": "First prize"},
    )
    assert response.status_code == 302
    prize = AwardCategory.objects.get(call=call)
    assert client.post(url("orga_certificates:issue", call.pk)).status_code == 302
    assert Certificate.objects.count() == 3
    response = client.post(
        url("orga_certificates:award", finalists[2].pk), {f"e{finalists[2].pk}-award": prize.pk}
    )
    assert Certificate.objects.filter(award=prize).get().entry == finalists[2]
    client.post(url("orga_certificates:award", finalists[2].pk), {f"e{finalists[2].pk}-award": "x"})
    assert Certificate.objects.count() == 4
    revoked = Certificate.objects.filter(award=prize).get()
    client.post(url("orga_certificates:revoke", revoked.pk))
    revoked.refresh_from_db()
    assert revoked.revoked_at is not None
    with django_assert_max_num_queries(14):
        page = client.get(url("orga_certificates:call", call.pk)).content.decode()
    assert page.count('data-testid="finalist"') == 3
    response = client.post(
        url("orga_certificates:add_category", call.pk), {"name_zh_hans": "奖\x00"}
    )
    assert response.status_code == 400
    client.force_login(moderator)
    assert client.get(url("orga_certificates:call", call.pk)).status_code == 403
    assert client.post(url("orga_certificates:issue", call.pk)).status_code == 403
    assert timezone.now()
