from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


class ErrorSerializer(serializers.Serializer):
    """Every error has this shape."""

    detail = serializers.CharField(
        help_text=_("What went wrong, for a person to read (in the request's language).")
    )
    code = serializers.CharField(
        help_text=_("A stable code for programs: invalid, not_found, throttled, …")
    )
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text=_(
            "400 only: each query parameter or field in error (nested fields dotted, e.g. "
            "funding.amount) with its messages."
        ),
    )

    class Meta:
        ref_name = "Error"


@extend_schema_field(OpenApiTypes.URI)
class ApiUrlField(serializers.Field):
    """The absolute API address of an object, by its natural key. Objects of a programme get
    `?programme=<code>` so that the address stays right when another programme becomes
    the current one."""

    def __init__(self, view_name, lookup, programme=None, **kwargs):
        self.view_name = view_name
        self.lookup = lookup  # {url kwarg: attribute path}
        self.programme_path = programme
        kwargs["source"] = "*"
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value):
        kwargs = {name: _resolve(value, path) for name, path in self.lookup.items()}
        url = reverse(self.view_name, kwargs=kwargs)
        if self.programme_path:
            url += "?" + urlencode({"programme": _resolve(value, self.programme_path)})
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request is not None else url


@extend_schema_field(OpenApiTypes.URI)
class WebUrlField(serializers.Field):
    """The absolute address of the object's public page in the portal."""

    def __init__(self, programme=None, **kwargs):
        self.programme_path = programme
        kwargs["source"] = "*"
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value):
        url = value.get_absolute_url()
        if self.programme_path:
            url += "?" + urlencode({"programme": _resolve(value, self.programme_path)})
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request is not None else url


@extend_schema_field(OpenApiTypes.URI)
class ListUrlField(serializers.Field):
    """The API address of a list filtered on this object, e.g. its activities; `keep`: query
    parameters of the request carried over to it (e.g. `programme`)."""

    def __init__(self, view_name, param, path, keep=(), **kwargs):
        self.view_name, self.param, self.path, self.keep = view_name, param, path, keep
        kwargs["source"] = "*"
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value):
        query = {self.param: _resolve(value, self.path)}
        request = self.context.get("request")
        if request is not None:
            query.update((k, request.GET[k]) for k in self.keep if request.GET.get(k))
        url = reverse(self.view_name) + "?" + urlencode(query)
        return request.build_absolute_uri(url) if request is not None else url


def _resolve(obj, path):
    for name in path.split("."):
        obj = getattr(obj, name)
    return obj
