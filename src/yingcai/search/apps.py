from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "yingcai.search"
    verbose_name = _("Search")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Each app with a full-text index declares it in its own `search.py` (search.index);
        # importing them registers them.
        autodiscover_modules("search")
        # A migration that alters an indexed table makes SQLite rebuild it, dropping the
        # index's triggers: put them back after every migrate.
        from . import index  # noqa: PLC0415 - reads models, not ready when apps load

        post_migrate.connect(index.repair, sender=self, dispatch_uid="search.repair_indexes")
