from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoadshowConfig(AppConfig):
    name = "yingcai.roadshow"
    label = "roadshow"
    verbose_name = _("Roadshow")
