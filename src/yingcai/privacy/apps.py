from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "yingcai.privacy"
    label = "privacy"
    verbose_name = _("Privacy and consent")

    def ready(self):
        from django.utils.module_loading import autodiscover_modules

        # Each module declares the personal data it holds in its own `personal_data.py`
        # (privacy.registry); importing them here registers them.
        autodiscover_modules("personal_data")
