import re

import pytest
from django.urls import reverse
from django.utils import translation

from yingcai.core.rules import STAFF_RECRUITMENT
from yingcai.organisations.models import Organisation
from yingcai.portal.models import Message, Report

from ..factories import (
    DemandFactory,
    JobFactory,
    MessageFactory,
    OrganisationFactory,
    ReportFactory,
    StaffFactory,
)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("/en/orga/", {"plain_staff", "editor", "moderator", "verifier", "staff_admin"}),
        ("/en/orga/organisations/", {"verifier", "staff_admin"}),
        ("/en/orga/messages/", {"moderator", "staff_admin"}),
        ("/en/orga/reports/", {"moderator", "staff_admin"}),
    ],
)
@pytest.mark.parametrize(
    "who", ["talent", "owner", "plain_staff", "editor", "moderator", "verifier", "staff_admin"]
)
def test_back_office_pages_by_role(client, request, url, allowed, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(url).status_code == (200 if who in allowed else 403)


@pytest.mark.django_db
def test_back_office_sends_anonymous_visitors_to_log_in(client):
    response = client.get("/en/orga/messages/")
    assert response.status_code == 302
    assert "/accounts/login/" in response.url


@pytest.mark.django_db
def test_verification_queue(client, verifier, django_assert_max_num_queries):
    pending = OrganisationFactory.create_batch(20, status="pending")
    OrganisationFactory(status="suspended")
    client.force_login(verifier)
    # 12: the menu asks the roles (the permission backends' two queries, once per request).
    with django_assert_max_num_queries(12):
        response = client.get("/en/orga/organisations/")
    page = response.content.decode()
    # Exactly the organisations awaiting verification, oldest first, each linked to its page.
    listed = [int(pk) for pk in re.findall(r'href="/en/orga/organisations/(\d+)/"', page)]
    assert listed == [organisation.pk for organisation in pending]
    first = pending[0]
    client.post(f"/en/orga/organisations/{first.pk}/verify/")
    first.refresh_from_db()
    assert first.is_verified
    page = client.get("/en/orga/organisations/").content.decode()
    assert f'href="/en/orga/organisations/{first.pk}/"' not in page
    response = client.post(
        f"/en/orga/organisations/{first.pk}/suspend/", {"reason": ""}, follow=True
    )
    assert "Give the reason" in response.content.decode()
    client.post(f"/en/orga/organisations/{first.pk}/suspend/", {"reason": "虚假招聘"})
    first.refresh_from_db()
    assert first.status == "suspended"
    response = client.post(f"/en/orga/organisations/{first.pk}/explode/", follow=True)
    assert "Unknown decision." in response.content.decode()
    first.refresh_from_db()
    assert first.status == "suspended"


@pytest.mark.django_db
def test_each_verification_tab_counts_its_own_organisations_in_one_query(
    client, verifier, django_assert_num_queries
):
    OrganisationFactory.create_batch(54, status="pending")
    OrganisationFactory.create_batch(3, status="suspended")
    verified = Organisation.objects.filter(status="verified").count()
    client.force_login(verifier)
    page = client.get("/en/orga/organisations/").content.decode()
    tabs = dict(re.findall(r'\?status=(\w+)"[^>]*>[^<(]*\((\d+)\)</a>', page))
    assert tabs["pending"] == "54" and tabs["suspended"] == "3"
    assert tabs["verified"] == str(verified)


QUEUES = {
    "verifier": {"organisations": 2, "jobs": 3, "projects": 0, "demands": 6},
    "moderator": {"messages": 4, "reports": 5},
    "editor": {"calls": 0},
    "plain_staff": {},
    "recruitment": {},
    "protocol": {"guests": 0},
    "staff_admin": {
        "guests": 0,
        "organisations": 2,
        "jobs": 3,
        "projects": 0,
        "demands": 6,
        "messages": 4,
        "reports": 5,
        "calls": 0,
    },
}
# The back office's menu: what every staff member has, then what each role adds.
EVERYONE = {"orga:home", "orga_stats:dashboard", "admin:index"}
MENU = {
    "verifier": {
        "orga_organisations:queue",
        "orga_jobs:queue",
        "orga_projects:queue",
        "orga_projects:demands",
        "orga_docking:outcomes",
    },
    "moderator": {"orga_portal:messages", "orga_portal:reports"},
    "editor": {
        "orga_docking:sessions",
        "orga_calls:calls",
        "orga_roadshow:calls",
        "orga_certificates:calls",
        "orga_attendance:sessions",
    },
    "plain_staff": set(),
    "protocol": {"orga_guests:guests"},
    "recruitment": {"orga_recruitment:rounds"},
    "staff_admin": {
        "orga_organisations:queue",
        "orga_jobs:queue",
        "orga_projects:queue",
        "orga_projects:demands",
        "orga_portal:messages",
        "orga_portal:reports",
        "orga_recruitment:rounds",
        "orga_docking:sessions",
        "orga_docking:outcomes",
        "orga_roadshow:calls",
        "orga_certificates:calls",
        "orga_calls:calls",
        "orga_attendance:sessions",
        "orga_guests:guests",
    },
}


@pytest.fixture
def recruitment(db):
    return StaffFactory(roles=[STAFF_RECRUITMENT])


def en(name: str) -> str:
    with translation.override("en"):
        return reverse(name)


def back_office_menu(page: str) -> set[str]:
    menu = page[page.index('<nav aria-label="Back office">') :]
    return set(re.findall(r'href="([^"]+)"', menu[: menu.index("</nav>")]))


@pytest.mark.django_db
@pytest.mark.parametrize("who", sorted(QUEUES))
def test_the_home_shows_only_the_queues_the_roles_open_with_their_counts(client, request, who):
    OrganisationFactory.create_batch(2, status="pending")
    JobFactory.create_batch(3, status="submitted", published_at=None)
    JobFactory()  # published: not in a queue
    DemandFactory.create_batch(6, status="submitted", published_at=None)
    DemandFactory()  # published: not in a queue
    MessageFactory.create_batch(4)
    MessageFactory(status="published")
    ReportFactory.create_batch(5)
    ReportFactory(status="resolved")
    client.force_login(request.getfixturevalue(who))
    page = client.get("/en/orga/").content.decode()
    queues = re.findall(r'data-testid="queue-(\w+)"><strong>(\d+)</strong><a href="([^"]+)"', page)
    assert {key: int(n) for key, n, _link in queues} == QUEUES[who]
    assert ('data-testid="no-queues"' in page) == (not QUEUES[who])
    menu = back_office_menu(page)
    assert menu == {en(name) for name in EVERYONE | MENU[who]}
    assert {link for _key, _n, link in queues} <= menu
    # Every link of the home and its menu opens for this person (the admin has its own tests).
    for link in menu - {en("admin:index")}:
        assert client.get(link).status_code == 200, link


@pytest.mark.django_db
def test_moderation_queue_with_htmx(client, moderator, django_assert_max_num_queries):
    MessageFactory.create_batch(15)
    client.force_login(moderator)
    with django_assert_max_num_queries(12):
        client.get("/en/orga/messages/")
    message = Message.objects.first()
    response = client.post(
        f"/en/orga/messages/{message.pk}/reply/",
        {"body": "Registration opens on 1 November.", "publish": "on"},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert "<html" not in html
    assert "Registration opens on 1 November." in html
    message.refresh_from_db()
    assert message.status == "published"
    assert "Registration opens on 1 November." in client.get("/en/messages/").content.decode()
    response = client.post(
        f"/en/orga/messages/{message.pk}/reply/", {"body": ""}, HTTP_HX_REQUEST="true"
    )
    assert "Write the reply" in response.content.decode()


@pytest.mark.django_db
def test_report_handling(client, moderator, django_assert_max_num_queries):
    ReportFactory.create_batch(12)
    client.force_login(moderator)
    with django_assert_max_num_queries(12):
        client.get("/en/orga/reports/?status=open&category=fraud")
    report = Report.objects.first()
    response = client.post(
        f"/en/orga/reports/{report.pk}/", {"status": "resolved", "public_response": ""}
    )
    assert response.status_code == 400
    assert "Tell the reporter" in response.content.decode()
    client.post(
        f"/en/orga/reports/{report.pk}/",
        {"status": "resolved", "public_response": "Removed.", "internal_note": "ad 42"},
    )
    report.refresh_from_db()
    assert report.status == "resolved"
    assert report.handled_by == moderator
