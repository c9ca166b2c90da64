from modeltranslation.translator import TranslationOptions, register

from .models import Guest, Honour


@register(Guest)
class GuestTranslation(TranslationOptions):
    fields = ("name", "public_title", "organisation")
    required_languages = ()


@register(Honour)
class HonourTranslation(TranslationOptions):
    fields = ("name", "category", "affiliation")
    required_languages = ()
