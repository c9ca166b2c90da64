"""Talents in the back office: read-only (talents edit their own profiles; CVs are never here).

The rules (talents/rules.py) grant only `view` on these models, to organiser administrators.
"""

from django.contrib import admin

from yingcai.core.admin_base import RulesModelAdmin

from .models import Education, TalentProfile, WorkExperience


class _ReadOnly(RulesModelAdmin):
    def get_readonly_fields(self, request, obj=None):
        fields = [*self.model._meta.fields, *self.model._meta.many_to_many]
        return [f.name for f in fields if f.name != "search_document"]


@admin.register(TalentProfile)
class TalentProfileAdmin(_ReadOnly):
    list_display = ["user", "degree", "title", "origin", "country", "visibility", "created_at"]
    list_filter = ["degree", "postdoctoral", "title", "origin", "visibility", "fields"]
    search_fields = ["user__email", "user__name", "university", "skills", "country"]
    list_select_related = ["user"]
    date_hierarchy = "created_at"
    exclude = ["search_document"]


@admin.register(WorkExperience)
class WorkExperienceAdmin(_ReadOnly):
    list_display = ["position", "employer", "start", "end", "profile"]
    list_filter = ["start"]
    search_fields = ["employer", "position", "profile__user__email", "profile__user__name"]
    list_select_related = ["profile__user"]


@admin.register(Education)
class EducationAdmin(_ReadOnly):
    list_display = ["institution", "degree", "major", "start", "end", "profile"]
    list_filter = ["degree", "start"]
    search_fields = ["institution", "major", "profile__user__email", "profile__user__name"]
    list_select_related = ["profile__user"]
