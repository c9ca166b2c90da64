from modeltranslation.translator import TranslationOptions, register

from .models import Session


@register(Session)
class SessionTranslation(TranslationOptions):
    fields = ("title", "description")
    required_languages = ()
