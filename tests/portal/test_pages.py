import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.factories import NewsItemFactory
from yingcai.conference.models import SiteSettings
from yingcai.portal.models import Message, Report
from yingcai.privacy.models import CookieConsent


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize(
    "name",
    [
        "portal:home",
        "portal:news",
        "portal:about",
        "portal:contact",
        "portal:messages",
        "portal:report",
        "portal:report_lookup",
        "portal:sitemap",
    ],
)
def test_public_pages_render_in_both_languages(client, name, language):
    with translation.override(language):
        url = reverse(name)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Language"] == language


@pytest.mark.django_db
def test_root_redirects_chinese_browsers_to_chinese(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9")
    assert response.status_code == 302
    assert response["Location"] == "/zh-hans/"


@pytest.mark.django_db
def test_root_redirects_english_browsers_to_english(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert response["Location"] == "/en/"


@pytest.mark.django_db
def test_news_item_shows_the_language_of_the_page(client):
    item = NewsItemFactory(title_zh_hans="第二次新闻发布会", title_en="Second press conference")
    assert "第二次新闻发布会" in client.get(f"/zh-hans/news/{item.slug}/").content.decode()
    assert "Second press conference" in client.get(f"/en/news/{item.slug}/").content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/en/messages/",
        "/en/report/",
        "/en/privacy/cookie-choice/",
        "/en/accounts/login/",
        "/en/accounts/signup/",
        "/en/organisations/register/",
    ],
)
def test_posts_without_csrf_token_are_refused_clearly(url, talent):

    client = Client(enforce_csrf_checks=True)
    client.force_login(talent)
    response = client.post(url, {"name": "x", "email": "x@example.com", "choice": "all"})
    assert response.status_code == 403
    assert "security token" in response.content.decode()
    assert not Message.objects.exists()
    assert not Report.objects.exists()
    assert not CookieConsent.objects.exists()


@pytest.mark.django_db
def test_unknown_pages_answer_404_with_the_site_page(client):
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("browser", "page", "choice", "expected"),
    [
        ("en", "/zh-hans/about/", "en", "/en/about/"),
        ("zh-CN", "/en/news/", "zh-hans", "/zh-hans/news/"),
        ("zh-CN", "/zh-hans/report/", "en", "/en/report/"),
    ],
)
def test_language_switch_keeps_the_page_whatever_the_browser_prefers(
    client, browser, page, choice, expected
):
    response = client.post(
        "/i18n/setlang/", {"language": choice, "next": page}, HTTP_ACCEPT_LANGUAGE=browser
    )
    assert response.status_code == 302
    assert response.url == expected
    assert response.cookies["yingcai_language"].value == choice


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/zh-hans/accounts/login/", "/zh-hans/accounts/signup/", "/zh-hans/"]
)
def test_every_page_carries_the_site_name_and_filings(client, url):
    """allauth's pages put their own `site` in the context; ours must not be hidden by it."""

    SiteSettings.objects.update(icp_number="渝ICP备00000000号-1")
    page = client.get(url).content.decode()
    assert "<strong>英才大会</strong>" in page
    assert "渝ICP备00000000号-1" in page
