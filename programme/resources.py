"""Import and export (django-import-export) for the secretariat.

Rows are matched by natural key (activity code, actor slug, species slug, ISO code); an import
never creates or duplicates reference records. Statuses go through `services.set_status`, with
the version of the exported row, so an import cannot overwrite a change made after the export.
The programme's wording (names in each language) changes only when the file has the column
and the officer ticks “update the wording” on the import form."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from core.resources import LANGUAGES, NoCreateMixin, WordingMixin

from .choices import ImplementationStatus
from .models import ActivityStatus, Actor, Programme
from .services import set_status


class StatusWidget(widgets.Widget):
    """Accepts a status code (“in_progress”) or its English label (“In progress”)."""

    def clean(self, value, row=None, **kwargs):
        value = (value or "").strip()
        if not value:
            raise ValueError(_("A status is required."))
        by_label = {str(label).casefold(): code for code, label in ImplementationStatus.choices}
        code = value if value in ImplementationStatus.values else by_label.get(value.casefold())
        if code is None:
            allowed = ", ".join(ImplementationStatus.values)
            raise ValueError(
                _("“%(value)s” is not a status (use one of: %(allowed)s).")
                % {"value": value, "allowed": allowed}
            )
        return code


class ActivityStatusResource(NoCreateMixin, resources.ModelResource):
    code = fields.Field(attribute="activity__code", column_name="code", readonly=True)
    issue = fields.Field(attribute="activity__issue__code", column_name="issue", readonly=True)
    priority = fields.Field(attribute="activity__priority", column_name="priority", readonly=True)
    text = fields.Field(attribute="activity__text_en", column_name="text", readonly=True)
    status = fields.Field(attribute="status", column_name="status", widget=StatusWidget())
    note = fields.Field(attribute="note", column_name="note")
    status_date = fields.Field(
        attribute="status_date", column_name="status_date", widget=widgets.DateWidget("%Y-%m-%d")
    )
    version = fields.Field(attribute="version", column_name="version", readonly=True)
    updated_at = fields.Field(attribute="updated_at", column_name="updated_at", readonly=True)
    updated_by = fields.Field(
        attribute="updated_by__username", column_name="updated_by", readonly=True
    )

    not_found_message = "No activity with this code in the current programme."

    class Meta:
        model = ActivityStatus
        import_id_fields = ("code",)
        fields = (
            "code", "issue", "priority", "text", "status", "note", "status_date", "version",
            "updated_at", "updated_by",
        )  # fmt: skip
        export_order = fields
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True

    def get_queryset(self):
        programme = Programme.objects.current()
        return (
            ActivityStatus.objects.filter(activity__programme=programme)
            .select_related("activity__issue", "updated_by")
            .order_by("activity__sort_key")
        )

    def get_instance(self, instance_loader, row):
        code = (row.get("code") or "").strip()
        if not code:
            raise ValidationError(_("The “code” column is empty."))
        return self.get_queryset().filter(activity__code=code).first()

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        raw_version = row.get("version")
        if raw_version in (None, ""):
            instance.seen_version = None
        else:
            try:
                instance.seen_version = int(float(raw_version))
            except (TypeError, ValueError):
                raise ValidationError(
                    {"version": _("“%(value)s” is not a version number.") % {"value": raw_version}}
                ) from None

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if import_validation_errors:
            return False
        return (instance.status, instance.note, instance.status_date) == (
            original.status,
            original.note,
            original.status_date,
        )

    def save_instance(self, instance, is_create, row, **kwargs):
        set_status(
            instance.activity,
            status=instance.status,
            note=instance.note or "",
            status_date=instance.status_date,
            by=kwargs.get("user"),
            expected_version=getattr(instance, "seen_version", None),
        )


class ActorResource(WordingMixin, NoCreateMixin, resources.ModelResource):
    wording_fields = ("name", "full_name")
    not_found_message = "No actor with this identifier."

    class Meta:
        model = Actor
        import_id_fields = ("slug",)
        fields = (
            "slug", "kind", *(f"name_{lang}" for lang in LANGUAGES),
            *(f"full_name_{lang}" for lang in LANGUAGES),
        )  # fmt: skip
        export_order = fields
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
