"""The talents' full-text index belongs to the talents' migrations (talents.0004_search_index),
on a fresh database and on one that jobs.0003 indexed before issue 12; SQLite's triggers come
back after a table rebuild (yingcai.search.index.repair)."""

import importlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from yingcai.search import index
from yingcai.talents import search, services
from yingcai.talents.models import TalentProfile

from ..concurrency import put_back_reference_rows
from ..factories import ProfileFactory

BEFORE = [("talents", "0003_talentprofile_recommendations_refreshed_at")]
OLD_JOBS_MIGRATION = importlib.import_module("yingcai.jobs.migrations.0003_search_index")


def indexed(summary: str) -> TalentProfile:
    profile = ProfileFactory(summary=summary)
    services.refresh_profile_index(profile)
    return profile


def found(text: str) -> list[str]:
    profiles = search.search_talents(TalentProfile.objects.all(), text)
    return sorted(profiles.values_list("summary", flat=True))


def index_objects() -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT indexname FROM pg_indexes WHERE tablename = 'talents_talentprofile' "
                "AND indexname LIKE '%%search_vector'"
            )
        else:
            names = [search.FTS] + [name for name, _body in search.SQLITE_INDEX.triggers]
            cursor.execute("SELECT name FROM sqlite_master WHERE name IN (%s, %s, %s, %s)", names)
        return {row[0] for row in cursor.fetchall()}


@pytest.mark.django_db(transaction=True)
def test_the_talents_migration_takes_over_the_index_the_old_jobs_migration_made():
    put_back_reference_rows()
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    assert index_objects() == set()  # reversing talents.0004 took the index away
    # A database migrated at the old main: jobs.0003 had indexed the talents' table, with
    # the statements it still holds for a table.
    old = getattr(OLD_JOBS_MIGRATION, f"_{connection.vendor}")("talents_talentprofile")
    with connection.schema_editor() as editor:
        for sql in old:
            editor.execute(sql)
    indexed("十年锂电池正极材料研发经验。")

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    if connection.vendor == "postgresql":
        assert index_objects() == {"talents_talentprofile_search_vector"}
    else:
        assert index_objects() == {
            "talents_talentprofile_fts",
            "talents_talentprofile_fts_ai",
            "talents_talentprofile_fts_ad",
            "talents_talentprofile_fts_au",
        }
    indexed("Machine learning for drug discovery.")
    assert found("正极材料") == ["十年锂电池正极材料研发经验。"]
    assert found("drug") == ["Machine learning for drug discovery."]
    TalentProfile.objects.filter(summary__startswith="Machine").delete()
    assert found("drug") == []


@pytest.mark.django_db
def test_the_sqlite_index_of_the_talents_is_repaired_after_a_table_rebuild():
    if connection.vendor != "sqlite":
        assert index.repair() == []
        return
    with connection.cursor() as cursor:
        for name, _body in search.SQLITE_INDEX.triggers:
            cursor.execute(f"DROP TRIGGER {name}")
    indexed("无人机飞控算法研究。")
    assert found("无人机") == []  # what a rebuild without repair would leave
    assert index.repair() == ["talents_talentprofile"]
    assert found("无人机") == ["无人机飞控算法研究。"]
    assert index.repair() == []
