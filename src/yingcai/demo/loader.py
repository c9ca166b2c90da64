"""Loading a preset, and emptying the database of everything but its reference data."""

import random
import string
from datetime import date

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import default_storage
from django.core.management.color import no_style
from django.db import connection, models, transaction

from yingcai.accounts.models import User
from yingcai.conference.models import SiteSettings
from yingcai.conference.services import forget_site_settings
from yingcai.core.models import DisciplineField, District
from yingcai.core.rules import STAFF_ROLES
from yingcai.portal.models import Page
from yingcai.privacy import services as privacy_services
from yingcai.privacy.models import LegalDocument
from yingcai.projects.models import Industry
from yingcai.talents.models import CV

from .base import DEMO_PASSWORD, LOGINS, Context, DemoLogin, Preset

# Reference data loaded by migrations, which --reset keeps.
# The values say which rows of a model are the migrations' (None: all of them).
REFERENCE = {
    ContentType: None,
    Permission: None,
    Group.permissions.through: None,
    District: None,
    DisciplineField: None,
    Industry: None,
    SiteSettings: None,
    Group: models.Q(name__in=STAFF_ROLES),
    LegalDocument: models.Q(version=1),
    Page: models.Q(slug__in=("about", "contact")),
}


def has_content(preset: Preset) -> bool:
    return any(model.objects.exists() for model in preset.content_models())


def existing_logins() -> list[DemoLogin]:
    """The demo log-ins present in the database (all of them after a load)."""
    present = set(
        User.objects.filter(email__in=[login.email for login in LOGINS]).values_list(
            "email", flat=True
        )
    )
    return [login for login in LOGINS if login.email in present]


def load(preset: Preset, *, seed: int, scale: float, anchor: date, reset: bool = False) -> Context:
    """Run the preset's steps in one transaction (after emptying the database if `reset`)."""
    ctx = Context(seed=seed, scale=scale, anchor=anchor, counts=preset.counts)
    # One hash for every account: hashing per user would take minutes. Its salt
    # comes from the seed so that a load is identical down to the password column.
    salt_source = random.Random(f"{seed}:password")
    salt = "".join(salt_source.choice(string.ascii_letters + string.digits) for _ in range(22))
    ctx.password_hash = make_password(DEMO_PASSWORD, salt=salt)
    with transaction.atomic():
        if reset:
            wipe()
        for step in preset.steps:
            ctx.rng = random.Random(f"{seed}:{step.name}")
            step.load(ctx)
        transaction.on_commit(_forget_cached)
    _analyse()
    return ctx


def _analyse() -> None:
    # Fresh planner statistics after a bulk load: without them SQLite never has any, and
    # PostgreSQL's would wait for autovacuum; searches and counts pick bad plans meanwhile.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def wipe() -> None:
    """Delete every row that is not reference data, whoever created it.

    Like `flush`, the tables are emptied in a few statements rather than by the
    ORM collecting every related row in memory first, and their ids start again
    at 1, so a load after a reset is the same as a load into a new database.
    """
    # Uploaded files are not rows: those of the CVs about to go are deleted once the
    # new load has committed, unless the load wrote a file of the same name again.
    old_files = list(CV.objects.values_list("file", flat=True))
    transaction.on_commit(lambda: _delete_orphaned_files(old_files))
    # PostgreSQL refuses to truncate a table with foreign-key checks still
    # deferred in this transaction (rows written earlier in it): run them now.
    connection.check_constraints()
    tables = set(connection.introspection.django_table_names(only_existing=True))
    tables -= {model._meta.db_table for model in REFERENCE}
    connection.ops.execute_sql_flush(
        connection.ops.sql_flush(no_style(), sorted(tables), reset_sequences=True)
    )
    for model, migrations_rows in REFERENCE.items():
        if migrations_rows is not None:
            model._base_manager.exclude(migrations_rows).delete()


def _delete_orphaned_files(names: list[str]) -> None:
    kept = set(CV.objects.filter(file__in=names).values_list("file", flat=True))
    for name in names:
        if name not in kept:
            default_storage.delete(name)


def _forget_cached() -> None:
    # Both caches may hold rows from before the load (and are shared with the
    # web processes when Redis is configured).
    forget_site_settings()
    privacy_services.forget_current_documents()
