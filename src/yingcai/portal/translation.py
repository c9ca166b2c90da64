from modeltranslation.translator import TranslationOptions, register

from .models import NewsItem, Page, SiteSettings


@register(NewsItem)
class NewsItemTranslation(TranslationOptions):
    fields = ("title", "summary", "body")
    required_languages = {"zh-hans": ("title", "body")}


@register(Page)
class PageTranslation(TranslationOptions):
    fields = ("title", "body")
    required_languages = {"zh-hans": ("title",)}


@register(SiteSettings)
class SiteSettingsTranslation(TranslationOptions):
    fields = ("site_name", "sponsor", "host", "contact_address", "award_name")
