"""Every URL of ours declares who may reach it, and the declaration holds.

A new view without `public`, `signed_in(...)` or `staff_view(...)` (yingcai.core.access) fails
here; so does one naming a rule that no app's rules.py registers, a signed-in page
that an anonymous visitor can open, and a staff page that a talent can open.
"""

import re

import pytest
import rules
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from yingcai.core.access import declared

from .factories import UserFactory


def _patterns(resolver, prefix="", namespace=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            space = namespace
            if entry.namespace:
                space = f"{namespace}{entry.namespace}:"
            yield from _patterns(entry, prefix + str(entry.pattern), space)
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry, namespace


def our_views():
    seen = {}
    for route, pattern, namespace in _patterns(get_resolver()):
        callback = pattern.callback
        module = getattr(callback, "__module__", "") or type(callback).__module__
        if not module.startswith("yingcai."):
            continue
        if namespace.startswith("admin:"):
            # The admin guards each of its pages itself (AdminSite.admin_view and the rules);
            # test_an_anonymous_visitor_is_sent_to_the_admin_log_in walks those.
            continue
        # The same view is mounted once per language prefix; one is enough.
        route = re.sub(r"^(zh-hans|en)/", "", route)
        name = f"{namespace}{pattern.name}" if pattern.name else route
        seen.setdefault(name, (route, pattern, name))
    return sorted(seen.values(), key=lambda row: row[2])


VIEWS = our_views()
SAMPLE = {"int": "987654", "slug": "no-such-thing", "str": "no-such-thing", "path": "x"}


def sample_url(route: str, pattern) -> str | None:
    """A URL of the pattern with arguments that name nothing."""
    if not pattern.name:
        return None
    converters = re.findall(r"<(?:(\w+):)?(\w+)>", route)
    kwargs = {name: SAMPLE.get(kind or "str", "x") for kind, name in converters}
    namespace_name = next(name for r, p, name in VIEWS if p is pattern)
    try:
        return reverse(namespace_name, kwargs=kwargs)
    except Exception:
        return None


def test_there_are_views_to_walk():
    assert len(VIEWS) > 100


@pytest.mark.parametrize(("route", "pattern", "name"), VIEWS, ids=[v[2] for v in VIEWS])
def test_every_view_declares_who_may_reach_it(route, pattern, name):
    access = declared(pattern.callback)
    assert access is not None, (
        f"{name} ({route}) declares neither public, signed_in(...) nor staff_view(...)"
    )
    unknown = [rule for rule in access.rules if not rules.perm_exists(rule)]
    assert not unknown, f"{name} names rules that are not registered: {unknown}"


def _kind(view) -> str | None:
    return getattr(declared(view[1].callback), "kind", None)


PROTECTED = [v for v in VIEWS if _kind(v) in ("signed_in", "staff")]


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "pattern", "name"), PROTECTED, ids=[v[2] for v in PROTECTED])
def test_an_anonymous_visitor_is_sent_to_log_in(client, route, pattern, name):
    url = sample_url(route, pattern)
    if url is None:
        pytest.skip("no reversible URL")
    # A view that takes one method only may refuse the other first (405 says nothing).
    answers = [client.get(url), client.post(url)]
    assert all(a.status_code in (302, 405) for a in answers), (name, answers)
    redirects = [a for a in answers if a.status_code == 302]
    assert redirects, (name, answers)
    for answer in redirects:
        assert reverse(settings.LOGIN_URL) in answer["Location"], answer["Location"]


STAFF_ONLY = [v for v in VIEWS if _kind(v) == "staff"]


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "pattern", "name"), STAFF_ONLY, ids=[v[2] for v in STAFF_ONLY])
def test_a_talent_cannot_open_a_staff_page(client, route, pattern, name):
    url = sample_url(route, pattern)
    if url is None:
        pytest.skip("no reversible URL")
    client.force_login(UserFactory())
    codes = [client.get(url).status_code, client.post(url).status_code]
    assert set(codes) <= {403, 405} and 403 in codes, (name, codes)


PUBLIC = [v for v in VIEWS if _kind(v) == "public"]


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "pattern", "name"), PUBLIC, ids=[v[2] for v in PUBLIC])
def test_a_public_page_answers_an_anonymous_visitor_without_error(client, route, pattern, name):
    url = sample_url(route, pattern)
    if url is None:
        pytest.skip("no reversible URL")
    response = client.get(url)
    # 302: a language switch or a POST-only form sends the visitor on; 404: the sample names
    # nothing; 405: a POST-only view. Never a log-in wall, never a server error.
    assert response.status_code in (200, 302, 404, 405), (name, response.status_code)
    if response.status_code == 302:
        assert reverse(settings.LOGIN_URL) not in response["Location"]


def admin_views():
    rows = {}
    for route, pattern, namespace in _patterns(get_resolver()):
        if namespace == "admin:" and pattern.name and "<" not in route.replace("<id>", ""):
            rows.setdefault(pattern.name, (route, pattern, f"admin:{pattern.name}"))
    return sorted(rows.values(), key=lambda row: row[2])


ADMIN = [v for v in admin_views() if v[2] not in ("admin:login", "admin:logout", "admin:jsi18n")]


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "pattern", "name"), ADMIN, ids=[v[2] for v in ADMIN])
def test_an_anonymous_visitor_is_sent_to_the_admin_log_in(client, route, pattern, name):
    kwargs = {key: "987654" for key in re.findall(r"<(?:\w+:)?(\w+)>", route)}
    try:
        url = reverse(name, kwargs=kwargs)
    except Exception:
        pytest.skip("no reversible URL")
    response = client.get(url)
    assert response.status_code == 302, (name, response.status_code)
    assert reverse("admin:login") in response["Location"]
