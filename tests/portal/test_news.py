import re
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from yingcai.portal import services

from ..factories import NewsItemFactory


def listed(page: str) -> list[str]:
    """The titles of the news list, in their order."""
    return re.findall(r'<h2><a href="/en/news/[^"]+/">([^<]+)</a></h2>', page)


@pytest.mark.django_db
def test_published_items_are_listed_newest_first_drafts_and_future_items_are_not(client, editor):
    now = timezone.now()
    NewsItemFactory(title_en="Opening ceremony", published_at=now - timedelta(days=2))
    shown = NewsItemFactory(
        title_en="Second press conference", published_at=now - timedelta(hours=1)
    )
    draft = NewsItemFactory(title_en="Draft", published_at=None)
    later = NewsItemFactory(title_en="Later", published_at=now + timedelta(days=1))
    page = client.get("/en/news/").content.decode()
    assert listed(page) == ["Second press conference", "Opening ceremony"]
    assert "No news yet." not in page
    detail = client.get(f"/en/news/{shown.slug}/")
    assert detail.status_code == 200 and "Second press conference" in detail.content.decode()
    assert client.get(f"/en/news/{draft.slug}/").status_code == 404
    assert client.get(f"/en/news/{later.slug}/").status_code == 404
    # An editor previews the draft; the list stays the public one.
    client.force_login(editor)
    assert "Draft" in client.get(f"/en/news/{draft.slug}/").content.decode()
    assert listed(client.get("/en/news/").content.decode()) == listed(page)


@pytest.mark.django_db
def test_an_empty_list_says_so(client):
    NewsItemFactory(title_en="Draft", published_at=None)
    page = client.get("/en/news/").content.decode()
    assert listed(page) == [] and "No news yet." in page


@pytest.mark.django_db
def test_news_list_has_bounded_queries_and_pages_of_ten(client, django_assert_max_num_queries):
    now = timezone.now()
    for i in range(25):
        NewsItemFactory(title_en=f"Item {i:02}", published_at=now - timedelta(minutes=i))
    with django_assert_max_num_queries(6):
        response = client.get("/en/news/")
    assert listed(response.content.decode()) == [f"Item {i:02}" for i in range(10)]
    last = client.get("/en/news/?page=3").content.decode()
    assert listed(last) == [f"Item {i:02}" for i in range(20, 25)]


@pytest.mark.django_db
@pytest.mark.parametrize("feed", ["rss", "atom"])
def test_feeds_carry_the_published_items_in_the_page_language(client, feed):
    NewsItemFactory(title_zh_hans="第二次新闻发布会", title_en="Second press conference")
    NewsItemFactory(title_en="Unpublished draft", published_at=None)
    english = client.get(f"/en/news/feed/{feed}/").content.decode()
    chinese = client.get(f"/zh-hans/news/feed/{feed}/").content.decode()
    assert "Second press conference" in english
    assert "第二次新闻发布会" in chinese
    assert "Unpublished draft" not in english


@pytest.mark.django_db
def test_english_falls_back_to_chinese_when_no_translation(client):
    item = NewsItemFactory(title_zh_hans="仅有中文", title_en="")
    assert "仅有中文" in client.get(f"/en/news/{item.slug}/").content.decode()


@pytest.mark.django_db
def test_markdown_body_is_sanitised(client):
    item = NewsItemFactory(body_en="**bold** <script>alert(1)</script> [x](javascript:alert(1))")
    page = client.get(f"/en/news/{item.slug}/").content.decode()
    assert "<strong>bold</strong>" in page
    assert "<script>alert(1)" not in page
    assert "javascript:alert" not in page


@pytest.mark.django_db
def test_publishing_is_an_editors_act(editor, talent):
    item = NewsItemFactory(published_at=None)
    with pytest.raises(PermissionDenied):
        services.publish_news_item(talent, item)
    services.publish_news_item(editor, item)
    item.refresh_from_db()
    assert item.is_published
