"""The worksheet's list edit (`ActivityStatusListFormSet`) gives the forms Django's model formset
gives (`ModelAdmin.get_changelist_formset` without the worksheet's formset): the same fields,
values, widgets and HTML, in every language; its POST is Django's own."""

import copy

import pytest
from django import forms
from django.contrib import admin
from django.core.exceptions import NON_FIELD_ERRORS
from django.forms.utils import ErrorDict
from django.test import RequestFactory
from django.utils import translation

from programme.admin import ActivityStatusAdmin
from programme.forms import StatusAndVersionField
from programme.list_edit import ActivityStatusListFormSet
from programme.models import ActivityStatus

from .conftest import CHANGELIST, build_statuses, list_edit_data


def formsets(user, query=None):
    """(ours, Django's) formsets of the list's page, unbound, as the changelist makes them."""
    request = RequestFactory().get(CHANGELIST, query or {})
    request.user = user
    model_admin = ActivityStatusAdmin(ActivityStatus, admin.site)
    cl = model_admin.get_changelist_instance(request)
    ours = model_admin.get_changelist_formset(request)
    djangos = admin.ModelAdmin.get_changelist_formset(model_admin, request)
    assert issubclass(ours, ActivityStatusListFormSet)
    assert not issubclass(djangos, ActivityStatusListFormSet)
    return ours(queryset=cl.result_list), djangos(queryset=cl.result_list)


def described(field):
    widget = field.widget
    return (
        type(field), field.required, field.initial, field.label, field.help_text,
        field.disabled, field.show_hidden_initial, field.localize, field.error_messages,
        field.validators, type(widget), widget.attrs, widget.is_hidden,
        getattr(field, "queryset", None) is not None and str(field.queryset.query),
        getattr(field, "to_field_name", None), getattr(field, "empty_label", None),
    )  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "fr", "ru"])
@pytest.mark.parametrize("query", [None, {"o": "-2.1"}, {"status__exact": "not_started"}])
def test_the_forms_are_djangos(officer, language, query):
    build_statuses(4)
    with translation.override(language):
        ours, djangos = formsets(officer, query)
        assert len(ours.forms) == len(djangos.forms) > 0
        assert str(ours.management_form) == str(djangos.management_form)
        for our, django in zip(ours.forms, djangos.forms, strict=True):
            assert our.instance == django.instance and our.prefix == django.prefix
            assert our.label_suffix == django.label_suffix
            assert our.initial == django.initial
            assert list(our.fields) == list(django.fields)
            for name in our.fields:
                assert described(our.fields[name]) == described(django.fields[name])
                assert our[name].value() == django[name].value()
                assert str(our[name]) == str(django[name])
                assert our[name].label_tag() == django[name].label_tag()
            assert str(our) == str(django)
        assert ours._pk_field == djangos._pk_field
        assert str(ours.media) == str(djangos.media)


@pytest.mark.django_db
def test_each_row_has_its_own_key_field_and_widgets(officer):
    build_statuses(3)
    ours, _djangos = formsets(officer)
    first, second = ours.forms[0], ours.forms[1]
    assert first.fields["id"] is not second.fields["id"]
    first.fields["id"].widget.attrs["data-x"] = "1"
    first.fields["id"].error_messages["x"] = "x"
    first.fields["id"].validators.append(len)
    assert "data-x" not in second.fields["id"].widget.attrs
    assert "x" not in second.fields["id"].error_messages
    assert len not in second.fields["id"].validators
    assert first.fields["id"].initial != second.fields["id"].initial


def test_the_status_field_copies_as_django_copies_it():
    field = StatusAndVersionField(label="status")
    field.widget.attrs["data-x"] = "1"
    ours = copy.deepcopy(field)
    djangos = forms.Field.__deepcopy__(field, {})
    assert type(ours) is type(djangos) is StatusAndVersionField
    assert vars(ours).keys() == vars(djangos).keys()
    for name in ("error_messages", "validators"):
        assert getattr(ours, name) == getattr(djangos, name)
        assert getattr(ours, name) is not getattr(field, name)
    assert ours.widget is not field.widget and ours.widget.attrs == field.widget.attrs
    assert ours.widget.attrs is not field.widget.attrs
    for copied, widget in zip(ours.widget.widgets, field.widget.widgets, strict=True):
        assert copied is not widget and vars(copied).keys() == vars(widget).keys()
        assert copied.attrs == widget.attrs and copied.attrs is not widget.attrs
    assert ours.fields is field.fields  # the inner fields are only read, shared


@pytest.mark.django_db
def test_the_list_edit_post_is_djangos_and_saves(client, officer):
    statuses = build_statuses(3)
    client.force_login(officer)
    response = client.post(CHANGELIST, list_edit_data(statuses, {statuses[2].pk: "in_progress"}))
    assert response.status_code == 302
    statuses[2].refresh_from_db()
    assert statuses[2].status == "in_progress" and statuses[2].updated_by == officer
    request = RequestFactory().post(CHANGELIST, list_edit_data(statuses, {}))
    request.user = officer
    model_admin = ActivityStatusAdmin(ActivityStatus, admin.site)
    formset = model_admin.get_changelist_formset(request)(
        request.POST, queryset=ActivityStatus.objects.all()
    )
    djangos = admin.ModelAdmin.get_changelist_formset(model_admin, request)(
        request.POST, queryset=ActivityStatus.objects.all()
    )
    assert formset.is_valid() == djangos.is_valid()
    for our, django in zip(formset.forms, djangos.forms, strict=True):
        assert our.instance == django.instance
        assert described(our.fields["id"]) == described(django.fields["id"])
        assert our.cleaned_data == django.cleaned_data


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "fr", "ru"])
def test_the_management_form_is_djangos(officer, language):
    build_statuses(3)
    with translation.override(language):
        ours, djangos = formsets(officer)
        assert type(ours.management_form).__name__ == "QuickManagementForm"
        written = str(ours.management_form)
        assert written == str(djangos.management_form)
        assert written.count('type="hidden"') == 4
        assert 'name="form-TOTAL_FORMS" value="3" id="id_form-TOTAL_FORMS"' in written
        # Asked for another template, or given an error, it is written by Django's templates.
        assert ours.management_form.as_p() == djangos.management_form.as_p()
        for formset in (ours, djangos):
            form = formset.management_form
            form._errors = ErrorDict({NON_FIELD_ERRORS: form.error_class(["<b>wrong</b>"])})
        assert str(ours.management_form) == str(djangos.management_form)
        assert "&lt;b&gt;wrong&lt;/b&gt;" in str(ours.management_form)


@pytest.mark.django_db
def test_a_bound_management_form_is_djangos(officer):
    statuses = build_statuses(2)
    data = list_edit_data(statuses, {})
    model_admin = ActivityStatusAdmin(ActivityStatus, admin.site)
    request = RequestFactory().post(CHANGELIST, data)
    request.user = officer
    formset = model_admin.get_changelist_formset(request)(
        data, queryset=ActivityStatus.objects.all()
    )
    assert type(formset.management_form) is forms.formsets.ManagementForm
    assert formset.management_form.is_valid()
