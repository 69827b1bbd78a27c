import copy

from django import forms
from django.forms.utils import ErrorList
from django.utils import translation
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from core.html import escaped

from . import services
from .choices import ImplementationStatus
from .models import Activity, ActivityStatus


class StatusAndVersionWidget(forms.MultiWidget):
    """The status select plus the version the officer saw, hidden beside it."""

    def __init__(self, attrs=None):
        super().__init__([forms.Select(choices=ImplementationStatus.choices), forms.HiddenInput()])
        self.options_written = {}  # language: (the choices, their options written)

    def decompress(self, value):
        if isinstance(value, list | tuple):
            return list(value)
        return [value, None]

    def __deepcopy__(self, memo):
        """Each form gets its own copy of the widgets' attributes (the worksheet gives each
        row's select its own label); the choices, which no form changes, are shared rather
        than copied once per row as Django's copy does."""
        copied = _copied(self)
        memo[id(self)] = copied
        copied.attrs = self.attrs.copy()
        copied.widgets = []
        for widget in self.widgets:
            widget = _copied(widget)
            widget.attrs = widget.attrs.copy()
            copied.widgets.append(widget)
        return copied

    def render(self, name, value, attrs=None, renderer=None):
        """What Django's form templates write (multiwidget.html, select.html,
        select_option.html, hidden.html, attrs.html), written in Python: the worksheet draws
        one per row, and the templates' includes (one per option and per list of attributes)
        were most of the page's time. The context Django would give the templates
        (`MultiWidget.get_context`, one dictionary per option) is not built either: the
        attributes, names and values are made here as it makes them."""
        select, hidden = self.widgets if len(self.widgets) == 2 else (None, None)
        final_attrs = self.build_attrs(self.attrs, attrs)
        if (
            type(select) is not forms.Select
            or type(hidden) is not forms.HiddenInput
            or self.is_localized
            or "type" in final_attrs
        ):
            return self.render_from_context(name, value, attrs, renderer)
        if not isinstance(value, list | tuple):
            value = self.decompress(value)
        values = [value[i] if i < len(value) else None for i in range(2)]
        id_ = final_attrs.get("id")
        parts = []
        for i, widget in enumerate(self.widgets):
            widget_attrs = {**final_attrs, "id": f"{id_}_{i}"} if id_ else final_attrs
            widget_attrs = widget.build_attrs(widget.attrs, widget_attrs)
            parts.append((name + self.widgets_names[i], widget_attrs))
        (select_name, select_attrs), (hidden_name, hidden_attrs) = parts
        choices = self.written_choices(select)
        if choices is None:
            return self.render_from_context(name, value, attrs, renderer)
        chosen = select.format_value(values[0])
        options = []
        has_selected = False
        for option_value, shown_value, label in choices:
            selected = not has_selected and option_value in chosen
            has_selected |= selected
            options.append(
                f'<option value="{shown_value}"{" selected" if selected else ""}>{label}</option>'
            )
        hidden_value = hidden.format_value(values[1])
        return mark_safe(
            f'<select name="{escaped(select_name)}"{_attrs(select_attrs)}>'
            f"{''.join(options)}</select>"
            + _input(
                {
                    "type": hidden.input_type,
                    "name": hidden_name,
                    "value": hidden_value,
                    "attrs": hidden_attrs,
                }
            )  # fmt: skip
        )

    def written_choices(self, select):
        """The select's options as (value, value written, label written), made once per
        language for every row's copy of the widget (the copies share the choices, and this
        dictionary); None for choices in groups."""
        language = translation.get_language()
        made = self.options_written.get(language)
        if made is not None and made[0] is select.choices:
            return made[1]
        options = []
        for option_value, label in select.choices:
            if isinstance(label, list | tuple):
                return None
            option_value = "" if option_value is None else option_value
            options.append(
                (str(option_value), conditional_escape(option_value), conditional_escape(label))
            )
        self.options_written[language] = (select.choices, options)
        return options

    def render_from_context(self, name, value, attrs=None, renderer=None):
        """`render` for widgets the worksheet does not make: from Django's context."""
        context = self.get_context(name, value, attrs)["widget"]
        parts = []
        for widget in context["subwidgets"]:
            if widget["template_name"] == "django/forms/widgets/select.html":
                options = []
                for group_name, group_choices, _index in widget["optgroups"]:
                    if group_name:
                        return super().render(name, value, attrs, renderer)
                    options += [
                        f'<option value="{conditional_escape(option["value"])}"'
                        f"{_attrs(option['attrs'])}>{conditional_escape(option['label'])}</option>"
                        for option in group_choices
                    ]
                parts.append(
                    f'<select name="{conditional_escape(widget["name"])}"'
                    f"{_attrs(widget['attrs'])}>{''.join(options)}</select>"
                )
            elif widget["template_name"] == "django/forms/widgets/hidden.html":
                parts.append(_input(widget))
            else:
                return super().render(name, value, attrs, renderer)
        return mark_safe("".join(parts))


class QuickHiddenInput(forms.HiddenInput):
    """A hidden input written in Python as hidden.html writes it (the worksheet's row ids)."""

    def render(self, name, value, attrs=None, renderer=None):
        return mark_safe(_input(self.get_context(name, value, attrs)["widget"]))


class QuietErrorList(ErrorList):
    """An error list that writes nothing when empty without rendering its template (which
    writes nothing then either): the worksheet asks each row's field for its errors."""

    def __str__(self):
        return super().__str__() if self.data else ""


def _input(widget):
    """django/forms/widgets/input.html, in Python, from a widget's context."""
    shown = widget["value"]
    shown = "" if shown is None else f' value="{escaped(shown)}"'
    return (
        f'<input type="{escaped(widget["type"])}" '
        f'name="{escaped(widget["name"])}"{shown}{_attrs(widget["attrs"])}>'
    )


def _attrs(attrs):
    """django/forms/widgets/attrs.html, in Python."""
    return "".join(
        f" {escaped(name)}" + ("" if value is True else f'="{escaped(value)}"')
        for name, value in attrs.items()
        if value is not False
    )


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

    def __deepcopy__(self, memo):
        """Django's copy of the field for each form (`forms.Field.__deepcopy__`), its two inner
        fields aside: they are only read (by `clean`), so the forms share them rather than
        copy them once per row."""
        result = _copied(self)
        memo[id(self)] = result
        result.widget = copy.deepcopy(self.widget, memo)
        result.error_messages = self.error_messages.copy()
        result.validators = self.validators[:]
        return result


def _copied(thing):
    """`copy.copy(thing)` of an object that copies as its attributes (no `__copy__`,
    `__reduce__` or slots of its own), without `copy`'s generic path through
    `__reduce_ex__`: the worksheet copies its field and widgets once per row."""
    copied = thing.__class__.__new__(thing.__class__)
    copied.__dict__.update(thing.__dict__)
    return copied


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


#: Each row's select says which activity it is for (screen readers).
STATUS_LABEL = _("Status of activity %(code)s")


class ActivityStatusListForm(VersionCheckMixin, forms.ModelForm):
    """One row of the worksheet's list edit: the status, guarded by its version."""

    status = StatusAndVersionField(label=_("status"))

    class Meta:
        model = ActivityStatus
        fields = ["status"]
        widgets = {"id": QuickHiddenInput}  # the formset's hidden id of each row

    def __init__(self, *args, **kwargs):
        kwargs["error_class"] = QuietErrorList
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["status"] = (self.instance.status, self.instance.version)
            # One select per row: each says which activity it is for (screen readers).
            select = self.fields["status"].widget.widgets[0]
            select.attrs["aria-label"] = STATUS_LABEL % {"code": self.instance.activity.code}

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
