from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.timezone import localtime
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationTabularInline

from core.admin import HistoryAdmin, HistoryTranslationAdmin, SecretariatImportExportMixin
from core.api.rows import Texts
from core.html import escaped
from core.permissions import read_permissions

from .forms import (
    ActivityAdminForm,
    ActivityStatusForm,
    ActivityStatusListForm,
    BulkStatusForm,
)
from .list_edit import ActivityStatusListFormSet
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
from .resources import ActivityStatusResource, ActorResource
from .services import StatusConflict, can_set_status, set_status, set_status_bulk
from .worksheet import WorksheetChangeList
from .worksheet_filters import RelatedOnlyRowsFilter


@admin.register(Programme)
class ProgrammeAdmin(HistoryTranslationAdmin):
    list_display = ("title", "code", "resolution", "start_year", "end_year", "is_current")
    list_filter = ("is_current",)
    search_fields = ("code", "title_en", "title_fr", "title_ru", "resolution")
    actions = ["make_current"]

    def get_urls(self):
        from django.urls import path

        from .workbook.admin_import import import_view

        view = self.admin_site.admin_view(lambda request: import_view(self, request))
        return [
            path("import-workbook/", view, name="programme_programme_import_workbook"),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        from .workbook.admin_import import can_import

        extra_context = {**(extra_context or {}), "can_import_workbook": can_import(request.user)}
        return super().changelist_view(request, extra_context)

    @admin.action(description=_("Make the selected programme the current one"))
    def make_current(self, request, queryset):
        from .current import can_make_current, make_current

        if not can_make_current(request.user):
            raise PermissionDenied
        if queryset.count() != 1:
            self.message_user(request, _("Select one programme."), messages.ERROR)
            return
        programme = make_current(queryset.get(), by=request.user)
        self.message_user(
            request, _("%(programme)s is now the current programme.") % {"programme": programme}
        )


@admin.register(Objective)
class ObjectiveAdmin(HistoryTranslationAdmin):
    list_display = ("__str__", "title", "programme")
    list_filter = ("programme",)
    search_fields = ("title_en", "title_fr", "title_ru")
    list_select_related = ("programme",)


class ActivityInline(TranslationTabularInline):
    model = Activity
    fields = ("code", "heading", "text", "priority")
    readonly_fields = ("code", "heading", "text", "priority")
    extra = 0
    show_change_link = True
    ordering = ("sort_key",)

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Issue)
class IssueAdmin(HistoryTranslationAdmin):
    list_display = ("code", "title", "kind", "objective", "programme", "activity_count")
    list_filter = ("programme", "objective", "kind")
    search_fields = ("code", "title_en", "title_fr", "title_ru")
    list_select_related = ("objective", "programme")
    inlines = [ActivityInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(activity_count=Count("activities"))

    @admin.display(description=_("activities"), ordering="activity_count")
    def activity_count(self, obj):
        return obj.activity_count

    def get_ordering(self, request):
        return ["programme", "sort_key"]


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
class ActivityAdmin(HistoryTranslationAdmin):
    """The resolution's text of an activity (the secretariat reads it; statuses are edited in
    the worksheet)."""

    list_display = ("code", "list_title", "issue", "priority", "status_link")
    list_filter = (
        "programme", "issue__objective", "issue", "priority", "actors", "species",
        "range_states", "landscapes",
    )  # fmt: skip
    search_fields = (
        "code", "short_title_en", "short_title_fr", "short_title_ru",
        "text_en", "text_fr", "text_ru", "heading_en", "heading_fr",
    )  # fmt: skip
    list_select_related = ("issue", "status")
    filter_horizontal = (
        "species", "range_states", "landscapes", "referenced_activities", "referenced_issues",
    )  # fmt: skip
    inlines = [SubActivityInline, ResponsibilityInline]
    autocomplete_fields = ("continues",)
    form = ActivityAdminForm

    @admin.display(description=_("short title"), ordering="sort_key")
    def list_title(self, obj):
        return obj.list_title

    @admin.display(description=_("status"))
    def status_link(self, obj):
        status = getattr(obj, "status", None)
        if status is None:
            return "—"
        url = reverse("admin:programme_activitystatus_change", args=[status.pk])
        return format_html('<a href="{}">{}</a>', url, status.get_status_display())

    def get_ordering(self, request):
        return ["programme", "sort_key"]


@admin.register(Actor)
class ActorAdmin(SecretariatImportExportMixin, HistoryTranslationAdmin):
    resource_classes = [ActorResource]
    list_display = ("name", "slug", "kind", "activity_count")
    list_filter = ("kind",)
    search_fields = ("slug", "name_en", "name_fr", "name_ru")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(activity_count=Count("responsibilities"))

    @admin.display(description=_("activities"), ordering="activity_count")
    def activity_count(self, obj):
        return obj.activity_count


@admin.register(ActivityStatus)
class ActivityStatusAdmin(SecretariatImportExportMixin, HistoryAdmin):
    """The secretariat's worksheet: one row per activity, status editable in the list."""

    resource_classes = [ActivityStatusResource]
    form = ActivityStatusForm
    # Django's changelist with the rows written once per column (programme/worksheet.py);
    # the import and export buttons are added around it as on every other list.
    change_list_template = "admin/programme/activitystatus/change_list.html"
    # The issue is the number's first two parts: no column of its own, so that the last
    # change is not cut at 1366 px beside the admin's menu and the filters.
    list_display = (
        "code", "activity_text", "priority", "status", "status_date", "last_change",
    )  # fmt: skip
    list_display_links = ("code",)
    list_editable = ("status",)
    list_filter = (
        "status",
        ("activity__programme", RelatedOnlyRowsFilter),
        ("activity__issue__objective", RelatedOnlyRowsFilter),
        ("activity__issue", RelatedOnlyRowsFilter),
        "activity__priority",
        ("activity__actors", RelatedOnlyRowsFilter),
        ("activity__species", RelatedOnlyRowsFilter),
        ("activity__range_states", RelatedOnlyRowsFilter),
        ("activity__landscapes", RelatedOnlyRowsFilter),
    )
    search_fields = (
        "activity__code",
        "activity__text_en", "activity__text_fr", "activity__text_ru",
        "activity__heading_en", "activity__heading_fr", "activity__heading_ru",
        "note",
    )  # fmt: skip
    list_select_related = ("activity", "updated_by")
    # What the rows and their forms read (programme/worksheet.py): not the activity's
    # headings, priority texts and actors in three languages, nor the editor's password.
    list_columns = (
        "id", "activity_id", "status", "status_date", "updated_at", "updated_by_id", "version",
        "updated_by__id", "updated_by__username",
        "activity__id", "activity__code", "activity__priority", "activity__short_title",
        "activity__text",
        *(f"activity__{name}" for name in Texts(Activity, ["short_title", "text"]).columns()),
    )  # fmt: skip
    # The programme's own order (Programme.Meta.ordering) spelled out through the relation:
    # ordering by the relation itself makes every query's compiler copy that order's
    # expressions again.
    ordering = (
        *(
            f"-activity__programme__{field[1:]}" if field.startswith("-")
            else f"activity__programme__{field}"
            for field in Programme._meta.ordering
        ),
        "activity__sort_key",
    )  # fmt: skip
    actions = ["set_status_action"]
    list_per_page = 50
    readonly_fields = ("activity_summary", "last_change")
    fieldsets = (
        (None, {"fields": ("activity_summary",)}),
        (_("Implementation status"), {"fields": ("status", "status_date", "note", "seen_version")}),
        (_("Last change"), {"fields": ("last_change",)}),
    )

    class Media:
        css = {"all": ["portal_admin/worksheet.css"]}

    def has_add_permission(self, request):
        return False  # one row per activity, made when the programme is loaded

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        read_permissions(request.user)  # in one query (core/permissions.py)
        return super().changelist_view(request, extra_context)

    def get_changelist(self, request, **kwargs):
        return WorksheetChangeList

    def get_changelist_form(self, request, **kwargs):
        return ActivityStatusListForm

    def get_changelist_formset(self, request, **kwargs):
        return super().get_changelist_formset(
            request, **{"formset": ActivityStatusListFormSet, **kwargs}
        )

    # -- columns -----------------------------------------------------------------------

    def action_checkbox(self, obj):
        """Django's checkbox (ModelAdmin.action_checkbox), written without the form
        templates: one per row."""
        # format_html's escapes (each argument, not the translated text), without its check
        # for lazy arguments on each of the 50 rows.
        label = gettext("Select this object for an action - {}").format(escaped(str(obj)))
        return SafeString(
            f'<input type="checkbox" name="{escaped(admin.helpers.ACTION_CHECKBOX_NAME)}" '
            f'value="{escaped(str(obj.pk))}" class="action-select" aria-label="{label}">'
        )

    @admin.display(description=_("number"), ordering="activity__sort_key")
    def code(self, obj):
        return obj.activity.code

    @admin.display(description=_("text"))
    def activity_text(self, obj):
        return obj.activity.list_title

    @admin.display(description=_("issue"), ordering="activity__issue__sort_key")
    def issue(self, obj):
        return obj.activity.issue.code

    @admin.display(description=_("priority"), ordering="activity__priority")
    def priority(self, obj):
        return obj.activity.get_priority_display()

    @admin.display(description=_("last change"), ordering="updated_at")
    def last_change(self, obj):
        # Text, not lazy text: the list compares each cell with the empty values.
        if not obj.version:
            return gettext("never changed")
        who = obj.updated_by.get_username() if obj.updated_by else "—"
        when = date_format(localtime(obj.updated_at), "SHORT_DATETIME_FORMAT")
        return gettext("%(when)s by %(who)s") % {"when": when, "who": who}

    @admin.display(description=_("activity"))
    def activity_summary(self, obj):
        activity = obj.activity
        url = reverse("admin:programme_activity_change", args=[activity.pk])
        return format_html(
            '<a href="{}"><strong>{}</strong></a> {}<br><small>{} {} · {}</small>',
            url, activity.code, activity.text, activity.issue.code, activity.issue.title,
            activity.get_priority_display(),
        )  # fmt: skip

    # -- writes: all through services.set_status ---------------------------------------

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and can_set_status(request.user)

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        try:
            set_status(
                obj.activity,
                status=data.get("status", obj.status),
                note=data.get("note") if "note" in data else None,
                status_date=data.get("status_date"),
                by=request.user,
                expected_version=getattr(form, "seen_version", None),
            )
        except StatusConflict as conflict:
            # Someone saved between the form's check and this save: nothing was written.
            self.message_user(request, conflict.messages[0], messages.ERROR)
            request._status_conflict = True
        obj.refresh_from_db()

    def save_related(self, request, form, formsets, change):
        """Nothing related to save; the service wrote everything."""

    def log_change(self, request, obj, message):
        if not getattr(request, "_status_conflict", False):
            return super().log_change(request, obj, message)
        return None

    def response_change(self, request, obj):
        if getattr(request, "_status_conflict", False):
            from django.http import HttpResponseRedirect

            return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)

    @admin.action(description=_("Set the status of the selected activities"))
    def set_status_action(self, request, queryset):
        if not can_set_status(request.user):
            raise PermissionDenied
        queryset = queryset.select_related("activity")
        if "apply" in request.POST:
            form = BulkStatusForm(request.POST)
            versions = {}
            for status in queryset:
                raw = request.POST.get(f"version_{status.pk}")
                versions[status.activity_id] = int(raw) if raw and raw.isdigit() else None
            if form.is_valid():
                try:
                    changed = set_status_bulk(
                        [status.activity for status in queryset],
                        status=form.cleaned_data["status"],
                        note=form.cleaned_data["note"] or None,
                        status_date=form.cleaned_data["status_date"],
                        by=request.user,
                        versions=versions,
                    )
                except StatusConflict as conflict:
                    self.message_user(request, conflict.messages[0], messages.ERROR)
                    return None
                except ValidationError as error:
                    self.message_user(request, " ".join(error.messages), messages.ERROR)
                    return None
                self.message_user(
                    request,
                    ngettext(
                        "The status of %(count)d activity was set.",
                        "The status of %(count)d activities was set.",
                        len(changed),
                    )
                    % {"count": len(changed)},
                    messages.SUCCESS,
                )
                return None
        else:
            form = BulkStatusForm()
        context = {
            **self.admin_site.each_context(request),
            "title": _("Set the status of the selected activities"),
            "opts": self.model._meta,
            "form": form,
            "statuses": queryset,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/programme/activitystatus/set_status.html", context)
