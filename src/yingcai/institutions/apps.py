from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InstitutionsConfig(AppConfig):
    name = "yingcai.institutions"
    label = "institutions"
    verbose_name = _("Public-institution recruitment")
