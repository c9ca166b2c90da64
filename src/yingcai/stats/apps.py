from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatsConfig(AppConfig):
    name = "yingcai.stats"
    verbose_name = _("Statistics")

    def ready(self):
        # Each module declares its figures in its own `figures.py`; importing them here
        # registers them without the statistics code knowing the modules.
        from django.utils.module_loading import autodiscover_modules

        from . import dimensions, registry  # noqa: F401 - the shared breakdowns

        autodiscover_modules("figures")
        registry.connect_invalidation()
