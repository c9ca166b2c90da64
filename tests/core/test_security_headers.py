"""Every kind of page carries the Content-Security-Policy and the Permissions-Policy, and no
page holds what a strict `script-src 'self'` would refuse (so the policy breaks nothing)."""

import re

import pytest

from ..factories import NewsItemFactory

PAGES = {
    "public page": ("/en/", None),
    "news": ("/en/news/", None),
    "statistics with charts": ("/en/statistics/", None),
    "form page": ("/en/messages/", None),
    "log-in (allauth)": ("/en/accounts/login/", None),
    "sign-up": ("/en/accounts/signup/", None),
    "talent's page": ("/en/me/", "talent"),
    "API tokens": ("/en/me/api-tokens/", "talent"),
    "two-factor set-up (allauth)": ("/en/accounts/2fa/totp/activate/", "talent"),
    "staff page": ("/en/orga/", "staff_admin"),
    "organisers' statistics": ("/en/orga/statistics/", "staff_admin"),
    "admin": ("/admin/", "staff_admin"),
    "admin list": ("/admin/accounts/user/", "staff_admin"),
    "admin form": ("/admin/portal/newsitem/add/", "staff_admin"),
    "API docs": ("/api/docs", None),
    "not found": ("/en/no-such-page/", None),
}


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {
        part.split()[0]: part.split()[1:] for part in (p.strip() for p in policy.split(";")) if part
    }


@pytest.mark.django_db
@pytest.mark.parametrize("kind", PAGES)
def test_every_page_kind_has_a_strict_policy_and_nothing_inline(client, request, kind):
    NewsItemFactory()
    path, who = PAGES[kind]
    if who:
        client.force_login(request.getfixturevalue(who))
    response = client.get(path, follow=True)
    assert response.status_code in (200, 404), (kind, response.status_code)
    policy = directives(response)
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src-elem"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    html = response.content.decode()
    for tag in re.findall(r"<script\b[^>]*>", html, re.I):
        # Only scripts from a file, or data that never runs (type="application/json").
        assert "src=" in tag or "application/json" in tag, (kind, tag)
    assert not re.search(r"<[a-z][^>]*\son[a-z]+\s*=", html, re.I), kind
    assert "javascript:" not in html.lower(), kind
    if not path.startswith("/admin/"):  # Django's change list has one cosmetic <style>
        assert "<style" not in html.lower(), kind


@pytest.mark.django_db
def test_htmx_does_not_inject_its_indicator_style(client):
    html = client.get("/en/").content.decode()
    assert '"includeIndicatorStyles": false' in html
    assert '"allowEval": false' in html
