"""The admin's shared pieces: history pages, the secretariat's import and export, read-only
records; and the two-factor devices' admin (django-otp), where an unknown device id is a 404
(the package's own views answer it with a server error)."""

from django.contrib import admin
from django.shortcuts import get_object_or_404
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import CSV, XLSX
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from .forms import WordingConfirmImportForm, WordingImportForm


class SecretariatImportExportMixin(ImportExportMixin):
    """CSV and XLSX, a dry-run preview first, and the “update the wording” confirmation."""

    formats = [CSV, XLSX]
    import_form_class = WordingImportForm
    confirm_form_class = WordingConfirmImportForm

    def get_confirm_form_initial(self, request, import_form):
        initial = super().get_confirm_form_initial(request, import_form)
        if import_form is not None:
            initial["update_wording"] = import_form.cleaned_data.get("update_wording", False)
        return initial

    def get_import_resource_kwargs(self, request, **kwargs):
        form = kwargs.get("form")
        wording = bool(form and form.is_valid() and form.cleaned_data.get("update_wording"))
        return {"update_wording": wording}

    def get_export_resource_kwargs(self, request, **kwargs):
        return {}


class LabelledHistoryContext(HistoricalRecordContextHelper):
    """Shows a choice by its label (“In progress”), not its stored code."""

    def prepare_delta_change_value(self, change, value):
        field = self.model._meta.get_field(change.field)
        if getattr(field, "choices", None) and not isinstance(value, list):
            return dict(field.flatchoices).get(value, value)
        return super().prepare_delta_change_value(change, value)


class HistoryAdmin(SimpleHistoryAdmin):
    """History pages whose query count does not grow with the number of records: every
    foreign key a record shows or diffs is fetched in the same query."""

    object_history_list_template = "admin/history_list.html"

    def get_historical_record_context_helper(self, request, historical_record):
        return LabelledHistoryContext(self.model, historical_record)

    def get_history_queryset(self, request, history_manager, pk_name, object_id):
        queryset = super().get_history_queryset(request, history_manager, pk_name, object_id)
        related = [
            field.name
            for field in history_manager.model._meta.concrete_fields
            if field.is_relation and field.name != "history_relation"
        ]
        return queryset.select_related(*related)


class HistoryTranslationAdmin(HistoryAdmin, TranslationAdmin):
    """Reference records: translated fields and the history of every change."""


class ReadOnlyAdminMixin:
    """Records written only through the services: the admin shows them."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class PortalTOTPDeviceAdmin(TOTPDeviceAdmin):
    def config_view(self, request, pk):
        get_object_or_404(TOTPDevice, pk=pk)
        return super().config_view(request, pk)

    def qrcode_view(self, request, pk):
        get_object_or_404(TOTPDevice, pk=pk)
        return super().qrcode_view(request, pk)


if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)
admin.site.register(TOTPDevice, PortalTOTPDeviceAdmin)
