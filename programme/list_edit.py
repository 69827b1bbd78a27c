"""The worksheet's list edit: its formset (`ActivityStatusListFormSet`), and, on a page that
was not posted, its rows' inputs written without a form per row.

Django's changelist makes a model form for each of the page's 50 rows and writes each row's
select and hidden key through the form's bound fields: about a third of the worksheet's time.
On a page that was not posted each form would only write its inputs, and what they write is
known from the row alone: its key, its status and version, its activity's number. So the
formset writes them (`written_rows`) with the same widgets, names, identifiers and values as
the forms' bound fields, and makes the forms only when asked for them (a posted list edit, a
form or field it does not know, anything that reads `forms`).
tests/programme/test_worksheet_rows.py compares each row with the one Django writes from the
forms, in every language, and tests/programme/test_worksheet_filters.py the whole page."""

import copy

from django import forms
from django.db import models
from django.forms.formsets import ManagementForm
from django.forms.renderers import get_default_renderer
from django.utils.functional import cached_property
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from .forms import (
    STATUS_LABEL,
    ActivityStatusListForm,
    QuickHiddenInput,
    StatusAndVersionField,
    StatusAndVersionWidget,
    _copied,
)


class QuickManagementForm(ManagementForm):
    """The formset's management form (its four hidden counts), its inputs written in Python
    as hidden.html writes them; written by Django's form template as soon as it has an error
    or is asked for another template."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():  # the form's own copies of the class's fields
            if type(field.widget) is forms.HiddenInput:
                field.widget = QuickHiddenInput(attrs=field.widget.attrs)

    def render(self, template_name=None, context=None, renderer=None):
        if template_name or context or renderer or self.is_bound or self.non_field_errors():
            return super().render(template_name, context, renderer)
        if any(not field.is_hidden for field in self):
            return super().render(template_name, context, renderer)
        return mark_safe("".join(str(field) for field in self))


class ActivityStatusListFormSet(forms.BaseModelFormSet):
    """The worksheet's list edit: Django's model formset, the hidden key field it adds to each
    row of a page (`BaseModelFormSet.add_fields`: a `ModelChoiceField` of the model's
    objects, the row's key as its initial value) made once per page and copied for each row,
    rather than made again with its queryset 50 times; the ":" of the forms' labels
    translated once per page. A bound formset (the list edit's POST) is Django's own."""

    @cached_property
    def management_form(self):
        form = super().management_form
        if form.is_bound:
            return form
        return QuickManagementForm(
            auto_id=form.auto_id, prefix=form.prefix, initial=form.initial, renderer=form.renderer
        )

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        if "label_suffix" not in kwargs:
            suffix = self.__dict__.get("_label_suffix")
            if suffix is None:
                suffix = self._label_suffix = gettext(":")
            kwargs["label_suffix"] = suffix
        return kwargs

    def add_fields(self, form, index):
        pk = self.model._meta.pk
        if (
            form.is_bound
            or index is None
            or pk.name in form.fields
            or type(pk) not in (models.AutoField, models.BigAutoField)
        ):
            super().add_fields(form, index)
            return
        self._pk_field = pk
        try:
            pk_value = self.get_queryset()[index].pk
        except IndexError:
            pk_value = None
        model = self._key_field(form.instance._state.db)
        field = _copied(model)  # what deepcopy would give, the queryset shared (never run)
        field.widget = _copied(model.widget)
        field.widget.attrs = model.widget.attrs.copy()
        field.error_messages = model.error_messages.copy()
        field.validators = model.validators[:]
        field.initial = pk_value
        form.fields[pk.name] = field
        forms.BaseFormSet.add_fields(self, form, index)

    def _key_field(self, database):
        """The hidden key field `add_fields` gives each row (Django's: a `ModelChoiceField` of
        the model's objects), made once per page and database; each form gets a copy."""
        made = self.__dict__.setdefault("_key_fields", {})
        field = made.get(database)
        if field is None:
            queryset = self.model._default_manager.get_queryset().using(database)
            widget = (self.form._meta.widgets or {}).get(
                self.model._meta.pk.name, forms.HiddenInput
            )
            field = made[database] = forms.ModelChoiceField(
                queryset, initial=None, required=False, widget=widget
            )
        return field

    # --- a page that was not posted: its rows' inputs written without a form each ---------

    def _forms_needed(self):
        return self.is_bound or self.written_rows() is None

    def __getitem__(self, index):
        # A template's `{{ cl.formset.management_form }}` tries `formset["management_form"]`
        # first, which Django's formset answers by making every form (then a TypeError).
        if not isinstance(index, int | slice):
            raise TypeError(f"formset indices must be integers or slices, not {type(index)}")
        return super().__getitem__(index)

    @property
    def media(self):
        # Django's is the first form's (its widgets'), which makes every form of the page.
        return super().media if self._forms_needed() else self.empty_form.media

    def is_multipart(self):
        return super().is_multipart() if self._forms_needed() else self.empty_form.is_multipart()

    def written_rows(self):
        """[WrittenForm] of the page's rows, in the order of its forms: what the worksheet's
        rows read of each row's form (its fields, each written as `str(form[name])` writes
        it), without making the forms; None where the forms must be made."""
        if "forms" in self.__dict__:
            return None  # made (and perhaps given errors): the rows read them
        if "_written" not in self.__dict__:
            self._written = self._write_rows() if self._writable() else None
        return self._written

    def _writable(self):
        """Whether each row's form would be the unbound `ActivityStatusListForm` whose inputs
        `_write_rows` writes as its bound fields would."""
        pk = self.model._meta.pk
        fields = self.form.base_fields
        status = fields.get("status")
        return (
            not self.is_bound
            and _is_list_form(self.form)
            and not self.initial
            and not self.form_kwargs
            and self.extra == 0
            and self.auto_id
            and list(fields) == ["status"]
            and type(status) is StatusAndVersionField
            and type(status.widget) is StatusAndVersionWidget
            and not (status.disabled or status.help_text or status.show_hidden_initial)
            and not status.localize
            and type(pk) in (models.AutoField, models.BigAutoField)
            and (self.form._meta.widgets or {}).get(pk.name) is QuickHiddenInput
        )

    def _write_rows(self):
        """The rows' inputs: what `ActivityStatusListForm` and `add_fields` put in each form,
        written as `BoundField.as_widget` writes them for an unbound form of a formset (no
        `required`, as the formset asks; no errors; the identifier made from `auto_id`)."""
        pk_name = self.model._meta.pk.name
        status = self.form.base_fields["status"]
        queryset = self.get_queryset()
        key = self._key_field(queryset.db)  # its widget only writes the key (never copied)
        fields = {"status": status, pk_name: key}
        renderer = self.form_renderer or self.form.default_renderer or get_default_renderer()
        if isinstance(renderer, type):
            renderer = renderer()
        label = str(STATUS_LABEL)  # translated once for the page
        rows = []
        for index, instance in enumerate(queryset):
            prefix = self.add_prefix(index)
            widget = copy.deepcopy(status.widget)  # each form's own copy, as Django's
            widget.widgets[0].attrs["aria-label"] = label % {"code": instance.activity.code}
            name, key_name = f"{prefix}-status", f"{prefix}-{pk_name}"
            inputs = {
                "status": widget.render(
                    name,
                    (instance.status, instance.version),
                    {"id": self.auto_id % name},
                    renderer,
                ),
                pk_name: key.widget.render(
                    key_name, instance.pk, {"id": self.auto_id % key_name}, renderer
                ),
            }
            rows.append(WrittenForm(fields, inputs))
        return rows


#: What `modelform_factory` (the changelist's formset) adds to the class it makes.
FACTORY_MADE = {"Meta", "__doc__", "__module__", "_meta", "base_fields", "declared_fields", "media"}


def _is_list_form(form_class):
    """`ActivityStatusListForm`, or the class `modelform_factory` makes of it (its fields
    named, nothing of its own)."""
    return form_class is ActivityStatusListForm or (
        form_class.__bases__ == (ActivityStatusListForm,) and set(vars(form_class)) <= FACTORY_MADE
    )


class WrittenForm:
    """A row's form as the worksheet's rows read it (`fields`, `form[name]`,
    `non_field_errors()`), its inputs written by `ActivityStatusListFormSet.written_rows`."""

    __slots__ = ("fields", "inputs")

    def __init__(self, fields, inputs):
        self.fields, self.inputs = fields, inputs

    def __getitem__(self, name):
        return WrittenInput(self.inputs[name], self.fields[name].widget.is_hidden)

    def non_field_errors(self):
        return ""


class WrittenInput:
    """`form[name]` of a `WrittenForm`: no errors, its input written."""

    __slots__ = ("written", "is_hidden")
    errors = ""

    def __init__(self, written, is_hidden):
        self.written, self.is_hidden = written, is_hidden

    def __str__(self):
        return SafeString(self.written)
