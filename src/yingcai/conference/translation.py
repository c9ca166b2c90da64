from modeltranslation.translator import TranslationOptions, register

from .models import Conference, SiteSettings, Venue


@register(Conference)
class ConferenceTranslation(TranslationOptions):
    fields = ("name", "theme", "description", "online_description", "offline_description")
    required_languages = {"zh-hans": ("name",), "en": ("name",)}


@register(Venue)
class VenueTranslation(TranslationOptions):
    fields = ("name", "address")
    required_languages = {"zh-hans": ("name",)}


@register(SiteSettings)
class SiteSettingsTranslation(TranslationOptions):
    fields = ("site_name", "sponsor", "host", "contact_address", "award_name")
