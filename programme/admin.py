from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from .models import (
    Activity,
    ActivityStatus,
    Actor,
    Issue,
    Objective,
    Programme,
    Responsibility,
    SubActivity,
)


@admin.register(Programme)
class ProgrammeAdmin(TranslationAdmin):
    list_display = ("title", "code", "resolution", "start_year", "end_year", "is_current")
    list_filter = ("is_current",)
    search_fields = ("code", "title_en", "title_fr", "title_ru", "resolution")


class IssueInline(TranslationTabularInline):
    model = Issue
    fields = ("code", "kind", "title")
    extra = 0
    show_change_link = True


@admin.register(Objective)
class ObjectiveAdmin(TranslationAdmin):
    list_display = ("__str__", "title", "programme")
    list_filter = ("programme",)
    search_fields = ("title_en", "title_fr", "title_ru")
    list_select_related = ("programme",)


class ActivityInline(TranslationTabularInline):
    model = Activity
    fields = ("code", "heading", "priority")
    extra = 0
    show_change_link = True


@admin.register(Issue)
class IssueAdmin(TranslationAdmin):
    list_display = ("code", "title", "kind", "objective", "programme")
    list_filter = ("programme", "objective", "kind")
    search_fields = ("code", "title_en", "title_fr", "title_ru")
    list_select_related = ("objective", "programme")
    inlines = [ActivityInline]


class SubActivityInline(TranslationTabularInline):
    model = SubActivity
    fields = ("position", "letter", "heading", "text", "priority")
    extra = 0


class ResponsibilityInline(TranslationTabularInline):
    model = Responsibility
    fields = ("position", "actor", "proposed", "qualifier")
    autocomplete_fields = ("actor",)
    extra = 0


@admin.register(Activity)
class ActivityAdmin(TranslationAdmin):
    list_display = ("code", "short_text", "issue", "priority")
    list_filter = (
        "programme",
        "issue__objective",
        "issue",
        "priority",
        "actors",
        "species",
        "range_states",
        "landscapes",
    )
    search_fields = ("code", "text_en", "text_fr", "text_ru", "heading_en", "heading_fr")
    list_select_related = ("issue",)
    filter_horizontal = (
        "species",
        "range_states",
        "landscapes",
        "referenced_activities",
        "referenced_issues",
    )
    inlines = [SubActivityInline, ResponsibilityInline]

    @admin.display(description=_("text"), ordering="sort_key")
    def short_text(self, obj):
        return obj.short_text

    def get_ordering(self, request):
        return ["programme", "sort_key"]


@admin.register(Actor)
class ActorAdmin(TranslationAdmin):
    list_display = ("name", "slug", "kind")
    list_filter = ("kind",)
    search_fields = ("slug", "name_en", "name_fr", "name_ru")


@admin.register(ActivityStatus)
class ActivityStatusAdmin(admin.ModelAdmin):
    list_display = ("activity", "status", "status_date", "updated_at", "updated_by")
    list_filter = ("status",)
    list_select_related = ("activity", "updated_by")
    search_fields = ("activity__code", "note")
