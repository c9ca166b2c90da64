from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "yingcai.jobs"
    label = "jobs"
    verbose_name = _("Job fair")

    def ready(self):
        # Importing the tasks connects their receivers (a talent's saved profile refreshes
        # their recommendations); not at the top, as models are not ready when apps load.
        from . import tasks  # noqa: F401, PLC0415
