"""The breakdowns over core's taxonomy, shared by every module's figures: discipline field,
district or county, degree."""

from django.utils.translation import gettext_lazy as _

from yingcai.core.registry.figures import Dimension, register_dimension

from .choices import Degree
from .models import DisciplineField, District


def _fields():
    return {f.slug: str(f) for f in DisciplineField.objects.all()}


def _districts():
    return {d.slug: str(d) for d in District.objects.all()}


def _degrees():
    return {**{value: str(label) for value, label in Degree.choices}, "other": str(_("other"))}


register_dimension(Dimension("field", _("discipline field"), _fields))
register_dimension(Dimension("district", _("district or county"), _districts))
register_dimension(Dimension("degree", _("degree"), _degrees, ordered=True))
