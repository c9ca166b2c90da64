from modeltranslation.translator import TranslationOptions, register

from .models import NewsItem, Page


@register(NewsItem)
class NewsItemTranslation(TranslationOptions):
    fields = ("title", "summary", "body")
    required_languages = {"zh-hans": ("title", "body")}


@register(Page)
class PageTranslation(TranslationOptions):
    fields = ("title", "body")
    required_languages = {"zh-hans": ("title",)}
