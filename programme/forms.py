from django import forms
from django.utils.translation import gettext_lazy as _

from . import services
from .choices import ImplementationStatus
from .models import Activity, ActivityStatus


class StatusAndVersionWidget(forms.MultiWidget):
    """The status select plus the version the officer saw, hidden beside it."""

    def __init__(self, attrs=None):
        super().__init__([forms.Select(choices=ImplementationStatus.choices), forms.HiddenInput()])

    def decompress(self, value):
        if isinstance(value, list | tuple):
            return list(value)
        return [value, None]


class StatusAndVersionField(forms.MultiValueField):
    widget = StatusAndVersionWidget

    def __init__(self, **kwargs):
        super().__init__(
            fields=[
                forms.ChoiceField(choices=ImplementationStatus.choices),
                forms.IntegerField(min_value=0),
            ],
            require_all_fields=True,
            **kwargs,
        )

    def compress(self, data_list):
        return tuple(data_list) if data_list else (None, None)


class VersionCheckMixin:
    """Refuses a save when the status changed after the officer opened it: the refusal shows
    beside the field; `services.set_status` makes the same check again on the locked row."""

    def check_version(self, seen_version, field=None):
        instance = self.instance
        if instance.pk is None or seen_version is None:
            return
        current = ActivityStatus.objects.select_related("activity", "updated_by").get(
            pk=instance.pk
        )
        try:
            services.check_version(current, seen_version)
        except services.StatusConflict as conflict:
            self.add_error(field, conflict)
        self.seen_version = seen_version


class ActivityStatusForm(VersionCheckMixin, forms.ModelForm):
    """The change form: status, note, date, with the version seen when the form opened."""

    seen_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    class Meta:
        model = ActivityStatus
        fields = ["status", "note", "status_date"]
        widgets = {"note": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["seen_version"].initial = self.instance.version if self.instance.pk else 0

    def clean(self):
        cleaned = super().clean()
        self.check_version(cleaned.get("seen_version"))
        return cleaned


class ActivityStatusListForm(VersionCheckMixin, forms.ModelForm):
    """One row of the worksheet's list edit: the status, guarded by its version."""

    status = StatusAndVersionField(label=_("status"))

    class Meta:
        model = ActivityStatus
        fields = ["status"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["status"] = (self.instance.status, self.instance.version)
            # One select per row: each says which activity it is for (screen readers).
            select = self.fields["status"].widget.widgets[0]
            select.attrs["aria-label"] = _("Status of activity %(code)s") % {
                "code": self.instance.activity.code
            }

    def clean_status(self):
        status, version = self.cleaned_data["status"]
        self.posted_version = version
        return status

    def clean(self):
        cleaned = super().clean()
        self.check_version(getattr(self, "posted_version", None), field="status")
        return cleaned


class BulkStatusForm(forms.Form):
    """The bulk action's confirmation form."""

    status = forms.ChoiceField(label=_("New status"), choices=ImplementationStatus.choices)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Replaces the note of every selected activity. Leave empty to keep them."),
    )
    status_date = forms.DateField(
        label=_("As of"),
        required=False,
        help_text=_("YYYY-MM-DD; today when empty."),
    )


class ActivityAdminForm(forms.ModelForm):
    """An activity's admin form: the crosswalk checked by the model's rule."""

    class Meta:
        model = Activity
        fields = ("continues",)  # the admin gives the form its fields

    def clean(self):
        cleaned = super().clean()
        continues = cleaned.get("continues")
        programme = cleaned.get("programme") or getattr(self.instance, "programme", None)
        if continues and programme is not None:
            try:
                self.instance.check_continues(continues, programme=programme)
            except forms.ValidationError as exc:
                self.add_error("continues", exc.message_dict["continues"])
        return cleaned
