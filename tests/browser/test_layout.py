from playwright.sync_api import expect

PHONE = {"width": 390, "height": 844}


def test_the_home_page_fits_a_phone_screen(new_context):
    context = new_context(viewport=PHONE, device_scale_factor=3, is_mobile=True, has_touch=True)
    page = context.new_page()
    # goto() returns after the load event, when the style sheets have been applied.
    page.goto("/en/")

    # A phone browser zooms out to fit wide content, so compare against the layout
    # viewport (clientWidth), not window.innerWidth, which grows along with the page.
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths == [PHONE["width"], PHONE["width"]]
    # The menu is folded behind its button; opened, every entry is on the screen.
    banner = page.get_by_role("banner")
    expect(banner.get_by_text("Log in", exact=True)).to_be_hidden()
    banner.get_by_text("Menu", exact=True).click()
    for name in ("Log in", "Sign up", "简体中文"):
        box = page.get_by_role("banner").get_by_text(name, exact=True).bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], name


def test_the_home_page_loads_all_its_styles_and_scripts(page):
    failed = []

    def check(response):
        if response.request.resource_type in ("stylesheet", "script") and not response.ok:
            failed.append(f"{response.status} {response.url}")

    page.on("response", check)
    page.goto("/en/")

    assert failed == []
