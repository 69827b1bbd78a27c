"""The secretariat's side of reporting in the admin: focal points (with invitations),
reporting cycles, and reports (read-only: their content is the focal points'; accepting,
returning and reopening go through `reporting.services`)."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin

from core.admin import ReadOnlyAdminMixin

from . import services
from .access import can_review
from .choices import ReportState
from .forms import FocalPointAdminForm
from .models import (
    FocalPoint,
    RangeStateActivityStatus,
    Reminder,
    Report,
    ReportAttachment,
    ReportingCycle,
    ReportLink,
    ReportTransition,
)


@admin.register(FocalPoint)
class FocalPointAdmin(admin.ModelAdmin):
    form = FocalPointAdminForm
    list_display = (
        "name", "email", "states", "species_list", "organisation", "active", "invited_at",
    )  # fmt: skip
    list_filter = ("user__is_active", "range_states", "species", "language")
    search_fields = (
        "user__username", "user__first_name", "user__last_name", "user__email", "organisation",
    )  # fmt: skip
    filter_horizontal = ("range_states", "species")
    list_select_related = ("user",)
    readonly_fields = ("invited_at", "created_at")
    fieldsets = (
        (_("Account"), {"fields": ("username", "first_name", "last_name", "email", "is_active")}),
        (_("Reports for"), {"fields": ("range_states", "species")}),
        (_("Shown on the public pages"), {"fields": ("organisation", "position")}),
        (None, {"fields": ("language", "invited_at", "created_at")}),
    )
    actions = ["send_invitations"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("range_states", "species")

    @admin.display(description=_("e-mail"), ordering="user__email")
    def email(self, obj):
        return obj.user.email

    @admin.display(description=_("active"), boolean=True, ordering="user__is_active")
    def active(self, obj):
        return obj.user.is_active

    @admin.display(description=_("range states"))
    def states(self, obj):
        return ", ".join(state.iso_code for state in obj.range_states.all()) or "—"

    @admin.display(description=_("species"))
    def species_list(self, obj):
        return ", ".join(str(species) for species in obj.species.all()) or "—"

    @admin.action(description=_("Send an invitation to choose a password"))
    def send_invitations(self, request, queryset):
        sent = 0
        for focal_point in queryset.select_related("user"):
            try:
                services.invite(focal_point, by=request.user, request=request)
            except (ValidationError, PermissionDenied) as exc:
                message = " ".join(getattr(exc, "messages", None) or [str(exc)])
                self.message_user(request, message, messages.ERROR)
            else:
                sent += 1
        if sent:
            self.message_user(
                request,
                ngettext("%(count)d invitation was sent.", "%(count)d invitations were sent.", sent)
                % {"count": sent},
                messages.SUCCESS,
            )

    def response_add(self, request, obj, post_url_continue=None):
        self.message_user(
            request,
            _("Select the focal point in the list and send the invitation when ready."),
            messages.INFO,
        )
        return super().response_add(request, obj, post_url_continue)


@admin.register(ReportingCycle)
class ReportingCycleAdmin(TranslationAdmin):
    list_display = (
        "name", "programme", "period_start", "period_end", "opens_on", "deadline",
        "submitted", "accepted", "exports",
    )  # fmt: skip
    list_filter = ("programme",)
    search_fields = ("name_en", "name_fr", "name_ru")
    date_hierarchy = "deadline"
    list_select_related = ("programme",)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                submitted_count=Count("reports", filter=Q(reports__state=ReportState.SUBMITTED)),
                accepted_count=Count("reports", filter=Q(reports__state=ReportState.ACCEPTED)),
            )
        )

    @admin.display(description=_("to review"), ordering="submitted_count")
    def submitted(self, obj):
        url = reverse("reporting:review") + f"?cycle={obj.pk}&state=submitted"
        return format_html('<a href="{}">{}</a>', url, obj.submitted_count)

    @admin.display(description=_("accepted"), ordering="accepted_count")
    def accepted(self, obj):
        return obj.accepted_count

    readonly_fields = ("implementation_review",)

    @admin.display(description=_("export"))
    def exports(self, obj):
        return format_html(
            '<a href="{}">XLSX</a> · <a href="{}">CSV</a> · <a href="{}">{}</a>',
            reverse("reporting:export", args=[obj.pk, "xlsx"]),
            reverse("reporting:export", args=[obj.pk, "csv"]),
            reverse("reporting:cycle_review", args=[obj.pk]),
            _("review"),
        )

    @admin.display(description=_("implementation review"))
    def implementation_review(self, obj):
        """The review of the cycle as it stands: its page, its PDF and Word document."""
        if not obj.pk:
            return "—"
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">PDF</a> · <a href="{}">DOCX</a>',
            reverse("reporting:cycle_review", args=[obj.pk]),
            _("the review's page"),
            reverse("reporting:review_file", args=[obj.pk, "pdf"]),
            reverse("reporting:review_file", args=[obj.pk, "docx"]),
        )


class TransitionInline(admin.TabularInline):
    model = ReportTransition
    fields = ("at", "by", "from_state", "to_state", "comment")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class LinkInline(admin.TabularInline):
    model = ReportLink
    fields = ("url", "title")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class AttachmentInline(admin.TabularInline):
    model = ReportAttachment
    fields = ("document", "content_type", "size", "uploaded_by", "uploaded_at")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("file"))
    def document(self, obj):
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), obj.original_name)


@admin.register(Report)
class ReportAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = (
        "activity", "subject_display", "cycle", "author", "state", "status", "submitted_at",
        "page",
    )  # fmt: skip
    list_filter = (
        "state", "cycle", "status", "range_state", "species", "activity__issue__objective",
    )  # fmt: skip
    search_fields = (
        "activity__code", "range_state__name_en", "range_state__iso_code", "species__slug",
        "author__username", "author__last_name", "progress", "results",
    )  # fmt: skip
    list_select_related = ("activity", "cycle", "range_state", "species", "author")
    ordering = ("-cycle__deadline", "activity__sort_key", "pk")
    inlines = [LinkInline, AttachmentInline, TransitionInline]
    actions = ["accept_selected"]
    fieldsets = (
        (None, {"fields": ("cycle", "activity", "range_state", "species", "author", "state")}),
        (
            _("Report"),
            {"fields": services.CONTENT_FIELDS},
        ),
        (
            _("Workflow"),
            {
                "fields": (
                    "created_at",
                    "updated_at",
                    "updated_by",
                    "submitted_at",
                    "accepted_at",
                    "reopened_until",
                    "prefilled_from",
                    "version",
                    "page",
                )  # fmt: skip
            },
        ),
    )
    readonly_fields = ("page",)

    @admin.display(description=_("for"))
    def subject_display(self, obj):
        return obj.subject

    @admin.display(description=_("review"))
    def page(self, obj):
        return format_html(
            '<a href="{}">{}</a>', obj.get_absolute_url(), _("Open to accept or return")
        )

    def has_review_permission(self, request):
        return can_review(request.user)

    @admin.action(description=_("Accept the selected submitted reports"), permissions=["review"])
    def accept_selected(self, request, queryset):
        try:
            accepted = services.accept_bulk(list(queryset.order_by("pk")), by=request.user)
        except ValidationError as exc:
            self.message_user(request, " ".join(exc.messages), messages.ERROR)
            return
        self.message_user(
            request,
            ngettext(
                "%(count)d report was accepted.", "%(count)d reports were accepted.", len(accepted)
            )
            % {"count": len(accepted)},
            messages.SUCCESS,
        )


@admin.register(RangeStateActivityStatus)
class RangeStateActivityStatusAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("activity", "range_state", "status", "as_of", "report_link", "updated_at")
    list_filter = ("status", "range_state")
    search_fields = ("activity__code", "range_state__name_en", "range_state__iso_code")
    list_select_related = ("activity", "range_state")
    ordering = ("activity__sort_key", "range_state__name_en", "pk")

    @admin.display(description=_("accepted report"))
    def report_link(self, obj):
        if not obj.report_id:
            return "—"
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), _("report"))


@admin.register(Reminder)
class ReminderAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("sent_at", "cycle", "focal_point", "days_before", "missing")
    list_filter = ("cycle", "days_before")
    list_select_related = ("cycle", "focal_point__user")


@admin.register(ReportTransition)
class ReportTransitionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Every step of every report, for the secretariat's records."""

    list_display = ("report", "at", "by", "from_state", "to_state")
    list_filter = ("to_state",)
    list_select_related = (
        "report__activity", "report__cycle", "report__range_state", "report__species", "by",
    )  # fmt: skip
    ordering = ("-at", "-pk")
