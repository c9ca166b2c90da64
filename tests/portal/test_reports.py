import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from yingcai.portal import services
from yingcai.portal.models import Report

from ..factories import ReportFactory

URL = "/en/report/"


def data(**overrides):
    values = {
        "category": "fraud",
        "url": "https://example.com/jobs/42",
        "description": "This job asks applicants to pay a fee.",
        "evidence_url": "",
        "reporter_name": "",
        "reporter_email": "",
        "reporter_phone": "",
    }
    values.update(overrides)
    return values


@pytest.mark.django_db
def test_anonymous_report_gets_a_tracking_number(client):
    response = client.post(URL, data())
    assert response.status_code == 302
    report = Report.objects.get()
    assert re.fullmatch(r"JB\d{8}-[2-9A-Z]{5}-[2-9A-Z]{5}", report.tracking_number)
    page = client.get(response.url).content.decode()
    assert report.tracking_number in page


@pytest.mark.django_db
def test_lookup_shows_status_and_answer(client, moderator):
    report = ReportFactory()
    services.handle_report(moderator, report, "resolved", "The advertisement was removed.", "ok")
    response = client.get("/en/report/track/", {"tracking_number": report.tracking_number.lower()})
    page = response.content.decode()
    assert response.status_code == 200
    assert "The advertisement was removed." in page
    assert "handled" in page
    assert "ok" not in re.sub(r"<[^>]+>", " ", page).split()  # the internal note stays inside


@pytest.mark.django_db
@pytest.mark.parametrize("number", ["JB20200101-AAAAA-AAAAA", "x" * 500, "<script>"])
def test_unknown_tracking_number_gets_a_message(client, number):
    response = client.get("/en/report/track/", {"tracking_number": number})
    assert response.status_code in (400, 404)
    page = response.content.decode()
    assert "No report has this tracking number" in page or "at most 40 characters" in page
    assert "<script>" not in page.split("</head>")[1].split('name="tracking_number"')[0]


@pytest.mark.django_db
def test_unknown_tracking_number_message_in_chinese(client):
    response = client.get("/zh-hans/report/track/", {"tracking_number": "JB20200101-AAAAA-AAAAA"})
    assert "未找到该受理编号对应的举报" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "text"),
    [
        ({"category": ""}, "This field is required"),
        ({"category": "nonsense"}, "Select a valid choice"),
        ({"evidence_url": "not a link"}, "Enter a valid URL"),
        ({"reporter_email": "x@"}, "Enter a valid email address"),
        ({"url": "u" * 501}, "at most 500 characters"),
    ],
)
def test_bad_reports_are_refused(client, overrides, text):
    response = client.post(URL, data(**overrides))
    assert response.status_code == 400
    assert text in response.content.decode()
    assert not Report.objects.exists()


@pytest.mark.django_db
def test_reporter_is_mailed_on_receipt_and_on_change(
    client, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, data(reporter_email="me@example.com"))
    report = Report.objects.get()
    assert report.tracking_number in mailoutbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        services.handle_report(moderator, report, "processing")
    assert len(mailoutbox) == 2


@pytest.mark.django_db
def test_closing_needs_an_answer(moderator):

    report = ReportFactory()
    with pytest.raises(ValidationError):
        services.handle_report(moderator, report, "resolved", "  ")


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["talent", "owner", "editor", "verifier", "plain_staff"])
def test_only_moderators_handle_reports(request, who):

    report = ReportFactory()
    with pytest.raises(PermissionDenied):
        services.handle_report(request.getfixturevalue(who), report, "processing")


@pytest.mark.django_db
def test_one_address_cannot_flood_the_report_queue(client, settings):
    settings.PUBLIC_FORM_RATE = "2/h"
    for _ in range(2):
        assert client.post(URL, data()).status_code == 302
    response = client.post(URL, data())
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 3600
    assert "Too many reports" in response.content.decode()
    assert Report.objects.count() == 2
