from django.contrib import admin
from modeltranslation.admin import TranslationTabularInline

from yingcai.core.admin_base import TranslatedRulesAdmin

from . import services
from .models import Conference, SiteSettings, Venue


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

    def save_formset(self, request, form, formset, change):
        # The venues edited inline go through their service, like the venue admin.
        save_venues(request, formset)


@admin.register(Venue)
class VenueAdmin(TranslatedRulesAdmin):
    list_display = ["name", "conference", "kind", "district", "position"]
    list_filter = ["kind", "conference", "district"]
    search_fields = ["name_zh_hans", "name_en", "address_zh_hans", "address_en"]
    list_select_related = ["conference", "district"]

    def save_model(self, request, obj, form, change):
        services.save_venue(request.user, obj, form.changed_data)

    def delete_model(self, request, obj):
        services.delete_venue(request.user, obj)

    def delete_queryset(self, request, queryset):
        for venue in queryset:
            services.delete_venue(request.user, venue)


def save_venues(request, formset):
    venues = formset.save(commit=False)
    for venue in formset.deleted_objects:
        services.delete_venue(request.user, venue)
    changed = {id(f.instance): f.changed_data for f in formset.forms if f.has_changed()}
    for venue in venues:
        services.save_venue(request.user, venue, changed.get(id(venue), []))


@admin.register(SiteSettings)
class SiteSettingsAdmin(TranslatedRulesAdmin):
    list_display = ["__str__", "icp_number", "public_security_number", "updated_at"]
    search_fields = ["icp_number", "public_security_number", "contact_email"]
    list_filter = ["updated_at"]

    def has_add_permission(self, request):
        return not SiteSettings.objects.exists() and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        services.save_site_settings(request.user, obj, form.changed_data)
