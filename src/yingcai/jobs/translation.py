from modeltranslation.translator import TranslationOptions, register

from .models import Job


@register(Job)
class JobTranslation(TranslationOptions):
    fields = ("title", "description")
    # Most employers write in Chinese, an overseas investor may write in English only: at
    # least one language is required (checked by the form every path goes through).
    required_languages = ()
