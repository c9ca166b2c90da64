import re

from playwright.sync_api import expect


def switch_to(page, language_name):
    page.get_by_test_id("language-switcher").get_by_role("button", name=language_name).click()


def test_switch_to_english_and_back(new_context):
    # Most visitors browse in Chinese; the English-browser case is the next test.
    page = new_context(locale="zh-CN").new_page()
    page.goto("/zh-hans/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")

    switch_to(page, "English")

    expect(page).to_have_url(re.compile(r"/en/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator(".brand")).to_have_text("Talents Conference")
    expect(page.get_by_role("heading", level=2).first).to_have_text("News and announcements")
    # The choice outweighs the browser's preference: the bare address now leads to English.
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/en/$"))

    # Back from a deeper page, which must stay the same page in the other language. Its
    # title is edited by the organisers in both languages.
    page.goto("/en/about/")
    expect(page.get_by_role("heading", level=1)).to_have_text("About us")
    switch_to(page, "简体中文")

    expect(page).to_have_url(re.compile(r"/zh-hans/about/$"))
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    expect(page.get_by_role("heading", level=1)).to_have_text("关于我们")
    expect(page.get_by_test_id("language-switcher")).to_have_text("English")
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/zh-hans/$"))


def test_switch_language_from_a_page_in_the_language_the_browser_does_not_prefer(new_context):
    # Someone with an English browser who followed a link to the Chinese site.
    page = new_context(locale="en-US").new_page()
    page.goto("/zh-hans/about/")

    # Plain assertions once the redirected page has loaded: an expected failure need not
    # wait out the timeout of expect().
    with page.expect_event("load"):
        switch_to(page, "English")

    assert page.url.endswith("/en/about/")
    assert page.get_by_role("heading", level=1).inner_text() == "About us"


def test_the_chinese_site_shows_its_chinese_name(page):
    page.goto("/zh-hans/")

    expect(page).to_have_title("英才大会")
    expect(page.locator(".brand")).to_have_text("英才大会")
    page.goto("/en/")
    expect(page).to_have_title("Talents Conference")
