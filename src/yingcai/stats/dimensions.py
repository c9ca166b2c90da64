"""The shared breakdowns: one taxonomy of fields, districts, degrees, levels and origins."""

from django.utils.translation import gettext_lazy as _

from .registry import Dimension, register_dimension


def _fields():
    from yingcai.core.models import DisciplineField

    return {f.slug: str(f) for f in DisciplineField.objects.all()}


def _districts():
    from yingcai.core.models import District

    return {d.slug: str(d) for d in District.objects.all()}


def _choices(choices):
    return {value: str(label) for value, label in choices}


def _degrees():
    from yingcai.core.choices import Degree

    return {**_choices(Degree.choices), "other": str(_("other"))}


def _levels():
    from yingcai.organisations.models import Organisation

    return _choices(Organisation.Level.choices)


def _origins():
    from yingcai.talents.models import TalentProfile

    return _choices(TalentProfile.Origin.choices)


FIELD = register_dimension(Dimension("field", _("discipline field"), _fields))
DISTRICT = register_dimension(Dimension("district", _("district or county"), _districts))
DEGREE = register_dimension(Dimension("degree", _("degree"), _degrees, ordered=True))
LEVEL = register_dimension(Dimension("level", _("level"), _levels))
ORIGIN = register_dimension(Dimension("origin", _("domestic or overseas"), _origins))
