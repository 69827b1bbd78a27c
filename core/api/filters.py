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
