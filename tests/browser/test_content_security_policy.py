"""The strict Content-Security-Policy breaks nothing a visitor uses: HTMX, the charts and the
API's documentation run without a single refusal in the browser's console."""


def test_pages_run_without_policy_violations(page):
    refused = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    for path in ("/en/", "/en/statistics/", "/en/accounts/login/", "/api/docs"):
        page.goto(path)
        page.wait_for_load_state("networkidle")
    assert refused == []
    assert page.locator(".swagger-ui").count() > 0  # the docs drew themselves
