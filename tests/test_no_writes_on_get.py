"""Nothing writes on a GET: reading pages and the API as anyone leaves every table as it was.

The test crawls the site from a few entry pages as a talent without a profile, an employer
whose organisation has never used its pipeline, organiser staff and an anonymous visitor,
and calls every GET endpoint of the API with a read-only token; the number of rows of every
model is the same afterwards. Sessions are not data (and the cache and rate-limit counters
are not models): they are left out.
"""

from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.apps import apps
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext

from yingcai.api import services as api_services
from yingcai.api.api import api
from yingcai.core.rules import STAFF_ADMIN, STAFF_VERIFIER
from yingcai.jobs import services as jobs
from yingcai.jobs.models import Application, ApplicationMessage, Stage
from yingcai.talents.models import TalentProfile

from .factories import JobFactory, MembershipFactory, OrganisationFactory, StaffFactory, UserFactory
from .talents.helpers import application_of, media  # noqa: F401 - a fixture

MAX_PAGES = 150
SKIPPED = ("/static/", "/media/", "/api/", "/i18n/", "/sitemap.xml")
# Downloads stream files or build spreadsheets; a link that logs out ends the walk's session.
SKIPPED_WORDS = ("logout", "download", "export", ".ics", ".xlsx", ".csv", ".docx", ".pdf")


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._base_manager.count()
        for model in apps.get_models()
        if model is not Session and model._meta.managed and not model._meta.proxy
    }


# Writes that are not data: the session, the cache and rate-limit counters (a table with the
# database cache), and a token's "last used" (at most once a minute, as Django's last_login:
# what its owner reads to see whether a token leaked).
NOT_DATA = ("django_session", "cache")
BOOKKEEPING = ('UPDATE "API_APITOKEN" SET "LAST_USED_AT"',)


def writes(captured) -> list[str]:
    found = []
    for query in captured.captured_queries:
        sql = query["sql"].lstrip().upper()
        if not sql.startswith(("INSERT", "UPDATE", "DELETE")) or sql.startswith(BOOKKEEPING):
            continue
        if not any(name.upper() in sql.split("(")[0] for name in NOT_DATA):
            found.append(query["sql"][:200])
    return found


def crawl(client, starts) -> list[str]:
    seen, queue = set(), list(starts)
    while queue and len(seen) < MAX_PAGES:
        url = urldefrag(queue.pop(0))[0]
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        assert response.status_code < 500, url
        if "text/html" not in response.get("Content-Type", ""):
            continue
        parser = _Links()
        parser.feed(response.content.decode())
        for href in parser.links:
            absolute = urljoin(url, href)
            parts = urlsplit(absolute)
            if parts.netloc not in ("", "testserver") or not parts.path.startswith("/"):
                continue
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            if path.startswith(SKIPPED) or any(w in path for w in SKIPPED_WORDS):
                continue
            # Pages of a list beyond the second one show nothing new.
            if "page=" in parts.query and "page=1" not in parts.query:
                continue
            if path not in seen:
                queue.append(path)
    return sorted(seen)


@pytest.fixture
def world(db, media):  # noqa: F811
    """An organisation with a job and an applicant; another that never used its pipeline."""
    used = OrganisationFactory()
    job = JobFactory(organisation=used)
    applicant = UserFactory()
    application_of(applicant, job)
    fresh = OrganisationFactory()
    JobFactory(organisation=fresh)
    return {
        "used_owner": MembershipFactory(organisation=used, role="owner").user,
        "fresh_owner": MembershipFactory(organisation=fresh, role="owner").user,
        "fresh": fresh,
        "applicant": applicant,
        "application": application_of,
        "job": job,
    }


ENTRY = ["/en/", "/zh-hans/", "/en/jobs/", "/en/me/", "/en/organisations/", "/en/orga/"]


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["anonymous", "talent", "applicant", "employer", "staff"])
def test_walking_the_site_writes_nothing(client, world, who):
    user = {
        "anonymous": None,
        "talent": UserFactory(),  # no profile yet
        "applicant": world["applicant"],
        "employer": world["fresh_owner"],
        "staff": StaffFactory(roles=[STAFF_ADMIN, STAFF_VERIFIER], is_superuser=True),
    }[who]
    starts = list(ENTRY)
    if user is not None:
        client.force_login(user)
        starts += ["/en/me/profile/", "/en/me/cvs/", "/admin/"]
    if who == "employer":
        org = world["fresh"].pk
        starts += [f"/en/organisations/{org}/jobs/", f"/en/organisations/{org}/stages/"]
    before = row_counts()
    with CaptureQueriesContext(connection) as captured:
        visited = crawl(client, starts)
    assert len(visited) > 10
    after = row_counts()
    assert {k: (before[k], after[k]) for k in before if before[k] != after[k]} == {}
    assert writes(captured) == []  # no UPDATE either
    if who in ("talent", "employer", "staff"):
        assert not TalentProfile.objects.filter(user=user).exists()
    assert not Stage.objects.filter(organisation=world["fresh"]).exists()


def _api_get_paths(values: dict) -> list[str]:
    schema = api.get_openapi_schema()
    paths = []
    for path, operations in schema["paths"].items():
        if "get" not in operations:
            continue
        for name, value in values.items():
            path = path.replace("{" + name + "}", str(value))
        if "{" not in path:
            paths.append(path)
    return paths


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["employer", "talent"])
def test_reading_the_api_with_a_read_only_token_writes_nothing(client, world, who):
    user = world["fresh_owner"] if who == "employer" else UserFactory()
    _token, secret = api_services.create_token(user, "script", "read")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    paths = _api_get_paths(
        {
            "organisation_id": world["fresh"].pk,
            "job_id": world["job"].pk,
            "application_id": 1,
            "key": "talents_registered",
            "news_id": 1,
        }
    )
    assert any(p.endswith("/stages") for p in paths)
    before = row_counts()
    with CaptureQueriesContext(connection) as captured:
        for path in paths:
            response = client.get(path, **headers)
            assert response.status_code < 500, path
    assert row_counts() == before
    assert writes(captured) == []
    assert not Stage.objects.filter(organisation=world["fresh"]).exists()
    stages = client.get(f"/api/me/organisations/{world['fresh'].pk}/stages", **headers)
    if who == "employer":
        assert [s["key"] for s in stages.json()][:2] == ["applied", "screened"]
        assert stages.json()[0]["id"] is None


@pytest.mark.django_db
def test_opening_an_application_does_not_mark_its_messages_read(client, world):

    application = Application.objects.get(talent=world["applicant"])
    jobs.send_message(world["used_owner"], application, "请带上简历原件。")
    client.force_login(world["applicant"])
    page = client.get(f"/en/me/applications/{application.pk}/")
    assert page.status_code == 200 and "请带上简历原件" in page.content.decode()
    assert ApplicationMessage.objects.get().read_at is None
    # Answering is having read it.
    client.post(f"/en/me/applications/{application.pk}/message/", {"body": "好的，谢谢。"})
    assert ApplicationMessage.objects.get(from_organisation=True).read_at is not None
