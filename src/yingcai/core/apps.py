from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "yingcai.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        # The permission rules live in one module; importing it registers them.
        from django.db.models.signals import post_migrate

        from yingcai import permissions  # noqa: F401

        from .cache import create_cache_tables

        post_migrate.connect(create_cache_tables, sender=self)
