from modeltranslation.translator import TranslationOptions, register

from .models import District


@register(District)
class DistrictTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("zh-hans", "en")
