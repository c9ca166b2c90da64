from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgaConfig(AppConfig):
    name = "yingcai.orga"
    label = "orga"
    verbose_name = _("Organiser back office")
