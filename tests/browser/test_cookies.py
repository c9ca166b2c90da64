import re

from playwright.sync_api import expect

from yingcai.privacy.models import CookieConsent, LegalDocument


def choice_cookie(context):
    return next((c["value"] for c in context.cookies() if c["name"] == "yingcai_cookies"), None)


def test_the_cookie_notice_is_answered_without_a_reload(first_visit):
    page = first_visit
    page.goto("/en/news/")
    notice = page.locator("#cookie-notice")
    expect(notice).to_be_visible()
    # A full reload would run this page's scripts again and lose the marker.
    page.evaluate("window.stillTheSameDocument = true")

    notice.get_by_role("button", name="OK", exact=True).click()

    expect(notice).to_have_count(0)
    assert page.evaluate("window.stillTheSameDocument") is True
    expect(page).to_have_url(re.compile(r"/en/news/$"))
    consent = CookieConsent.objects.get()
    assert consent.choice == CookieConsent.Choice.NECESSARY
    assert consent.policy == LegalDocument.objects.get(kind="cookies", version=1)
    assert choice_cookie(page.context) == f"necessary:{consent.pk}"

    page.get_by_role("link", name="Leave a message").first.click()
    expect(page).to_have_url(re.compile(r"/en/messages/$"))
    expect(page.locator("#cookie-notice")).to_have_count(0)


def test_accept_only_the_necessary_cookies(first_visit):
    page = first_visit
    page.goto("/en/")

    page.locator("#cookie-notice").get_by_role("button", name="OK", exact=True).click()

    expect(page.locator("#cookie-notice")).to_have_count(0)
    consent = CookieConsent.objects.get()
    assert consent.choice == CookieConsent.Choice.NECESSARY
    assert choice_cookie(page.context) == f"necessary:{consent.pk}"
    page.goto("/zh-hans/")
    expect(page.locator("#cookie-notice")).to_have_count(0)


def test_the_cookie_notice_works_without_javascript(new_context):
    page = new_context(cookie_choice=None, java_script_enabled=False).new_page()
    page.goto("/en/report/track/")

    page.locator("#cookie-notice").get_by_role("button", name="OK", exact=True).click()

    # A plain form post, answered by a redirect back to the page the visitor was on.
    expect(page).to_have_url(re.compile(r"/en/report/track/$"))
    expect(page.locator("#cookie-notice")).to_have_count(0)
    assert CookieConsent.objects.get().choice == CookieConsent.Choice.NECESSARY
    assert choice_cookie(page.context).startswith("necessary:")
