"""The calls' actions on a project's page (yingcai.projects.hooks): its team finds the calls
it may enter and its entries there; nobody else sees them."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from yingcai.calls.services import entries as services
from yingcai.core.rules import STAFF_EDITOR

from ..factories import StaffFactory, UserFactory
from .entries_helpers import open_call, team_project

pytestmark = pytest.mark.django_db


def page(client, user, project):
    client.force_login(user)
    with translation.override("en"):
        response = client.get(reverse("projects:project", args=[project.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_team_finds_the_open_call_and_then_its_entry(client):
    call = open_call(title_en="Roadshow call", title_zh_hans="路演征集")
    project, lead = team_project()
    html = page(client, lead, project)
    assert "Enter “Roadshow call”" in html
    assert f"/calls/enter/{call.pk}/" in html
    entry = services.start_entry(lead, call, project)
    html = page(client, lead, project)
    assert "Enter “Roadshow call”" not in html
    assert "Our entry in “Roadshow call”" in html
    assert f"/calls/entries/{entry.pk}/" in html


def test_an_outsider_sees_no_call_action(client):
    open_call(title_en="Roadshow call")
    project, _lead = team_project()
    html = page(client, UserFactory(), project)
    assert "Roadshow call" not in html


def test_a_closed_or_unpublished_call_is_not_offered(client):
    open_call(title_en="Unpublished call", is_published=False)
    project, lead = team_project()
    html = page(client, lead, project)
    assert "Unpublished call" not in html


def test_a_withdrawn_project_keeps_its_entries_but_enters_nothing(client):
    call = open_call(title_en="Roadshow call")
    project, lead = team_project()
    services.start_entry(lead, call, project)
    open_call(title_en="Second call")
    project.status = "withdrawn"
    project.save(update_fields=["status"])
    html = page(client, lead, project)
    assert "Our entry in “Roadshow call”" in html
    assert "Enter “Second call”" not in html


def test_a_closed_calls_page_leads_to_its_results_and_the_organisers_to_the_decisions(client):
    call = open_call(title_en="Roadshow call", closes_at=timezone.now() - timedelta(days=1))
    call.opens_at = timezone.now() - timedelta(days=9)
    call.save(update_fields=["opens_at"])
    with translation.override("en"):
        public = client.get(reverse("calls:call", args=[call.pk])).content.decode()
        assert reverse("call_results:index", args=[call.slug]) in public
        client.force_login(StaffFactory(roles=[STAFF_EDITOR]))
        orga = client.get(reverse("orga_calls:call", args=[call.pk])).content.decode()
        assert reverse("orga_decisions:index", args=[call.pk]) in orga
