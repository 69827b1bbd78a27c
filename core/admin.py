"""The admin's shared pieces: history pages, the secretariat's import and export, read-only
records; the two-factor devices' admin (django-otp), where an unknown device id is a 404
(the package's own views answer it with a server error); and the outbox (django-mailer,
core/outbox.py): the queued and the failed e-mail, and every failed attempt with its reason.
The outbox is for the site's administrators only: it holds password links."""

from django.contrib import admin, messages
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import CSV, XLSX
from mailer.admin import MessageAdmin, MessageLogAdmin, show_subject, show_to
from mailer.models import PRIORITY_DEFERRED, PRIORITY_MEDIUM, Message, MessageLog
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


for model in (Message, MessageLog):
    if admin.site.is_registered(model):
        admin.site.unregister(model)

if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)
admin.site.register(TOTPDevice, PortalTOTPDeviceAdmin)


@admin.register(Message)
class OutboxAdmin(ReadOnlyAdminMixin, MessageAdmin):
    """The e-mail waiting to be sent; "deferred" is mail that failed and is tried again."""

    list_display = ["id", show_to, "subject", "when_added", "priority", "retry_count"]
    list_filter = ["priority"]
    actions = ["send_again"]
    has_delete_permission = admin.ModelAdmin.has_delete_permission  # a hopeless address

    @admin.action(description=_("Send again now"), permissions=["view"])
    def send_again(self, request, queryset):
        count = queryset.filter(priority=PRIORITY_DEFERRED).update(priority=PRIORITY_MEDIUM)
        self.message_user(
            request,
            ngettext(
                "%(count)d e-mail is back in the queue.",
                "%(count)d e-mails are back in the queue.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(MessageLog)
class MailLogAdmin(ReadOnlyAdminMixin, MessageLogAdmin):
    """Every attempt to send: a failure keeps its reason and the message it was about."""

    list_display = ["id", show_to, show_subject, "when_attempted", "result", "log_message"]
