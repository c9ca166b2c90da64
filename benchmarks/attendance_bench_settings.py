"""The settings of `attendance_register.py`'s server: the site's own, with a URLconf that adds
the bare view it compares against, and plain static-file names (the benchmark does not run
`collectstatic`, which the manifest storage of production needs). Nothing else differs."""

from yingcai.settings import *  # noqa: F403

ROOT_URLCONF = "attendance_bench_urls"
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
