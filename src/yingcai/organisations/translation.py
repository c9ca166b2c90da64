from modeltranslation.translator import TranslationOptions, register

from .models import Organisation


@register(Organisation)
class OrganisationTranslation(TranslationOptions):
    fields = ("name", "description")
    # An overseas investor may have only an English name, a county office only
    # a Chinese one: at least one is required (checked by the forms).
    required_languages = ()
