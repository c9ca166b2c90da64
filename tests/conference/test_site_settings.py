"""The site settings moved from the portal to the conference (conference.0003_sitesettings):
a database migrated before the move keeps its row, and its audit trail still points at it."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from yingcai.conference import services
from yingcai.conference.models import SiteSettings
from yingcai.core.models import AuditEntry
from yingcai.core.rules import STAFF_ADMIN, STAFF_EDITOR

from ..factories import StaffFactory

BEFORE_THE_MOVE = [("conference", "0002_initial"), ("portal", "0002_defaults")]


@pytest.mark.django_db(transaction=True)
def test_a_database_migrated_before_the_move_keeps_its_settings_and_their_audit_trail():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE_THE_MOVE)
    old = executor.loader.project_state(BEFORE_THE_MOVE).apps
    OldSettings = old.get_model("portal", "SiteSettings")
    OldSettings.objects.all().delete()
    site = OldSettings.objects.create(
        site_name="英才大会", site_name_en="Talents Conference", icp_number="渝ICP备00000001号"
    )
    OldContentType = old.get_model("contenttypes", "ContentType")
    OldContentType.objects.filter(model="sitesettings").delete()
    portal_type = OldContentType.objects.create(app_label="portal", model="sitesettings")
    entry = old.get_model("core", "AuditEntry").objects.create(
        action="site.settings_changed", content_type_id=portal_type.pk, object_id=str(site.pk)
    )
    assert "portal_sitesettings" in connection.introspection.table_names()

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    moved = SiteSettings.objects.get()
    assert (moved.pk, moved.site_name_en, moved.icp_number) == (
        site.pk,
        "Talents Conference",
        "渝ICP备00000001号",
    )
    tables = connection.introspection.table_names()
    assert "conference_sitesettings" in tables and "portal_sitesettings" not in tables
    ContentType.objects.clear_cache()
    assert AuditEntry.objects.get(pk=entry.pk).content_type_id == portal_type.pk
    assert ContentType.objects.get_for_model(SiteSettings).pk == portal_type.pk
    assert not ContentType.objects.filter(app_label="portal", model="sitesettings").exists()


@pytest.mark.django_db
def test_saving_the_settings_is_for_staff_admins_and_refreshes_what_pages_show(
    django_capture_on_commit_callbacks,
):
    site = services.site_settings()
    assert site.pk is not None  # the migration's row
    site.icp_number = "渝ICP备12345678号"
    with pytest.raises(PermissionDenied):
        services.save_site_settings(StaffFactory(roles=[STAFF_EDITOR]), site, ["icp_number"])
    with django_capture_on_commit_callbacks(execute=True):
        services.save_site_settings(StaffFactory(roles=[STAFF_ADMIN]), site, ["icp_number"])
    assert services.site_settings().icp_number == "渝ICP备12345678号"
    assert AuditEntry.objects.filter(action="site.settings_changed").count() == 1
