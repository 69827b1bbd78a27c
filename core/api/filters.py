import datetime

import django_filters
from django.utils.translation import gettext_lazy as _
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
