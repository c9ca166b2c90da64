"""Settings for the test suite: the real settings, made fast and self-contained."""

import os
import tempfile

# Before the real settings read the environment: plain HTTP for the test
# client and the live server, and a throw-away ./var.
os.environ["HTTPS"] = "0"
os.environ.setdefault("YINGCAI_VAR_DIR", tempfile.mkdtemp(prefix="yingcai-test-"))
# Under pytest-xdist each worker inherits the variable from the controller: give each its own
# folder beneath it, or one worker's `demo --reset` deletes the CV files another just loaded.
if worker := os.environ.get("PYTEST_XDIST_WORKER"):
    os.environ["YINGCAI_VAR_DIR"] = os.path.join(os.environ["YINGCAI_VAR_DIR"], worker)
os.environ.pop("REDIS_URL", None)

from yingcai.settings import *  # noqa: F403
from yingcai.settings import STORAGES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SMS_BACKEND = "yingcai.accounts.sms.LocmemBackend"
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
# A per-process cache keeps tests fast and isolated (conftest clears it around each test,
# with or without the database). The embedded default, the database cache, is proven to hold
# limits across processes by tests/test_deployment.py::test_limits_hold_across_processes.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Tasks run at once, inside the request that queued them, so that a test sees the mail and the
# recommendations without a worker. The embedded default (the database queue and its worker)
# is proven by tests/test_background.py and tests/test_deployment.py.
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "QUEUES": ["default", "mail"],
    }
}

# Marks of changed figures are not throttled in the tests: two saves in one test are two changes.
FIGURES_MARK_INTERVAL = 0
# Each registration's confirmation is swept at once, and the legal documents are read from the
# cache each time (tests/attendance/test_confirmations.py and tests/privacy cover the delays).
ATTENDANCE_CONFIRMATION_DELAY = 0
LEGAL_DOCUMENTS_LOCAL_SECONDS = 0
