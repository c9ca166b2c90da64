import re

from playwright.sync_api import expect

from yingcai.portal.models import Report


def test_file_a_report_and_follow_it_up_by_tracking_number(page):
    page.goto("/en/report/")
    page.select_option("#id_category", "fraud")
    page.fill("#id_url", "https://example.com/jobs/42")
    page.fill("#id_description", "A job advertisement asks applicants for a deposit.")
    page.get_by_role("button", name="Submit the report").click()

    expect(page).to_have_url(re.compile(r"/en/report/received/$"))
    number = page.get_by_test_id("tracking-number").inner_text().strip()
    assert re.fullmatch(r"JB\d{8}-[2-9A-Z]{5}-[2-9A-Z]{5}", number)
    report = Report.objects.get(tracking_number=number)
    assert (report.category, report.status, report.language) == ("fraud", "received", "en")

    page.goto("/en/report/track/")
    # Read out over the telephone and typed back: case and stray spaces must not matter.
    page.fill("#id_tracking_number", f"  {number.lower()} ")
    page.get_by_role("button", name="Look up").click()

    status = page.get_by_test_id("report-status")
    expect(status).to_contain_text(number)
    expect(status.locator(".badge")).to_have_text("received")
    expect(status).to_contain_text("fraud, including false job advertisements")


def test_an_unknown_tracking_number_is_explained(page):
    page.goto("/en/report/track/")
    page.fill("#id_tracking_number", "JB20200101-AAAAA-BBBBB")
    page.get_by_role("button", name="Look up").click()

    expect(page.get_by_role("alert")).to_contain_text(
        "No report has this tracking number. Check it and try again."
    )
    expect(page.get_by_test_id("report-status")).to_have_count(0)
