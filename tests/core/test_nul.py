"""A NUL character anywhere in a request answers 400 — never a 500 (PostgreSQL cannot hold
NUL in text) — on public pages, staff queues, admin change lists and filters, and the API."""

import pytest
from django.contrib import admin
from django.urls import NoReverseMatch, get_resolver, reverse
from django.utils import translation

from tests.factories import MembershipFactory, StaffFactory
from yingcai.core.rules import STAFF_ADMIN, STAFF_EDITOR, STAFF_MODERATOR, STAFF_VERIFIER

NUL = "\x00"
# Every parameter name a view reads with request.GET.get(...), each carrying a NUL.
PARAMS = {
    name: f"a{NUL}b"
    for name in (
        "q", "status", "page", "kind", "round", "category", "job", "stage", "below", "version",
        "post", "sort", "district", "field", "degree", "cover_note", "o", "p", "e",
    )
}  # fmt: skip
SKIPPED = ("logout", "set_language", "sitemap_xml")


def _names(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for key in resolver.reverse_dict:
        if isinstance(key, str):
            yield prefix + key
    for namespace, (_pattern, sub) in resolver.namespace_dict.items():
        if namespace == "admin":
            continue
        yield from _names(sub, f"{prefix}{namespace}:")


def _page_urls(org_pk) -> list[str]:
    urls = set()
    with translation.override("en"):
        for name in _names():
            if any(name.endswith(s) for s in SKIPPED):
                continue
            for kwargs in ({}, {"org_pk": org_pk}):
                try:
                    urls.add(reverse(name, kwargs=kwargs))
                    break
                except NoReverseMatch:
                    continue
    return sorted(url for url in urls if not url.startswith("/api/"))


@pytest.fixture
def everyone(db):
    """A superuser with every staff role who also owns an organisation: every page is theirs."""
    user = StaffFactory(roles=[STAFF_ADMIN, STAFF_EDITOR, STAFF_MODERATOR, STAFF_VERIFIER])
    user.is_superuser = True
    user.save(update_fields=["is_superuser"])
    membership = MembershipFactory(user=user, role="owner")
    return user, membership.organisation


def test_every_page_refuses_a_nul_in_its_parameters(client, everyone):
    user, organisation = everyone
    client.force_login(user)
    urls = _page_urls(organisation.pk)
    # Public search, staff queues, employer lists, statistics … all are walked.
    assert len(urls) > 60
    assert {"/en/jobs/", "/en/orga/organisations/", "/en/orga/messages/"} <= set(urls)
    refused = {}
    for url in urls:
        response = client.get(url, PARAMS)
        refused[url] = response.status_code
        if response.status_code == 400:
            assert "NUL" in response.content.decode(), url
    assert {url: status for url, status in refused.items() if status != 400} == {}


def test_the_same_pages_answer_without_the_nul(client, everyone):
    user, _organisation = everyone
    client.force_login(user)
    for url in ("/en/jobs/", "/en/orga/organisations/", "/en/orga/messages/"):
        assert client.get(url, {"q": "ab", "status": "pending"}).status_code == 200, url


def test_every_admin_change_list_refuses_a_nul_in_search_and_filters(client, everyone):
    user, _organisation = everyone
    client.force_login(user)
    checked = 0
    for model, model_admin in admin.site._registry.items():
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        filters = {}
        for entry in model_admin.list_filter:
            if isinstance(entry, str):
                filters[f"{entry}__exact"] = NUL
            elif isinstance(entry, tuple):
                filters[f"{entry[0]}__exact"] = NUL
            else:
                filters[entry.parameter_name] = NUL
        assert client.get(url, {"q": f"x{NUL}"}).status_code == 400, url
        if filters:
            assert client.get(url, filters).status_code == 400, url
        checked += 1
    assert checked > 15


def test_a_nul_in_the_address_or_a_form_or_a_cookie_answers_400(client, everyone, db):
    _user, _organisation = everyone
    assert client.get(f"/en/jobs/{NUL}/").status_code == 400
    assert client.get(f"/en/recruitment/posts/{NUL}x/").status_code == 400
    # A form post (the public message form); the CSRF check does not come first.
    response = client.post("/en/messages/", {"name": f"L{NUL}", "body": "hello"})
    assert response.status_code == 400
    # Django unquotes octal escapes in quoted cookie values: a NUL session key.
    cookie = 'sessionid="abcdefgh\\000ijkl"'
    assert client.get("/en/", HTTP_COOKIE=cookie).status_code == 400
