from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _repair_search_index(using="default", **kwargs):
    from . import search

    search.repair_index(using)


class JobsConfig(AppConfig):
    name = "yingcai.jobs"
    label = "jobs"
    verbose_name = _("Job fair")

    def ready(self):
        # A later migration that alters an indexed table makes SQLite rebuild it, dropping
        # the full-text triggers; put them back after every migrate.
        post_migrate.connect(
            _repair_search_index, sender=self, dispatch_uid="jobs.repair_search_index"
        )
        # Importing the tasks connects their receivers (a talent's saved profile refreshes
        # their recommendations); not at the top, as models are not ready when apps load.
        from . import tasks  # noqa: F401
