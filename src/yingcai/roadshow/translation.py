from modeltranslation.translator import TranslationOptions, register

from .models import RoadshowSession


@register(RoadshowSession)
class RoadshowSessionTranslation(TranslationOptions):
    fields = ("title", "venue")
    required_languages = ()
