from modeltranslation.translator import TranslationOptions, register

from .models import DisciplineField, District


@register(District)
class DistrictTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("zh-hans", "en")


@register(DisciplineField)
class DisciplineFieldTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("zh-hans", "en")
