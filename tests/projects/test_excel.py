"""Demands in Excel: the template, the all-or-nothing import with row errors, the export."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from yingcai.core.models import AuditEntry
from yingcai.core.spreadsheets import XLSX
from yingcai.projects import excel
from yingcai.projects.models import Demand
from yingcai.projects.services import demands as services

from ..factories import DemandFactory
from .factories import district, field, member_of

pytestmark = pytest.mark.django_db
HEADINGS = [c.heading for c in excel.COLUMNS]


def row(**values):
    base = {
        "title_zh_hans": "新能源电池材料投资",
        "description_zh_hans": "关注正极材料。",
        "fields": "electronic-information, 生物医药",
        "industries": "new-energy",
        "districts": "两江新区、yubei",
        "stages": "prototype, revenue",
        "ticket_min": 1_000_000,
        "ticket_max": 30_000_000,
        "currency": "USD",
        "contact_name": "李经理",
    }
    base.update(values)
    return [base.get(c.key) for c in excel.COLUMNS]


def xlsx(rows, headings=HEADINGS) -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.append(headings)
    for values in rows:
        sheet.append(values)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("demands.xlsx", buffer.getvalue(), content_type=XLSX)


def import_url(organisation):
    return reverse("org_demands:import", args=[organisation.pk])


def test_the_template_has_both_languages_valid_values_and_an_example(client):
    user, organisation = member_of("investor", role="viewer")
    client.force_login(user)
    response = client.get(reverse("org_demands:template", args=[organisation.pk]))
    assert response["Content-Type"] == XLSX
    book = load_workbook(io.BytesIO(response.content))
    sheet = book.worksheets[0]
    assert [c.value for c in sheet[1]] == HEADINGS
    assert sheet["A2"].value == excel.EXAMPLE_TITLE
    values = [c.value for row in book.worksheets[1].iter_rows() for c in row if c.value]
    assert "两江新区" in values and "prototype" in values and "新能源" in values


def test_an_investors_rows_import_as_drafts(client):
    user, organisation = member_of("investor")
    client.force_login(user)
    upload = xlsx([row(), row(title_zh_hans="第二条", stages="", ticket_min=None)])
    response = client.post(import_url(organisation), {"file": upload})
    assert response.status_code == 302
    first, second = Demand.objects.order_by("id")
    assert (first.kind, first.status, first.currency) == ("investment", "draft", "USD")
    assert first.stages == ",prototype,revenue,"
    assert {f.slug for f in first.fields.all()} == {"electronic-information", "biomedicine"}
    assert {d.slug for d in first.districts.all()} == {"liangjiang", "yubei"}
    assert "电池" in first.search_document
    assert second.ticket_min is None and second.stages == ""
    assert AuditEntry.objects.filter(action="demand.created").count() == 2


@pytest.mark.parametrize(
    ("values", "words"),
    [
        ({"ticket_min": -5}, "投资金额下限"),
        ({"ticket_min": 50, "ticket_max": 5}, "投资金额上限"),
        ({"currency": "EUR"}, "币种"),
        ({"districts": "火星"}, "火星"),
        ({"stages": "种子轮"}, "种子轮"),
        ({"fields": ""}, "学科领域"),
        ({"title_zh_hans": "长" * 121}, "需求名称"),
        ({"offers_zh_hans": "厂房"}, "可提供的条件"),  # not an investor's column
        ({"ticket_min": "很多"}, "投资金额下限"),
    ],
)
def test_one_bad_row_and_nothing_is_imported(client, values, words):
    user, organisation = member_of("investor")
    client.force_login(user)
    upload = xlsx([row(), row(**values)])
    response = client.post(import_url(organisation), {"file": upload})
    assert response.status_code == 400
    assert not Demand.objects.exists()
    errors = response.context["result"].errors
    assert [e.row for e in errors] == [3]
    assert any(words in message for message in errors[0].messages)


def test_a_park_must_say_what_it_offers_and_where(client):
    user, organisation = member_of("industrial_park")
    client.force_login(user)
    park_row = row(stages="", ticket_min=None, ticket_max=None, currency="", districts="")
    response = client.post(import_url(organisation), {"file": xlsx([park_row])})
    assert response.status_code == 400
    messages = " ".join(response.context["result"].errors[0].messages)
    assert "可提供的条件" in messages and "区县" in messages
    good = row(stages="", ticket_min=None, ticket_max=None, currency="", offers_zh_hans="三年免租")
    assert client.post(import_url(organisation), {"file": xlsx([good])}).status_code == 302
    assert Demand.objects.get().kind == "industries"


def test_the_service_checks_the_rows_again():
    """What a row's form lets through, the service still refuses, row by row, saving none."""
    user, organisation = member_of("enterprise")
    good = (Demand(title_zh_hans="好", description_zh_hans="说明"), {"fields": [field()]})
    bad = (
        Demand(title_zh_hans="坏", description_zh_hans="说明", ticket_min=5),
        {"fields": [field()]},
    )
    with pytest.raises(services.DemandsInvalid) as refused:
        services.create_demands(user, organisation, [good, bad])
    assert [index for index, _error in refused.value.problems] == [1]
    assert not Demand.objects.exists()
    many = [good] * (services.MAX_BULK + 1)
    with pytest.raises(Exception, match="2000"):
        services.create_demands(user, organisation, many)


def test_bad_files_and_wrong_roles_are_refused(client):
    user, organisation = member_of("investor")
    client.force_login(user)
    text = SimpleUploadedFile("demands.xlsx", b"not a workbook", content_type=XLSX)
    response = client.post(import_url(organisation), {"file": text})
    assert response.status_code == 400 and "file" in response.context["form"].errors
    empty = xlsx([])
    assert client.post(import_url(organisation), {"file": empty}).status_code == 400
    viewer, same = member_of("investor", role="viewer")
    client.force_login(viewer)
    assert client.post(import_url(same), {"file": xlsx([row()])}).status_code == 403
    assert not Demand.objects.exists()


def test_the_export_opens_and_imports_again(client):
    user, organisation = member_of("investor")
    DemandFactory(
        organisation=organisation,
        title_en="Battery materials",
        districts=[district("yubei")],
        fields=[field("biomedicine")],
    )
    client.force_login(user)
    response = client.get(reverse("org_demands:export", args=[organisation.pk]))
    assert response["Content-Type"] == XLSX
    book = load_workbook(io.BytesIO(response.content))
    sheet = book.worksheets[0]
    headings = [c.value for c in sheet[1]]
    values = [c.value for c in sheet[2]]
    assert "Battery materials" in values and "渝北区" in values and "生物医药" in values
    # The exported file imports again, as new drafts.
    again = SimpleUploadedFile("again.xlsx", response.content, content_type=XLSX)
    assert client.post(import_url(organisation), {"file": again}).status_code == 302
    assert Demand.objects.filter(status="draft").count() == 1
    assert headings[0] == "编号 / Number"


def test_exports_are_for_members_only(client, talent):
    _user, organisation = member_of("investor")
    client.force_login(talent)
    assert client.get(reverse("org_demands:export", args=[organisation.pk])).status_code == 403
    assert client.get(reverse("org_demands:template", args=[organisation.pk])).status_code == 403
