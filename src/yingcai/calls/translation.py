from modeltranslation.translator import TranslationOptions, register

from .models import AwardCategory, Call, Criterion, Division, Stage, Track


# Content in either language suffices; the other falls back (settings.MODELTRANSLATION_*).
@register(Call)
class CallTranslation(TranslationOptions):
    fields = ("title", "description")
    required_languages = ()


@register(Track)
class TrackTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ()


@register(Division)
class DivisionTranslation(TranslationOptions):
    fields = ("name", "city")
    required_languages = ()


@register(Stage)
class StageTranslation(TranslationOptions):
    fields = ("name", "venue")
    required_languages = ()


@register(Criterion)
class CriterionTranslation(TranslationOptions):
    fields = ("name", "help")
    required_languages = ()


@register(AwardCategory)
class AwardCategoryTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ()
