"""Real-browser tests: Playwright's sync API driving Debian's Chromium against the live server.

Every test here gets the ``browser`` marker (``make test-fast`` leaves them out), a live
server over a transactional database, and fresh browser contexts. When Chromium is not
installed the whole folder is skipped with one line saying how to enable it.
"""

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection, connections
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.operations import RunPython
from playwright.sync_api import sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
SKIP_REASON = (
    f"Chromium not found at {CHROMIUM}: install Debian's chromium package "
    "(apt-get install chromium) to run the browser tests"
)
# Without the background-networking switches Chromium keeps calling Google's services, and
# this machine's closed network refuses those connections.
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
# The cookie the site sets once a visitor has chosen; only the part before the colon is read.
COOKIE_CHOICE = "yingcai_cookies"
SCREENSHOTS = Path("test-results") / "screenshots"
HERE = Path(__file__).resolve().parent

_pages_key = pytest.StashKey[list]()


def _is_browser_test(item) -> bool:
    return item is not None and HERE in item.path.parents


def pytest_collection_modifyitems(config, items):
    for item in items:
        if _is_browser_test(item):
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    # Raised here rather than in a fixture, so that pytest reports every skipped test at
    # this one place and the summary folds them into a single line.
    if not CHROMIUM.exists():
        pytest.skip(SKIP_REASON)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    # Only the test body counts: a failed fixture leaves no page worth keeping. The
    # contexts are still open here because the fixtures' teardown has not run yet.
    if report.when != "call":
        return report
    target = item.config.rootpath / SCREENSHOTS / f"{_safe_name(item.name)}.png"
    # A screenshot left by an earlier run would suggest that this one failed too.
    target.unlink(missing_ok=True)
    pages = [p for p in item.stash.get(_pages_key, []) if not p.is_closed()]
    if report.failed and pages:
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            pages[-1].screenshot(path=str(target), full_page=True)
        except Exception as error:  # the test's own failure is what must be reported
            report.sections.append(("screenshot", f"could not save {target}: {error}"))
        else:
            report.sections.append(("screenshot", str(target)))
    return report


def _safe_name(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", name).strip("_")


class _Chromium:
    """Playwright and Chromium, started by the first browser test and stopped after the last.

    Playwright's sync API keeps an asyncio loop running in the test thread for as long as
    it is started. Tests outside this folder must not run beside it: asyncio.run() and
    async_to_sync refuse to, and Django hands out other database connections.
    """

    def __init__(self):
        self._playwright = None
        self.browser = None
        self._async_unsafe = None

    def get(self):
        if self.browser is None:
            self._start()
        return self.browser

    def _start(self):

        # Django refuses ORM calls from a thread with a running loop unless told it is
        # safe. It is here: the test thread only queries between browser steps.
        self._async_unsafe = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
        self._playwright = sync_playwright().start()
        self.browser = self._playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS
        )

    def stop(self):
        if self.browser is None:
            return

        # While the loop runs, asgiref hands this thread other connection objects than
        # before; left open, they would keep PostgreSQL from dropping the test database.
        connections.close_all()
        self.browser.close()
        self._playwright.stop()
        self.browser = self._playwright = None
        if self._async_unsafe is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = self._async_unsafe


_chromium = _Chromium()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    try:
        return (yield)
    finally:
        if not _is_browser_test(nextitem):
            _chromium.stop()


def pytest_sessionfinish(session):
    _chromium.stop()


@pytest.fixture
def chromium():
    """The running browser; each test opens its own contexts in it."""
    return _chromium.get()


@pytest.fixture(scope="session")
def _data_migrations(django_db_setup, django_db_blocker):
    """Yingcai's data migrations, each with the historical models it was written for."""

    ours = {config.label for config in apps.get_app_configs() if config.name.startswith("yingcai.")}
    with django_db_blocker.unblock():
        executor = MigrationExecutor(connection)
    steps = []
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes(), clean_start=True)
    for migration, _backwards in plan:
        if migration.app_label not in ours or not any(
            isinstance(operation, RunPython) for operation in migration.operations
        ):
            continue
        state = executor.loader.project_state((migration.app_label, migration.name), at_end=False)
        for operation in migration.operations:
            if isinstance(operation, RunPython):
                steps.append((operation, state.apps))
            state = state.clone()
            operation.state_forwards(migration.app_label, state)
    return steps


@pytest.fixture(autouse=True)
def _live_database(transactional_db, live_server, _data_migrations):
    """A freshly migrated database, committed so that the live server sees it.

    Transactional tests (these and others) end with a flush, which also removes what the
    data migrations created: staff groups, districts, legal texts, site settings, pages.
    Django's serialized rollback cannot bring them back here: it fails on the content
    types that another transactional test's flush has recreated under new ids. So start
    from an empty database and run the data migrations again.
    """

    call_command("flush", interactive=False, verbosity=0)
    with connection.schema_editor() as schema_editor:
        for operation, historical_apps in _data_migrations:
            operation.code(historical_apps, schema_editor)


@pytest.fixture
def new_context(request, chromium, live_server) -> Iterator[Callable]:
    """Open fresh browser contexts on the live server; all are closed after the test."""
    contexts = []
    pages = request.node.stash.setdefault(_pages_key, [])

    def open_context(*, cookie_choice: str | None = "necessary", **options):
        context = chromium.new_context(base_url=live_server.url, **options)
        context.set_default_timeout(10_000)
        if cookie_choice:
            # A visitor who has already answered the cookie notice: the fixed bar would
            # otherwise cover buttons at the bottom of the window in every other journey.
            context.add_cookies(
                [{"name": COOKIE_CHOICE, "value": f"{cookie_choice}:0", "url": live_server.url}]
            )
        context.on("page", lambda new_page: pages.append(new_page))
        contexts.append(context)
        return context

    yield open_context
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context):
    """A page in a fresh context whose visitor has already chosen cookies."""
    return new_context().new_page()


@pytest.fixture
def first_visit(new_context):
    """A page in a fresh context that has never seen the site: the cookie notice shows."""
    return new_context(cookie_choice=None).new_page()
