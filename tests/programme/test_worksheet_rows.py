"""The worksheet's rows written by programme/worksheet.py are the rows Django's admin writes
(`items_for_result`), cell for cell, and its page is Django's changelist."""

import datetime

import pytest
from django.contrib import admin
from django.contrib.admin.templatetags.admin_list import items_for_result, result_hidden_fields
from django.test import RequestFactory
from django.utils import translation

from programme import worksheet
from programme.admin import ActivityStatusAdmin
from programme.models import ActivityStatus

from .conftest import CHANGELIST, build_statuses


def changelist(user, query=None, editable=True):
    request = RequestFactory().get(CHANGELIST, query or {})
    request.user = user
    model_admin = ActivityStatusAdmin(ActivityStatus, admin.site)
    if not editable:
        model_admin.list_editable = ()
    cl = model_admin.get_changelist_instance(request)
    if cl.list_editable:
        formset_class = model_admin.get_changelist_formset(request)
        cl.formset = formset_class(queryset=cl.result_list)
    else:
        cl.formset = None
    return cl


def djangos_rows(cl):
    forms = cl.formset.forms if cl.formset else [None] * len(cl.result_list)
    return [
        list(items_for_result(cl, result, form))
        for result, form in zip(cl.result_list, forms, strict=True)
    ]


@pytest.fixture
def statuses(officer, other_officer):
    statuses = build_statuses(4)
    first, second, third, _fourth = statuses
    first.status, first.version, first.updated_by = "in_progress", 2, other_officer
    first.status_date = datetime.date(2026, 3, 4)
    first.save()
    second.status, second.version, second.updated_by = "completed", 1, None
    second.save()
    third.activity.short_title = '<b>"A & B"</b>'
    third.activity.save()
    return statuses


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "fr", "ru"])
@pytest.mark.parametrize(
    "query", [None, {"status__exact": "in_progress"}, {"o": "-2.1", "q": "a&b <c>"}, {"p": "1"}]
)
def test_rows_are_djangos(statuses, officer, query, language):
    with translation.override(language):
        cl = changelist(officer, query)
        # A page that was not posted: each row's inputs written without making its form.
        written, hidden = worksheet.results(cl), worksheet.hidden_fields(cl)
        assert "forms" not in cl.formset.__dict__
        assert all(row.form is None for row in written)
        assert str(cl.formset.media) == str(cl.formset.empty_form.media)
        assert not cl.formset.is_multipart()
        assert "forms" not in cl.formset.__dict__
        # ... as Django writes them from the forms
        assert [list(row) for row in written] == djangos_rows(cl)
        assert hidden == "".join(str(field) for field in result_hidden_fields(cl))
        forms = cl.formset.forms
        assert str(cl.formset.media) == str((forms[0] if forms else cl.formset.empty_form).media)
        # Once made, the forms are what the rows read.
        assert [row.form for row in worksheet.results(cl)] == list(cl.formset.forms)


@pytest.mark.django_db
def test_rows_without_the_list_edit_are_djangos(statuses, officer):
    cl = changelist(officer, editable=False)
    assert cl.formset is None
    rows = worksheet.results(cl)
    assert [list(row) for row in rows] == djangos_rows(cl)
    assert {row.form for row in rows} == {None}


@pytest.mark.django_db
def test_a_column_the_module_does_not_know_is_written_by_django(statuses, officer):
    cl = changelist(officer)
    cl.list_display = [*cl.list_display, "activity__code"]  # a lookup through a relation
    rows = worksheet.Rows(cl)
    assert not rows.known
    assert [rows.items(r, f) for r, f in zip(cl.result_list, cl.formset.forms, strict=True)] == (
        djangos_rows(cl)
    )


@pytest.mark.django_db
def test_the_page_shows_the_rows(client, statuses, officer):
    response = client.get(CHANGELIST)
    page = response.content.decode()
    cl = changelist(officer)
    for row in djangos_rows(cl):
        assert "".join(row) in page
    # Written without a form per row: nothing on the page asked for them.
    formset = response.context["cl"].formset
    assert "forms" not in formset.__dict__ and len(formset.written_rows()) == 4
    with pytest.raises(TypeError):
        formset["management_form"]  # what a template tries first: no form made for it
    assert "forms" not in formset.__dict__
    assert formset[0] is formset.forms[0] and formset[1:3] == formset.forms[1:3]
    assert formset.written_rows() is None  # made: the rows read them


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "fr", "ru"])
@pytest.mark.parametrize("query", [None, {"o": "-3.1"}])
def test_the_list_is_djangos_with_errors_of_a_form_s_own(statuses, officer, language, query):
    """worksheet_results.html and its rows written in Python are change_list_results.html
    (the admin's `result_list`), a form's own errors above its row included."""
    from django.contrib.admin.templatetags.admin_list import result_list
    from django.template.loader import get_template

    from programme.templatetags.worksheet import worksheet_result_list

    with translation.override(language):
        cl = changelist(officer, query)
        for form in cl.formset.forms[1:3]:
            form.cleaned_data = {}  # as a bound form's after its clean
        cl.formset.forms[1].add_error(None, '<b>"Refused" & more</b>')
        cl.formset.forms[2].add_error("status", "Not this one")
        djangos = get_template("admin/change_list_results.html").render(result_list(cl))
        ours = get_template("admin/programme/activitystatus/worksheet_results.html").render(
            worksheet_result_list(cl)
        )
    assert "&lt;b&gt;&quot;Refused&quot; &amp; more&lt;/b&gt;" in ours and "colspan" in ours
    assert ours == djangos
