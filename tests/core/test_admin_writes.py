"""Admin pages write through services (audited) or not at all."""

import pytest
from django.contrib import admin
from django.utils import timezone

from yingcai.conference.models import Conference, Venue
from yingcai.core.admin_base import RulesModelAdmin
from yingcai.core.models import AuditEntry, District
from yingcai.organisations.models import Organisation

from ..factories import NewsItemFactory


@pytest.fixture
def conference(db):
    now = timezone.now()
    return Conference.objects.create(
        name_zh_hans="重庆英才大会",
        name_en="Chongqing Talent Conference",
        starts_at=now,
        ends_at=now,
    )


@pytest.mark.django_db
def test_districts_are_read_only_in_the_admin(client, staff_admin):
    district = District.objects.get(slug="yubei")
    client.force_login(staff_admin)
    url = f"/admin/core/district/{district.pk}/change/"
    assert client.get(url).status_code == 200
    client.post(
        url,
        {
            "slug": district.slug,
            "code": district.code,
            "name_zh_hans": "被改了",
            "name_en": "Changed",
            "kind": district.kind,
            "position": district.position,
        },
    )
    assert District.objects.get(pk=district.pk).name_zh_hans != "被改了"
    assert client.get("/admin/core/district/add/").status_code == 403
    assert (
        client.post(f"/admin/core/district/{district.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )


@pytest.mark.django_db
def test_venues_saved_and_deleted_in_the_admin_are_audited(client, editor, conference):
    client.force_login(editor)
    response = client.post(
        "/admin/conference/venue/add/",
        {
            "conference": conference.pk,
            "name_zh_hans": "主会场",
            "name_en": "Main hall",
            "kind": "main",
            "position": 0,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    venue = Venue.objects.get(conference=conference)
    assert AuditEntry.objects.filter(
        action="conference.venue_saved", object_id=str(venue.pk), actor=editor
    ).exists()
    response = client.post(f"/admin/conference/venue/{venue.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Venue.objects.exists()
    assert AuditEntry.objects.filter(action="conference.venue_deleted", actor=editor).exists()


@pytest.mark.django_db
def test_venues_edited_inline_on_the_conference_are_audited(client, editor, conference):
    client.force_login(editor)
    data = {
        "name_zh_hans": conference.name_zh_hans,
        "name_en": conference.name_en,
        "starts_at_0": conference.starts_at.date().isoformat(),
        "starts_at_1": "09:00:00",
        "ends_at_0": conference.starts_at.date().isoformat(),
        "ends_at_1": "18:00:00",
        "venues-TOTAL_FORMS": "1",
        "venues-INITIAL_FORMS": "0",
        "venues-0-name_zh_hans": "分会场",
        "venues-0-kind": "sub",
        "venues-0-position": "1",
    }
    response = client.post(f"/admin/conference/conference/{conference.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    venue = Venue.objects.get(conference=conference)
    assert AuditEntry.objects.filter(
        action="conference.venue_saved", object_id=str(venue.pk)
    ).exists()


def test_every_admin_page_asks_the_rules_and_audits_what_it_writes():

    plain = [
        model._meta.label
        for model, model_admin in admin.site._registry.items()
        if not isinstance(model_admin, RulesModelAdmin)
    ]
    assert plain == []


@pytest.mark.django_db
def test_deleting_in_the_admin_without_a_service_is_audited(client, staff_admin, organisation):

    item = NewsItemFactory()
    client.force_login(staff_admin)
    response = client.post(f"/admin/portal/newsitem/{item.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert AuditEntry.objects.filter(
        action="portal.newsitem.deleted_in_admin", object_id=str(item.pk), actor=staff_admin
    ).exists()
    response = client.post(
        "/admin/organisations/organisation/",
        {"action": "delete_selected", "_selected_action": [organisation.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert not Organisation.objects.filter(pk=organisation.pk).exists()
    assert AuditEntry.objects.filter(
        action="organisations.organisation.deleted_in_admin", object_id=str(organisation.pk)
    ).exists()
