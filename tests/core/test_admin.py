"""The back office: every model's list, search and filters answer, for the right staff only."""

import pytest
from django.contrib import admin
from django.urls import reverse

from yingcai.core.models import AuditEntry
from yingcai.portal.models import NewsItem

from ..factories import MessageFactory, NewsItemFactory, ReportFactory

MODELS = [(model._meta.app_label, model._meta.model_name) for model in admin.site._registry]


@pytest.mark.django_db
@pytest.mark.parametrize(("app", "model"), MODELS)
def test_every_admin_list_searches_and_filters(client, staff_admin, organisation, app, model):
    NewsItemFactory()
    MessageFactory()
    ReportFactory()
    client.force_login(staff_admin)
    url = reverse(f"admin:{app}_{model}_changelist")
    response = client.get(url)
    assert response.status_code == 200, url
    model_admin = next(
        a
        for m, a in admin.site._registry.items()
        if (m._meta.app_label, m._meta.model_name) == (app, model)
    )
    assert model_admin.search_fields, f"{app}.{model} has no search"
    assert model_admin.list_filter, f"{app}.{model} has no filters"
    assert client.get(url, {"q": "重庆 <script>"}).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["talent", "owner"])
def test_admin_refuses_non_staff(client, request, who):
    client.force_login(request.getfixturevalue(who))
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/login/" in response.url


@pytest.mark.django_db
def test_admin_shows_each_role_only_its_models(client, moderator):
    client.force_login(moderator)
    assert client.get("/admin/portal/message/").status_code == 200
    assert client.get("/admin/portal/newsitem/").status_code == 403
    assert client.get("/admin/accounts/user/").status_code == 403
    assert client.get("/admin/privacy/legaldocument/").status_code == 200
    assert client.get("/admin/privacy/legaldocument/add/").status_code == 403


@pytest.mark.django_db
def test_news_edited_in_the_admin_goes_through_the_service(client, editor):

    client.force_login(editor)
    response = client.post(
        "/admin/portal/newsitem/add/",
        {
            "kind": "news",
            "slug": "",
            "title_zh_hans": "测试新闻",
            "title_en": "Test news",
            "summary_zh_hans": "",
            "summary_en": "",
            "body_zh_hans": "正文",
            "body_en": "Body",
            "published_at_0": "",
            "published_at_1": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    item = NewsItem.objects.get()
    assert item.slug == "test-news"
    assert item.author == editor
    assert AuditEntry.objects.filter(action="news.created", actor=editor).exists()
