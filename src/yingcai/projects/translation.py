from modeltranslation.translator import TranslationOptions, register

from .models import Demand, Industry, Project


@register(Industry)
class IndustryTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("zh-hans", "en")


@register(Project)
class ProjectTranslation(TranslationOptions):
    fields = ("title", "summary")
    # A domestic team writes in Chinese, an overseas one may write in English only: at least
    # one language is required (checked by the form every path goes through).
    required_languages = ()


@register(Demand)
class DemandTranslation(TranslationOptions):
    fields = ("title", "description", "offers")
    required_languages = ()
