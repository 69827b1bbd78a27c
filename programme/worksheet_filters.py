"""The worksheet's filters (the statuses' changelist): their choices read as rows, and their
lists written in Python.

Django's `RelatedOnlyFieldListFilter` builds a model instance of every related object (every
column of a species, of a range state...) to show its `str()`; here its choices are read with
`values()`: the key and the columns its `str()` reads, the label made from them as the model's
`__str__` makes it (the translated column in the language in use, with
django-modeltranslation's fallback: `core.api.rows.Texts`). A related model this module does
not know is read by Django's own code. `filter_list` writes what `admin/filter.html` writes,
without a template node per choice. tests/programme/test_worksheet_filters.py compares both
with Django's own, in every language."""

from functools import partial
from urllib.parse import quote_plus

from django.contrib import admin
from django.contrib.admin.options import BaseModelAdmin
from django.template.base import render_value_in_context
from django.template.context import Context
from django.utils.encoding import iri_to_uri
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from core.api.rows import Texts
from core.prepared import Prepared
from rangestates.models import Landscape, RangeState
from species.models import Species

from .models import Actor, Issue, Objective, Programme


class Label:
    """How a model's `__str__` writes an object, from a `values()` row: `make(text, row)`,
    `text` being the translated field `translated` as the object would show it."""

    def __init__(self, model, make, translated=None, columns=()):
        self.model, self.make = model, make
        self.texts = Texts(model, [translated]) if translated else None
        self.translated = translated
        self.columns = [*columns, *(self.texts.columns() if self.texts else [])]

    def labels(self, rows, key):
        """[(key, label)] of the rows."""
        make = self.make
        if self.texts is None:
            return [(row[key], make(None, row)) for row in rows]
        order = self.texts.order()
        shown, name = self.texts.shown, self.translated
        return [(row[key], make(shown(row, name, order), row)) for row in rows]


def _objective(_text, row):
    return gettext("Objective %(number)s") % {"number": row["number"]}


LABELS = {
    label.model: label
    for label in [
        # Programme.__str__, Objective.__str__, Issue.__str__, Actor.__str__...
        Label(Programme, lambda text, row: text or row["code"], "title", ["code"]),
        Label(Objective, _objective, columns=["number"]),
        Label(Issue, lambda text, row: f"{row['code']} {text}", "title", ["code"]),
        Label(Actor, lambda text, row: text or row["slug"], "name", ["slug"]),
        Label(Species, lambda text, row: text or row["slug"], "common_name", ["slug"]),
        Label(RangeState, lambda text, row: text or row["iso_code"], "name", ["iso_code"]),
        Label(Landscape, lambda text, row: text or row["slug"], "name", ["slug"]),
    ]
}


class RelatedOnlyRowsFilter(admin.RelatedOnlyFieldListFilter):
    """Django's `RelatedOnlyFieldListFilter` (the same query, order and choices), its choices
    read as rows, by a query compiled once (`core.prepared.Prepared`, and planned once per
    database session on PostgreSQL) when it is the same for every request: when the admin's
    queryset is Django's own (`BaseModelAdmin.get_queryset`, its default manager; the order
    it adds is not part of the filter's subquery)."""

    def field_choices(self, field, request, model_admin):
        model = field.remote_field.model
        label = LABELS.get(model)
        if label is None:
            return super().field_choices(field, request, model_admin)
        ordering = tuple(self.field_admin_ordering(field, request, model_admin))
        remote = field.remote_field
        key = remote.get_related_field().attname if hasattr(remote, "get_related_field") else "pk"
        columns = (key, *label.columns)
        if _same_for_every_request(model_admin):
            name = (type(model_admin), model_admin.model, self.field_path, ordering, columns)
            prepared = _PREPARED.get(name)
            if prepared is None:
                build = partial(_rows, model_admin, None, self.field_path, model, ordering, columns)
                prepared = _PREPARED[name] = Prepared(build, model=model, planned_once=True)
            rows = prepared()
        else:
            rows = _rows(model_admin, request, self.field_path, model, ordering, columns)
        return label.labels(rows, key)


#: The filters' queries compiled once, by admin, filter, order and columns.
_PREPARED = {}


def _same_for_every_request(model_admin):
    return (
        type(model_admin).get_queryset is BaseModelAdmin.get_queryset
        and type(model_admin).get_ordering is BaseModelAdmin.get_ordering
    )


def _rows(model_admin, request, field_path, model, ordering, columns):
    """What RelatedOnlyFieldListFilter.field_choices and Field.get_choices ask for, as
    `values()` of `columns`."""
    related = (
        model_admin.get_queryset(request).distinct().values_list(f"{field_path}__pk", flat=True)
    )
    queryset = model._default_manager.complex_filter({"pk__in": related})
    if ordering:
        queryset = queryset.order_by(*ordering)
    return queryset.values(*columns)


_BY = " By %(filter_title)s "  # admin/filter.html's blocktranslate

#: Stands for a choice's value in a filter's query string made once (`QueryStrings`):
#: written as it is by `quote_plus`.
VALUE_MARK = "worksheetFilterValue7f3a"


class QueryStrings:
    """The changelist `cl` as a filter's `choices()` sees it, but for its query strings: each
    choice's `cl.get_query_string({lookup: value}, remove)` differs from the next only by its
    value, so it is made once per lookup with a mark in the value's place, and each value,
    encoded as `urlencode` encodes it, is put there. Any other query string, or one where the
    mark would not stand alone, is the changelist's own."""

    def __init__(self, cl):
        self.cl = cl
        self.made = {}

    def __getattr__(self, name):
        return getattr(self.cl, name)

    def get_query_string(self, new_params=None, remove=None):
        if not new_params or len(new_params) != 1:
            return self.cl.get_query_string(new_params, remove)
        ((key, value),) = new_params.items()
        if type(value) not in (int, str):
            return self.cl.get_query_string(new_params, remove)
        name = (key, tuple(remove or ()))
        parts = self.made.get(name)
        if parts is None:
            made = self.cl.get_query_string({key: VALUE_MARK}, remove)
            parts = self.made[name] = (
                tuple(made.split(VALUE_MARK)) if made.count(VALUE_MARK) == 1 else ()
            )
        if not parts:
            return self.cl.get_query_string(new_params, remove)
        return f"{parts[0]}{quote_plus(str(value), safe='')}{parts[1]}"


def filter_list(cl, spec):
    """What `admin_list.admin_list_filter` writes for a filter of admin/filter.html."""
    context = Context()  # what the template's render gives its variables
    title = render_value_in_context(spec.title, context)
    items = []
    for choice in spec.choices(QueryStrings(cl)):
        selected = ' class="selected"' if choice["selected"] else ""
        address = conditional_escape(iri_to_uri(choice["query_string"]))
        shown = render_value_in_context(choice["display"], context)
        items.append(f'\n    <li{selected}>\n    <a href="{address}">{shown}</a></li>\n  ')
    return mark_safe(
        f'\n<details data-filter-title="{title}" open>\n  <summary>\n    '
        f"{gettext(_BY) % {'filter_title': title}}\n  </summary>\n  <ul>\n  "
        f"{''.join(items)}\n  </ul>\n</details>\n"
    )
