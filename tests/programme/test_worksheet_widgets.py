"""The worksheet's widgets written in Python write exactly what Django's form templates
write."""

import pytest
from django import forms
from django.contrib import admin
from django.contrib.admin import ModelAdmin
from django.forms.utils import ErrorList

from programme.admin import ActivityStatusAdmin
from programme.forms import (
    QuickHiddenInput,
    QuietErrorList,
    StatusAndVersionField,
    StatusAndVersionWidget,
)
from programme.models import ActivityStatus

from .conftest import build_statuses


@pytest.mark.parametrize(
    "value", [("in_progress", 3), ["completed", 0], ("not_started", None), None, ("nope", "<1>")]
)
@pytest.mark.parametrize("attrs", [None, {"id": "id_form-0-status"}, {"data-x": 'a"<b>&'}])
def test_status_widget_writes_what_the_templates_write(value, attrs):
    widget = StatusAndVersionWidget()
    widget.widgets[0].attrs["aria-label"] = 'Status of activity <1.1.1> & "more"'
    widget.widgets[0].attrs["disabled"] = True
    widget.widgets[1].attrs["hidden-flag"] = False
    written = widget.render("form-0-status", value, attrs)
    assert written == forms.MultiWidget.render(widget, "form-0-status", value, attrs)


def test_status_widget_writes_each_language_s_labels():
    from django.utils import translation

    widget = StatusAndVersionWidget()
    for language in ["en", "fr", "ru", "en"]:
        with translation.override(language):
            written = widget.render("form-0-status", ("completed", 1), {"id": "s"})
            djangos = forms.MultiWidget.render(
                widget, "form-0-status", ("completed", 1), {"id": "s"}
            )
            assert written == djangos


@pytest.mark.parametrize(
    "choices",
    [[("group", [("a", "A"), ("b", "<B>")]), ("c", "C")], [(None, "none"), ("1", "<one>")]],
)
def test_status_widget_with_other_choices_writes_what_the_templates_write(choices):
    widget = StatusAndVersionWidget()
    widget.render("form-0-status", ("completed", 1))  # the first choices' options written
    widget.widgets[0].choices = choices
    for value in [("b", 2), ("", 1), ("1", 0)]:
        written = widget.render("form-0-status", value, {"id": "s"})
        assert written == forms.MultiWidget.render(widget, "form-0-status", value, {"id": "s"})


def test_each_form_has_its_own_widget_attributes():
    import copy

    field = StatusAndVersionField()
    copied = copy.deepcopy(field)
    copied.widget.widgets[0].attrs["aria-label"] = "row 1"
    copied.widget.attrs["class"] = "x"
    assert field.widget.widgets[0].attrs == {} and field.widget.attrs == {}
    assert copied.widget.widgets[0].choices == field.widget.widgets[0].choices
    assert copied.clean(["completed", "3"]) == ("completed", 3)


@pytest.mark.parametrize("value", [None, "", 7, 'x"<y>'])
def test_quick_hidden_input_writes_what_the_template_writes(value):
    attrs = {"id": "id_form-0-id", "class": "a&b"}
    written = QuickHiddenInput().render("form-0-id", value, attrs)
    assert written == forms.HiddenInput().render("form-0-id", value, attrs)


def test_quiet_error_list_writes_what_the_error_list_writes():
    assert str(QuietErrorList()) == str(ErrorList()) == ""
    assert str(QuietErrorList(["<bad>"])) == str(ErrorList(["<bad>"]))


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "fr", "ru"])
@pytest.mark.parametrize("code", [None, "1.2.3 <b>\"A\" & 'B'</b> {}"])
def test_action_checkbox_writes_what_the_admin_writes(language, code):
    from django.utils import translation

    status = build_statuses(1)[0]
    if code is not None:
        status.activity.code = code
    model_admin = ActivityStatusAdmin(ActivityStatus, admin.site)
    with translation.override(language):
        ours = model_admin.action_checkbox(status)
        djangos = ModelAdmin.action_checkbox(model_admin, status)
    assert ours == djangos and type(ours) is type(djangos)
    assert str(status.pk) in ours and (code is None or "&lt;b&gt;&quot;A&quot;" in ours)


@pytest.mark.parametrize("language", ["en", "fr", "ru"])
def test_choice_labels_are_djangos(language):
    from django.utils import translation

    from programme.choices import ImplementationStatus, Priority
    from programme.models import Activity

    with translation.override(language):
        for model, name, choices in (
            (ActivityStatus, "status", ImplementationStatus),
            (Activity, "priority", Priority),
        ):
            field = model._meta.get_field(name)
            for value in [*choices.values, "unknown", ""]:
                instance = model(**{name: value})
                django_label = instance._get_FIELD_display(field)
                assert getattr(instance, f"get_{name}_display")() == django_label
                assert type(getattr(instance, f"get_{name}_display")()) is type(django_label)


@pytest.mark.parametrize("language", ["en", "fr", "ru"])
def test_report_choice_labels_are_djangos(language):
    from django.utils import translation

    from programme.choices import ImplementationStatus
    from reporting.choices import ReportState
    from reporting.models import Report

    with translation.override(language):
        for name, choices in (("state", ReportState), ("status", ImplementationStatus)):
            field = Report._meta.get_field(name)
            for value in [*choices.values, "unknown", ""]:
                report = Report(**{name: value})
                assert getattr(report, f"get_{name}_display")() == report._get_FIELD_display(field)
