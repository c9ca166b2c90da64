"""The breakdown the organisations own: an organisation's level (municipal, district …)."""

from django.utils.translation import gettext_lazy as _

from yingcai.core.registry.figures import Dimension, register_dimension

from .models import Organisation

register_dimension(
    Dimension(
        "level",
        _("level"),
        lambda: {value: str(label) for value, label in Organisation.Level.choices},
    )
)
