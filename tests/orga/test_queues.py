import re

import pytest

from yingcai.organisations.models import Organisation
from yingcai.portal.models import Message, Report

from ..factories import MessageFactory, OrganisationFactory, ReportFactory


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
    OrganisationFactory.create_batch(20, status="pending")
    client.force_login(verifier)
    # 12: the menu asks the roles (the permission backends' two queries, once per request).
    with django_assert_max_num_queries(12):
        response = client.get("/en/orga/organisations/")
    assert response.content.decode().count("/en/orga/organisations/") >= 20
    pending = Organisation.objects.filter(status="pending").first()
    client.post(f"/en/orga/organisations/{pending.pk}/verify/")
    pending.refresh_from_db()
    assert pending.is_verified
    response = client.post(
        f"/en/orga/organisations/{pending.pk}/suspend/", {"reason": ""}, follow=True
    )
    assert "Give the reason" in response.content.decode()
    client.post(f"/en/orga/organisations/{pending.pk}/suspend/", {"reason": "虚假招聘"})
    pending.refresh_from_db()
    assert pending.status == "suspended"
    assert client.post(f"/en/orga/organisations/{pending.pk}/explode/").status_code == 302


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
    "verifier": {"organisations", "jobs"},
    "moderator": {"messages", "reports"},
    "editor": set(),
    "plain_staff": set(),
    "staff_admin": {"organisations", "jobs", "messages", "reports"},
}


@pytest.mark.django_db
@pytest.mark.parametrize("who", sorted(QUEUES))
def test_the_home_shows_only_the_queues_the_roles_open(client, request, who):
    user = request.getfixturevalue(who)
    client.force_login(user)
    page = client.get("/en/orga/").content.decode()
    shown = {key for key in QUEUES["staff_admin"] if f'data-testid="queue-{key}"' in page}
    assert shown == QUEUES[who]
    # Every link the home and its menu offer opens for this person.
    links = {
        "organisations": "/en/orga/organisations/",
        "messages": "/en/orga/messages/",
        "reports": "/en/orga/reports/",
    }
    for url in links.values():
        if f'href="{url}"' in page:
            assert client.get(url).status_code == 200, url
    if not QUEUES[who]:
        assert 'data-testid="no-queues"' in page


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
