from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from yingcai.core.admin_base import RulesModelAdmin, TranslatedRulesAdmin

from . import services
from .models import Acceptance, CookieConsent, LegalDocument


@admin.register(LegalDocument)
class LegalDocumentAdmin(TranslatedRulesAdmin):
    list_display = ["kind", "version", "title", "published_at"]
    list_filter = ["kind", "published_at"]
    search_fields = ["title_zh_hans", "title_en", "body_zh_hans", "body_en"]
    readonly_fields = ["version", "published_at", "created_at"]
    actions = ["publish"]

    def save_model(self, request, obj, form, change):
        if change:
            services.update_draft(request.user, obj)
        else:
            services.add_version(request.user, obj)

    @admin.action(description=_("Publish the selected versions"))
    def publish(self, request, queryset):
        for doc in queryset:
            services.publish(request.user, doc)
        self.message_user(request, _("Published."), messages.SUCCESS)


@admin.register(Acceptance)
class AcceptanceAdmin(RulesModelAdmin):
    list_display = ["user", "document", "accepted_at"]
    list_filter = ["document__kind", "document__version", "accepted_at"]
    search_fields = ["user__email", "user__name"]
    list_select_related = ["user", "document"]
    raw_id_fields = ["user"]


@admin.register(CookieConsent)
class CookieConsentAdmin(RulesModelAdmin):
    list_display = ["created_at", "choice", "policy", "user"]
    list_filter = ["choice", "created_at"]
    search_fields = ["id", "user__email"]
    list_select_related = ["policy", "user"]
