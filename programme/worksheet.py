"""The worksheet's rows (the changelist of the statuses), written in Python.

Django's `items_for_result` looks every column up again for each of the 50 rows (the field,
the admin's method, the display, the link to the change form and its preserved filters) and
goes through `format_html` for each cell; that was most of the page's time. Here each column
is looked up once per page and each row only reads its values. What is written is what
`items_for_result` writes (tests/programme/test_worksheet_rows.py compares them); a column this
module does not know is written by Django's own code."""

import datetime
from types import MethodType

from django.contrib.admin.templatetags.admin_list import (
    ResultList,
    _coerce_field_name,
    items_for_result,
)
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.utils import (
    _get_non_gfk_field,
    display_for_field,
    display_for_value,
    quote,
)
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils.html import escape
from django.utils.safestring import SafeString

from core.html import escaped as _escaped

PK_MARK = "__worksheet_pk__"
NOT_SET = object()


class Column:
    """One column of the list: how to read its value and how to write its cell."""

    def __init__(self, cl, index, name, first):
        admin = cl.model_admin
        self.name = name
        self.classes = self.failed = [f"field-{_coerce_field_name(name, index)}"]
        self.link = cl.list_display_links is not None and (
            (first and not cl.list_display_links) or name in cl.list_display_links
        )
        self.tag = "th" if first else "td"
        self.field = self.method = None
        self.generic = False
        try:
            self.field = _get_non_gfk_field(cl.lookup_opts, name)
        except FieldDoesNotExist:
            self.generic = True
        except Exception:  # FieldIsAForeignKeyColumnName and the like: Django's own lookup
            self.generic = True
        if self.generic and not callable(name) and hasattr(admin, name) and name != "__str__":
            self.method = getattr(admin, name)
            self.generic = False
        if self.field is not None:
            if isinstance(self.field.remote_field, models.ManyToOneRel) or self.field.auto_created:
                self.generic = True
            elif isinstance(self.field, models.DateField | models.TimeField | models.ForeignKey):
                self.classes = [*self.classes, "nowrap"]
        if self.method is not None:
            self.empty = getattr(self.method, "empty_value_display", NOT_SET)
            if getattr(self.method, "boolean", False):
                self.generic = True
            if name == "action_checkbox":
                self.classes = ["action-checkbox"]

    def value(self, result):
        if self.method is not None:
            return self.method(result)
        return getattr(result, self.name)

    def shown(self, value, empty):
        """`items_for_result`'s representation of a value that is not a form field."""
        if isinstance(value, str) and value.strip() == "":
            value = ""
        if self.method is not None:
            shown = display_for_value(value, empty if self.empty is NOT_SET else self.empty)
            if isinstance(value, datetime.date | datetime.time):
                return shown, True
            return shown, False
        return display_for_field(value, self.field, empty, avoid_link=self.link), False


class Rows:
    """The rows of one page of the changelist `cl`."""

    def __init__(self, cl):
        self.cl = cl
        self.empty = cl.model_admin.get_empty_value_display()
        self.columns = []
        first = True
        for index, name in enumerate(cl.list_display):
            column = Column(cl, index, name, first)
            if column.link:
                first = False
            self.columns.append(column)
        generic = any(column.generic for column in self.columns)
        self.known = not cl.is_popup and not cl.to_field and not generic
        self.pk_name = cl.model._meta.pk.name
        self.url = self._url_pattern() if self.known else None

    def _url_pattern(self):
        """The change form's address with its preserved filters, made once: `PK_MARK` stands
        for the row's key (None: each row's is made by Django, as in `items_for_result`)."""
        cl = self.cl
        opts = cl.opts
        try:
            url = reverse(
                f"admin:{opts.app_label}_{opts.model_name}_change",
                args=(PK_MARK,),
                current_app=cl.model_admin.admin_site.name,
            )
        except NoReverseMatch:
            return None
        url = add_preserved_filters({"preserved_filters": cl.preserved_filters, "opts": opts}, url)
        path, mark, query = url.partition("?")
        if path.count(PK_MARK) != 1 or PK_MARK in query:
            return None
        return escape(path).split(PK_MARK, 1), escape(mark + query)

    def link(self, result):
        if self.url is None:
            cl = self.cl
            try:
                url = cl.url_for_result(result)
            except NoReverseMatch:
                return None
            preserved = {"preserved_filters": cl.preserved_filters, "opts": cl.opts}
            return escape(add_preserved_filters(preserved, url))
        (before, after), query = self.url
        key = getattr(result, self.cl.pk_attname)
        key = str(key) if type(key) is int else quote(key)
        if not isinstance(key, str) or not key.isdigit():
            self.url = None  # a key that the address would write otherwise: Django's way
            return self.link(result)
        return f"{before}{key}{after}{query}"

    def items(self, result, form):
        if not self.known:
            return list(items_for_result(self.cl, result, form))
        cells = []
        pk_name = self.pk_name
        for column in self.columns:
            name = column.name
            classes = column.classes
            try:
                value = column.value(result)
            except ObjectDoesNotExist:
                shown, nowrap, classes = self.empty, False, column.failed
            else:
                shown, nowrap = column.shown(value, self.empty)
            row_class = " ".join([*classes, "nowrap"] if nowrap else classes)
            row_class = f' class="{row_class}"'
            if column.link:
                url = self.link(result)
                text = _escaped(shown) if url is None else f'<a href="{url}">{_escaped(shown)}</a>'
                cells.append(SafeString(f"<{column.tag}{row_class}>{text}</{column.tag}>"))
                continue
            if (
                form
                and name in form.fields
                and not (name == pk_name and form.fields[pk_name].widget.is_hidden)
            ):
                field = form[name]
                shown = SafeString(str(field.errors) + str(field))
            cells.append(SafeString(f"<td{row_class}>{_escaped(shown)}</td>"))
        if form and not form.fields[pk_name].widget.is_hidden:
            cells.append(SafeString(f"<td>{_escaped(form[pk_name])}</td>"))
        return cells


def _written_forms(cl):
    """The rows' forms as the formset writes them without making them (a page of the
    worksheet that was not posted: programme/list_edit.py), or None."""
    written = getattr(cl.formset, "written_rows", None)
    return written() if written is not None else None


def results(cl):
    """What `admin_list.results` gives the template, for every row of the page."""
    rows = Rows(cl)
    if cl.formset:
        written = _written_forms(cl)
        if written is not None:  # no form of its own: no errors of a form's own either
            return [
                ResultList(None, rows.items(result, form))
                for result, form in zip(cl.result_list, written, strict=True)
            ]
        return [
            ResultList(form, rows.items(result, form))
            for result, form in zip(cl.result_list, cl.formset.forms, strict=False)
        ]
    return [ResultList(None, rows.items(result, None)) for result in cl.result_list]


def written_rows(rows):
    """The rows as admin/change_list_results.html's loop writes them (its white space, and the
    line of a form's errors of its own above its row), for worksheet_results.html."""
    written = []
    for row in rows:
        written.append("\n")
        errors = row.form.non_field_errors() if row.form is not None else None
        if errors:
            written.append(f'\n    <tr><td colspan="{len(row)}">{_escaped(errors)}</td></tr>\n')
        written.append(f"\n<tr>{''.join(row)}</tr>\n")
    return SafeString("".join(written))


def hidden_fields(cl):
    """What admin/change_list_results.html writes of `admin_list.result_hidden_fields`."""
    if not cl.formset:
        return ""
    pk_name = cl.model._meta.pk.name
    written = _written_forms(cl)
    forms = zip(cl.result_list, cl.formset.forms if written is None else written, strict=False)
    fields = [form[pk_name] for _result, form in forms]
    return SafeString("".join(str(field) for field in fields if field.is_hidden))


class WorksheetChangeList(ChangeList):
    """Django's changelist, which counts the rows twice when nothing filters them: the
    paginator's count of the page's queryset and the "(N total)" of the admin's own
    queryset. When neither has a condition (no filter, no search, no DISTINCT), both are
    the same `COUNT(*)` of the table: asked once. The page's rows read only the columns the
    admin names in `list_columns` (all of them if it names none)."""

    def get_results(self, request):
        self._get_results(request)
        columns = getattr(self.model_admin, "list_columns", None)
        if columns:
            self.result_list = self.result_list.only(*columns)

    def _get_results(self, request):
        queryset, root = self.queryset, self.root_queryset
        if not (
            self.model_admin.show_full_result_count
            and _counts_every_row(queryset)
            and _counts_every_row(root)
            and queryset.model is root.model
            and queryset.db == root.db
        ):
            return super().get_results(request)
        counted = []

        def count(_queryset):
            if not counted:
                counted.append(root.count())
            return counted[0]

        # Copies (`all()`), whose `count` is this page's own.
        self.queryset, self.root_queryset = queryset.all(), root.all()
        # Bound methods, as the paginator asks its list's `count` to be.
        self.queryset.count = MethodType(count, self.queryset)
        self.root_queryset.count = MethodType(count, self.root_queryset)
        try:
            super().get_results(request)
        finally:
            self.queryset, self.root_queryset = queryset, root
        return None


def _counts_every_row(queryset):
    """Whether `queryset.count()` is the `COUNT(*)` of its whole table."""
    query = queryset.query
    return (
        not query.where
        and not query.distinct
        and not query.combinator
        and not query.annotations
        and not query.extra
        and query.low_mark == 0
        and query.high_mark is None
        and not query.is_empty()
    )
