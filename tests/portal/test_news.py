from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from yingcai.portal import services

from ..factories import NewsItemFactory


@pytest.mark.django_db
def test_drafts_and_future_items_stay_hidden(client, editor):
    draft = NewsItemFactory(title_en="Draft", published_at=None)
    later = NewsItemFactory(title_en="Later", published_at=timezone.now() + timedelta(days=1))
    page = client.get("/en/news/").content.decode()
    assert "Draft" not in page and "Later" not in page
    assert client.get(f"/en/news/{draft.slug}/").status_code == 404
    assert client.get(f"/en/news/{later.slug}/").status_code == 404
    client.force_login(editor)
    assert client.get(f"/en/news/{draft.slug}/").status_code == 200


@pytest.mark.django_db
def test_news_list_has_bounded_queries(client, django_assert_max_num_queries):
    NewsItemFactory.create_batch(25)
    with django_assert_max_num_queries(6):
        response = client.get("/en/news/")
    assert response.status_code == 200


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
