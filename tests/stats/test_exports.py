"""Exports: each figure's breakdowns as XLSX and CSV (public), every figure queued (staff)."""

import csv
import io
from datetime import datetime, timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils import timezone
from openpyxl import load_workbook

from yingcai.core.models import AuditEntry, District
from yingcai.core.rules import STAFF_ADMIN
from yingcai.stats import exports
from yingcai.stats.models import Export

from ..factories import JobFactory, ProfileFactory, StaffFactory


@pytest.fixture
def figures(db):
    """3 job requirements: 2 in Yubei with a master's degree, 1 in Jiangbei (a doctor's)."""
    JobFactory.create_batch(2, submitted_at=timezone.now() - timedelta(days=1))
    JobFactory(
        district_id=_district("jiangbei"),
        degree_min="doctor",
        submitted_at=timezone.make_aware(datetime(2020, 11, 18, 9, 0)),
    )
    ProfileFactory()


def _district(slug):

    return District.objects.get(slug=slug).pk


def rows_of_csv(content: bytes) -> list[list[str]]:
    text = content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


# --- Public per-figure downloads ------------------------------------------------------------
@pytest.mark.django_db
def test_a_figure_downloads_as_csv_with_every_breakdown(client, figures):
    response = client.get("/en/statistics/exports/job_requirements.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment;" in response["Content-Disposition"]
    rows = rows_of_csv(response.content)
    assert rows[0][0] == "指标 / Figure" and rows[0][-1] == "数量 / Count"
    assert rows[1] == ["job requirements", "Total", "", "3"]
    # People read the file: districts and degrees by their names, never their codes.
    by_district = {row[2]: row for row in rows if row[1] == "district or county"}
    assert by_district["Yubei"][3] == "2" and by_district["Jiangbei"][3] == "1"
    degrees = {row[2]: int(row[3]) for row in rows if row[1] == "degree"}
    assert degrees == {"master": 2, "doctor (PhD)": 1}
    codes = {"yubei", "jiangbei", "job_requirements", "district", "total"}
    assert not any(cell in codes for row in rows for cell in row)


@pytest.mark.django_db
def test_a_figure_downloads_as_xlsx_in_the_page_language(client, figures):
    response = client.get("/zh-hans/statistics/exports/job_requirements.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "指标 / Figure"
    assert (rows[1][1], rows[1][3]) == ("合计", 3)
    districts = [row for row in rows[1:] if row[1] == "区县"]
    assert sum(row[3] for row in districts) == 3 and "渝北区" in {row[2] for row in districts}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("no_such_figure.csv", "There is no figure"),
        ("job_requirements.pdf", "There is no format"),
        ("job_requirements.exe", "choose one of xlsx, csv"),
    ],
)
def test_unknown_figure_or_format_is_a_clear_404(client, db, path, message):
    response = client.get(f"/en/statistics/exports/{path}")
    assert response.status_code == 404
    assert message in response.content.decode()


@pytest.mark.django_db
def test_the_index_lists_every_figure_for_anyone(client, figures, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):
        response = client.get("/en/statistics/exports/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "/en/statistics/exports/job_requirements.xlsx" in page
    assert "/en/statistics/exports/talents_registered.csv" in page
    assert "/statistics/exports/mine/" not in page  # only organiser staff export everything


def test_csv_cells_never_start_a_formula():
    table = exports.Table(title="t", moment=timezone.now())
    table.rows.append(("=HYPERLINK(1)", "d", "+1", 4))
    rows = rows_of_csv(exports.write_csv(table))
    assert rows[1][0] == "'=HYPERLINK(1)" and rows[1][2] == "'+1" and rows[1][3] == "4"


# --- Exports of everything -------------------------------------------------------------------
@pytest.mark.django_db
def test_only_organiser_staff_export_everything(client, talent, owner, figures):
    response = client.get("/en/statistics/exports/mine/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    for user in (talent, owner):
        client.force_login(user)
        assert client.get("/en/statistics/exports/mine/").status_code == 403
        assert client.get("/en/statistics/exports/mine/rows/").status_code == 403
        assert client.post("/en/statistics/exports/mine/", {"format": "csv"}).status_code == 403
    assert not Export.objects.exists()


@pytest.mark.django_db
def test_an_export_of_everything_is_made_in_the_background_and_fetched(
    client, plain_staff, figures, django_capture_on_commit_callbacks
):
    client.force_login(plain_staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/en/statistics/exports/mine/", {"format": "xlsx", "moment": "2020-11-19"}
        )
    assert response.status_code == 302
    export = Export.objects.get()
    assert export.status == Export.Status.READY and export.requested_by == plain_staff
    # Stored privately: under MEDIA_ROOT, which no public URL serves.
    assert Path(export.file.path).is_relative_to(Path(settings.MEDIA_ROOT))
    assert client.get(settings.MEDIA_URL + export.file.name).status_code == 404
    page = client.get("/en/statistics/exports/mine/").content.decode()
    assert f"/en/statistics/exports/mine/{export.pk}/download/" in page
    assert 'hx-trigger="every' not in page  # nothing pending: no more polling
    response = client.get(f"/en/statistics/exports/mine/{export.pk}/download/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    totals = {row[0]: row[3] for row in rows[1:] if row[1] == "Total"}
    # As the figures stood at the end of 19 November 2020: one job, no talent yet.
    assert totals["job requirements"] == 1 and totals["domestic and overseas talents"] == 0
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"stats.export_requested", "stats.export_ready", "stats.export_downloaded"} <= actions


@pytest.mark.django_db
def test_a_pending_export_is_polled_and_others_exports_stay_hidden(client, plain_staff, figures):
    other = StaffFactory(roles=[STAFF_ADMIN])
    theirs = Export.objects.create(requested_by=other, format="csv", language="en")
    mine = Export.objects.create(requested_by=plain_staff, format="csv", language="en")
    client.force_login(plain_staff)
    rows = client.get("/en/statistics/exports/mine/rows/").content.decode()
    assert 'hx-trigger="every 3s"' in rows and rows.count('data-testid="export"') == 1
    response = client.get(f"/en/statistics/exports/mine/{mine.pk}/download/")
    assert response.status_code == 404 and "not ready" in response.content.decode()
    response = client.get(f"/en/statistics/exports/mine/{theirs.pk}/download/")
    assert response.status_code == 404 and "among yours" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data",
    [
        {"format": "pdf"},
        {"format": "csv", "moment": "someday"},
        {"format": "csv", "moment": "2999-01-01"},
    ],
)
def test_bad_export_requests_are_refused(client, plain_staff, data):
    client.force_login(plain_staff)
    response = client.post("/en/statistics/exports/mine/", data)
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    assert not Export.objects.exists()


@pytest.mark.django_db
def test_my_exports_page_has_bounded_queries(client, plain_staff, django_assert_max_num_queries):
    for _ in range(15):
        Export.objects.create(requested_by=plain_staff, format="csv", language="en")
    client.force_login(plain_staff)
    with django_assert_max_num_queries(8):
        response = client.get("/en/statistics/exports/mine/")
    assert response.content.decode().count('data-testid="export"') == 15


def test_old_exports_are_purged_with_their_files(
    client, plain_staff, figures, django_capture_on_commit_callbacks
):

    client.force_login(plain_staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/statistics/exports/mine/", {"format": "csv", "moment": ""})
    export = Export.objects.get()
    path = Path(export.file.path)
    assert path.exists()
    out = StringIO()
    call_command("purge_exports", stdout=out)
    assert Export.objects.exists()  # made today: kept
    Export.objects.update(created_at=timezone.now() - timedelta(days=8))
    call_command("purge_exports", stdout=out)
    assert not Export.objects.exists() and not path.exists()
    with pytest.raises(CommandError, match="whole number"):
        call_command("purge_exports", "--days", "soon")
