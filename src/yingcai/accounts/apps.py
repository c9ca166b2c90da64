from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "yingcai.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        # The modules built on the accounts add their panels to "My Yingcai" in their own
        # `panels.py` (accounts.panels); importing them registers them.
        autodiscover_modules("panels")
