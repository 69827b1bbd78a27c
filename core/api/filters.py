import copy
import datetime

import django_filters
from django import forms
from django.db.models import Case, F, IntegerField, Value, When
from django.utils.translation import gettext_lazy as _
from django_filters.conf import settings as filter_settings
from drf_spectacular.utils import extend_schema_field


def _is_true(value):
    return value == "true"


@extend_schema_field({"type": "string", "enum": ["true", "false"]})
class BooleanChoiceFilter(django_filters.TypedChoiceFilter):
    """`true` or `false`, and nothing else: any other value is a 400, never ignored (the
    stock BooleanFilter takes an unknown value for "no filter")."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("choices", [("true", _("true")), ("false", _("false"))])
        kwargs.setdefault("coerce", _is_true)
        super().__init__(*args, **kwargs)


class SinceFilter(django_filters.IsoDateTimeFilter):
    """An ISO 8601 date and time, compared in UTC: any offset Python reads (up to ±23:59) is
    accepted, where PostgreSQL refuses offsets beyond ±15:59 with an error."""

    def filter(self, qs, value):
        if value is not None and value.tzinfo is not None:
            value = value.astimezone(datetime.UTC)
        return super().filter(qs, value)


class RepeatedCSVWidget(django_filters.widgets.BaseCSVWidget, forms.TextInput):
    """Several values given as the parameter repeated (`?ordering=-updated&ordering=code`,
    the API's one convention, as generated clients send a list), or comma-separated in one
    value (accepted as well, as /api/v1/ always did for `ordering`)."""

    def value_from_datadict(self, data, files, name):
        if not hasattr(data, "getlist"):
            return super().value_from_datadict(data, files, name)
        values = data.getlist(name)
        if not values:
            return None
        return [part.strip() for value in values for part in value.split(",")]


class OrderingFilter(django_filters.OrderingFilter):
    """`ordering` taking several keys as the other multi-valued parameters do (repeated), and
    ordering a vocabulary by its rank (`ranks={"priority": Priority.values}`: "high" before
    "high_medium" before "medium"...) rather than by its stored codes' spelling."""

    repeatable = True  # core.api.viewsets lets the parameter be repeated

    def __init__(self, *args, ranks=None, **kwargs):
        self.ranks = dict(ranks or {})
        kwargs.setdefault("widget", RepeatedCSVWidget)
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if value in django_filters.constants.EMPTY_VALUES:
            return qs
        ordering, ranks = [], {}
        for param in value:
            if param in django_filters.constants.EMPTY_VALUES:
                continue
            field = self.get_ordering_value(param)
            descending, name = field.startswith("-"), field.lstrip("-")
            if name in self.ranks:
                alias = name.replace("__", "_") + "_rank"
                values = list(self.ranks[name])
                ranks[alias] = Case(
                    *(When(**{name: code}, then=Value(rank)) for rank, code in enumerate(values)),
                    default=Value(len(values)),
                    output_field=IntegerField(),
                )
                field = ("-" if descending else "") + alias
            descending, name = field.startswith("-"), field.lstrip("-")
            # Empty values (a report not accepted yet) last either way, on every database.
            ordering.append(F(name).desc(nulls_last=True) if descending else F(name).asc())
        if ranks:
            qs = qs.alias(**ranks)
        return qs.order_by(*ordering)


class RepeatableSelect(forms.Select):
    """A one-choice select on the pages whose parameter the API may repeat
    (`?range_state=KG&range_state=TJ`)."""

    def value_from_datadict(self, data, files, name):
        if hasattr(data, "getlist"):
            return data.getlist(name)
        value = data.get(name)
        return [] if value is None else [value]


class CodeField(django_filters.fields.ModelMultipleChoiceField):
    def __init__(self, *args, case=None, **kwargs):
        self.case = case
        super().__init__(*args, **kwargs)
        if isinstance(self.widget, forms.Select) and not self.widget.allow_multiple_selected:
            self.empty_label = filter_settings.EMPTY_CHOICE_LABEL  # the pages' "any"

    def clean(self, value):
        if isinstance(value, (list, tuple)):
            value = [str(v) for v in value if v not in ("", None)]
            if self.case:
                value = [getattr(v, self.case)() for v in value]
        return super().clean(value)


class CodeFilter(django_filters.ModelMultipleChoiceFilter):
    """Objects named by their code, the API's one convention: repeat the parameter for
    several (any of them matches), any case (`kg` is `KG`), an unknown code is a 400 naming
    the parameter. `case` is how the codes are stored ("upper" or "lower")."""

    field_class = CodeField

    def __init__(self, *args, case="lower", **kwargs):
        super().__init__(*args, case=case, **kwargs)

    def __deepcopy__(self, memo):
        # A FilterSet deep-copies its filters for every request. The queryset of the codes is
        # shared, not copied query and all: Django clones a queryset before any change.
        memo.setdefault(id(self.queryset), self.queryset)
        copied = self.__class__.__new__(self.__class__)
        memo[id(self)] = copied
        copied.__dict__.update(copy.deepcopy(self.__dict__, memo))
        return copied
