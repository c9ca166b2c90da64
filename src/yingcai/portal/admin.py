from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from yingcai.core.admin_base import RulesModelAdmin, TranslatedRulesAdmin

from . import services
from .models import Message, MessageReply, NewsItem, Page, Report


@admin.register(NewsItem)
class NewsItemAdmin(TranslatedRulesAdmin):
    list_display = ["title", "kind", "published_at", "author"]
    list_filter = ["kind", "published_at"]
    search_fields = ["title_zh_hans", "title_en", "body_zh_hans", "body_en", "slug"]
    date_hierarchy = "published_at"
    list_select_related = ["author"]
    readonly_fields = ["author", "created_at", "updated_at"]
    actions = ["publish", "unpublish"]

    def save_model(self, request, obj, form, change):
        services.save_news_item(request.user, obj, form.changed_data)

    @admin.action(description=_("Publish now"))
    def publish(self, request, queryset):
        for item in queryset:
            services.publish_news_item(request.user, item)
        self.message_user(request, _("Published."), messages.SUCCESS)

    @admin.action(description=_("Withdraw (back to draft)"))
    def unpublish(self, request, queryset):
        for item in queryset:
            services.unpublish_news_item(request.user, item)
        self.message_user(request, _("Withdrawn."), messages.SUCCESS)


@admin.register(Page)
class PageAdmin(TranslatedRulesAdmin):
    list_display = ["title", "slug", "updated_at"]
    search_fields = ["title_zh_hans", "title_en", "slug", "body_zh_hans", "body_en"]
    list_filter = ["updated_at"]

    def save_model(self, request, obj, form, change):
        services.save_page(request.user, obj, form.changed_data)


class ReplyInline(admin.TabularInline):
    model = MessageReply
    extra = 0
    readonly_fields = ["author", "body", "created_at"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Message)
class MessageAdmin(RulesModelAdmin):
    list_display = ["subject", "name", "status", "allow_publication", "created_at"]
    list_filter = ["status", "allow_publication", "language", "created_at"]
    search_fields = ["subject", "body", "name", "email"]
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in Message._meta.fields]
    inlines = [ReplyInline]
    actions = ["publish", "reject"]

    @admin.action(description=_("Publish"))
    def publish(self, request, queryset):
        for message in queryset:
            try:
                services.publish_message(request.user, message)
            except ValidationError as error:
                self.message_user(
                    request, f"{message}: {' '.join(error.messages)}", messages.WARNING
                )

    @admin.action(description=_("Reject"))
    def reject(self, request, queryset):
        for message in queryset:
            services.reject_message(request.user, message)


@admin.register(Report)
class ReportAdmin(RulesModelAdmin):
    list_display = ["tracking_number", "category", "status", "created_at", "handled_by"]
    list_filter = ["status", "category", "created_at"]
    search_fields = ["tracking_number", "url", "description", "reporter_email"]
    date_hierarchy = "created_at"
    list_select_related = ["handled_by"]
    readonly_fields = [f.name for f in Report._meta.fields]
