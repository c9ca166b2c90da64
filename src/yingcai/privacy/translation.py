from modeltranslation.translator import TranslationOptions, register

from .models import LegalDocument


@register(LegalDocument)
class LegalDocumentTranslation(TranslationOptions):
    fields = ("title", "body", "changes")
    required_languages = {"zh-hans": ("title", "body"), "en": ("title", "body")}
