from django.contrib import admin
from modeltranslation.admin import TranslationTabularInline

from yingcai.core.admin_base import TranslatedRulesAdmin

from . import services
from .models import Conference, Venue


class VenueInline(TranslationTabularInline):
    model = Venue
    extra = 0


@admin.register(Conference)
class ConferenceAdmin(TranslatedRulesAdmin):
    list_display = ["name", "starts_at", "ends_at", "is_current"]
    list_filter = ["is_current", "starts_at"]
    search_fields = ["name_zh_hans", "name_en", "theme_zh_hans", "theme_en"]
    inlines = [VenueInline]

    def save_model(self, request, obj, form, change):
        services.save_conference(request.user, obj, form.changed_data)


@admin.register(Venue)
class VenueAdmin(TranslatedRulesAdmin):
    list_display = ["name", "conference", "kind", "district", "position"]
    list_filter = ["kind", "conference", "district"]
    search_fields = ["name_zh_hans", "name_en", "address_zh_hans", "address_en"]
    list_select_related = ["conference", "district"]
