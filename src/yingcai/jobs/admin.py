"""The job fair in the back office: read-only lists for the organisers.

Job requirements are changed by their organisations and decided in the approval queue
(/orga/jobs/); here organiser administrators may only delete one (an illegal posting), and
that goes through `services.delete_job`.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from yingcai.core.admin_base import RulesModelAdmin

from . import services
from .models import Application, Interview, InterviewSlot, Job, Recommendation, Stage

ORGANISATION_SEARCH = ["organisation__name_zh_hans", "organisation__name_en"]


class ReadOnlyAdmin(RulesModelAdmin):
    """Nothing is added or edited here; the permission rules decide who sees what."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Job)
class JobAdmin(ReadOnlyAdmin):
    list_display = [
        "title",
        "organisation",
        "status",
        "field",
        "district",
        "deadline",
        "published_at",
    ]
    list_filter = [
        "status",
        "interview_mode",
        "degree_min",
        "overseas_friendly",
        "field",
        "district",
    ]
    search_fields = ["title_zh_hans", "title_en", *ORGANISATION_SEARCH, "contact_email"]
    list_select_related = ["organisation", "field", "district"]
    date_hierarchy = "created_at"
    exclude = ["search_document"]

    def get_deleted_objects(self, objs, request):
        # The service removes the applications, slots and interviews with the job: the rule
        # jobs.delete_job is the whole decision, whatever the rules of those models say.
        deleted, counts, _perms_needed, _protected = super().get_deleted_objects(objs, request)
        return deleted, counts, set(), []

    def delete_model(self, request, obj):
        services.delete_job(request.user, obj)

    def delete_queryset(self, request, queryset):
        for job in queryset:
            services.delete_job(request.user, job)


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    list_display = ["talent", "job", "organisation", "stage", "created_at"]
    list_filter = ["stage__key", "created_at"]
    search_fields = [
        "talent__email",
        "talent__name",
        "job__title_zh_hans",
        "job__title_en",
        "job__organisation__name_zh_hans",
        "job__organisation__name_en",
    ]
    list_select_related = ["talent", "job", "job__organisation", "stage"]
    # Ratings and notes stay inside the organisation, even in the back office.
    exclude = ["rating"]

    @admin.display(description=_("organisation"))
    def organisation(self, obj):
        return obj.job.organisation


@admin.register(Stage)
class StageAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "organisation", "key", "position"]
    list_filter = ["key"]
    search_fields = ["name", *ORGANISATION_SEARCH]
    list_select_related = ["organisation"]


@admin.register(InterviewSlot)
class InterviewSlotAdmin(ReadOnlyAdmin):
    list_display = ["job", "starts_at", "ends_at", "mode", "place"]
    list_filter = ["mode", "starts_at"]
    search_fields = [
        "job__title_zh_hans",
        "job__title_en",
        "job__organisation__name_zh_hans",
        "job__organisation__name_en",
    ]
    list_select_related = ["job"]


@admin.register(Interview)
class InterviewAdmin(ReadOnlyAdmin):
    list_display = ["application", "slot", "booked_at"]
    list_filter = ["slot__mode", "booked_at"]
    search_fields = [
        "application__talent__email",
        "application__talent__name",
        "slot__job__title_zh_hans",
        "slot__job__title_en",
    ]
    list_select_related = ["application__talent", "application__job", "slot", "slot__job"]


@admin.register(Recommendation)
class RecommendationAdmin(ReadOnlyAdmin):
    list_display = ["talent", "job", "direction", "position", "score", "computed_at"]
    list_filter = ["direction", "computed_at"]
    search_fields = ["talent__email", "talent__name", "job__title"]
    list_select_related = ["talent", "job"]
