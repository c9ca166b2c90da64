"""Public-institution recruitment in the back office: read-only lists for organiser staff.

Rounds are run from /orga/recruitment/, posts and applications by their institutions; every
change goes through `yingcai.institutions.services`, so nothing is added or edited here.
Certificates (sensitive personal information) are not listed at all: they are seen only
where an application is reviewed.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from yingcai.core.admin_base import ReadOnlyRulesAdmin as ReadOnlyAdmin
from yingcai.core.rules import can

from .models import Objection, Post, PostApplication, PostQuestion, ReviewDecision, Round, Score

INSTITUTION_SEARCH = ["institution__name_zh_hans", "institution__name_en"]
APPLICATION_SEARCH = [
    "application__talent__name",
    "application__talent__email",
    "application__post__code",
    "application__post__name_zh_hans",
    "application__post__name_en",
]


@admin.register(Round)
class RoundAdmin(ReadOnlyAdmin):
    list_display = [
        "title",
        "phase",
        "mode",
        "ratio",
        "registration_opens",
        "registration_closes",
        "publicity_starts",
        "closed_at",
    ]
    list_filter = ["phase", "mode", "registration_opens"]
    search_fields = ["title_zh_hans", "title_en", "announcement_zh_hans", "announcement_en"]
    date_hierarchy = "registration_opens"
    list_select_related = ["created_by"]


class PostQuestionInline(admin.TabularInline):
    model = PostQuestion
    extra = 0
    fields = ["position", "text", "required"]
    readonly_fields = fields
    can_delete = False

    def has_view_permission(self, request, obj=None):
        # The questions are part of the post: whoever may see it sees them.
        return can(request.user, "institutions.view_post", obj)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Post)
class PostAdmin(ReadOnlyAdmin):
    list_display = [
        "code",
        "name",
        "institution",
        "level",
        "round",
        "headcount",
        "reduced_headcount",
        "status",
        "method",
        "exempt_from_ratio",
    ]
    list_filter = [
        "status",
        "method",
        "degree_min",
        "exempt_from_ratio",
        "institution__level",
        "round",
    ]
    search_fields = [
        "code",
        "name_zh_hans",
        "name_en",
        "majors_zh_hans",
        "majors_en",
        *INSTITUTION_SEARCH,
    ]
    list_select_related = ["institution", "round"]
    inlines = [PostQuestionInline]

    @admin.display(description=_("level"), ordering="institution__level")
    def level(self, obj):
        return obj.institution.get_level_display()


@admin.register(PostApplication)
class PostApplicationAdmin(ReadOnlyAdmin):
    list_display = [
        "talent",
        "post",
        "round",
        "rank",
        "status",
        "degree",
        "total_score",
        "rank_in_post",
        "tied",
        "substitute",
        "submitted_at",
    ]
    list_filter = [
        "status",
        "degree",
        "substitute",
        "exam",
        "inspection",
        "post__institution__level",
        "round",
    ]
    search_fields = [
        "talent__name",
        "talent__email",
        "post__code",
        "post__name_zh_hans",
        "post__name_en",
        "post__institution__name_zh_hans",
        "post__institution__name_en",
    ]
    list_select_related = ["talent", "post", "round"]
    date_hierarchy = "submitted_at"


@admin.register(ReviewDecision)
class ReviewDecisionAdmin(ReadOnlyAdmin):
    list_display = ["application", "decision", "reason", "actor", "created_at"]
    list_filter = ["decision", "created_at"]
    search_fields = [*APPLICATION_SEARCH, "reason"]
    list_select_related = ["application__talent", "application__post", "actor"]
    date_hierarchy = "created_at"


@admin.register(Score)
class ScoreAdmin(ReadOnlyAdmin):
    list_display = ["application", "stage", "assessor", "score", "entered_by", "entered_at"]
    list_filter = ["stage", "entered_at"]
    search_fields = [*APPLICATION_SEARCH, "assessor"]
    list_select_related = ["application__talent", "application__post", "entered_by"]


@admin.register(Objection)
class ObjectionAdmin(ReadOnlyAdmin):
    list_display = ["application", "name", "status", "created_at", "handled_by"]
    list_filter = ["status", "created_at"]
    search_fields = [*APPLICATION_SEARCH, "name", "contact", "text", "response"]
    list_select_related = ["application__talent", "application__post", "handled_by"]
    date_hierarchy = "created_at"
