from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _

from .cache import create_cache_tables
from .registry import figures


class CoreConfig(AppConfig):
    name = "yingcai.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        # Each app's rules.py registers its rules: all of them, in one place, before any
        # request or command asks one.
        autodiscover_modules("rules")

        post_migrate.connect(create_cache_tables, sender=self)
        # Each module declares its figures and the personal data it holds in its own
        # `figures.py` and `personal_data.py` (core.registry); importing them registers them,
        # in the order of INSTALLED_APPS, so a module's breakdowns come before its users'.
        autodiscover_modules("figures", "personal_data")
        figures.connect_invalidation()
        _hide_task_queue_from_the_admin()
        # Connects the clean-up of sent mail; it reads django-tasks-db's model, which is not
        # ready when this module is imported.
        from . import tasks  # noqa: F401, PLC0415


def _hide_task_queue_from_the_admin():
    """django-tasks-db registers its queue in the admin with a plain ModelAdmin, which asks no
    rule of ours; its rows hold mail bodies (password-reset links) and SMS codes. Operators
    read the queue with `yingcai db_worker`'s log instead (docs/operations.md)."""
    # Both need the app registry, which is not ready when this module is imported.
    from django.contrib import admin  # noqa: PLC0415
    from django_tasks_db.models import DBTaskResult  # noqa: PLC0415

    if admin.site.is_registered(DBTaskResult):
        admin.site.unregister(DBTaskResult)
