import re
from urllib.parse import quote

from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.fallback import fallbacks


class ErrorSerializer(serializers.Serializer):
    """Every error has this shape: RFC 9457 problem details (`application/problem+json`) with
    the portal's `code` and `errors`."""

    type = serializers.CharField(
        help_text=_("The problem's type: about:blank (the HTTP status says it all).")
    )
    title = serializers.CharField(help_text=_("The HTTP status's name, e.g. Not Found."))
    status = serializers.IntegerField(help_text=_("The HTTP status code."))
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
        url = fast_reverse(self.view_name, kwargs)
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


class OptionalUrlField(serializers.URLField):
    """An address, or null when there is none (an empty string is not a URI)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("allow_null", True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return value or None


class LabelField(serializers.CharField):
    """The label of a model field's choice in the request's language: what
    `get_<field>_display()` gives, from a table made once per language (a list of a thousand
    objects would otherwise translate every label of every row)."""

    def __init__(self, field_name, **kwargs):
        kwargs["source"] = field_name
        kwargs["read_only"] = True
        super().__init__(**kwargs)
        self._labels = {}

    def to_representation(self, value):
        language = get_language()
        labels = self._labels.get(language)
        if labels is None:
            model = self.parent.Meta.model
            choices = model._meta.get_field(self.source).flatchoices
            labels = self._labels[language] = {key: str(label) for key, label in choices}
        label = labels.get(value, value)
        return label if isinstance(label, str) else str(label)


#: {(view name, keyword names, urlconf, script prefix, language): the address with
#: placeholders}: `reverse()` matches every pattern of the URLconf, a thousand times for a
#: list of a thousand objects; the address of one view differs only by its keywords.
_templates = {}
_SAFE = "!$&'()*+,;=/~:@"  # what Django's reverse() leaves unquoted in a keyword's value


ADDRESS_SAFE = _SAFE
_PLACEHOLDER = re.compile(r"cami0placeholder0(\d+)0")


def _template(view_name, names):
    key = (view_name, names, get_urlconf(), get_script_prefix(), get_language())
    template = _templates.get(key)
    if template is None:
        placeholders = {name: f"cami0placeholder0{index}0" for index, name in enumerate(names)}
        template = reverse(view_name, kwargs=placeholders)
        if len(_templates) > 1000:
            _templates.clear()
        _templates[key] = template
    return template


def fast_reverse(view_name, kwargs) -> str:
    """`reverse(view_name, kwargs=kwargs)` for keyword values without a slash."""
    if any("/" in str(value) for value in kwargs.values()):
        return reverse(view_name, kwargs=kwargs)
    names = tuple(sorted(kwargs))
    template = _template(view_name, names)
    for index, name in enumerate(names):
        template = template.replace(
            f"cami0placeholder0{index}0", quote(str(kwargs[name]), safe=_SAFE)
        )
    return template


def address_parts(view_name, names) -> list[str]:
    """`fast_reverse`'s address of `view_name` cut at its keywords: [text, keyword name,
    text, ...], for values without a slash (quoted with `ADDRESS_SAFE`)."""
    names = tuple(sorted(names))
    parts = _PLACEHOLDER.split(_template(view_name, names))
    return [part if index % 2 == 0 else names[int(part)] for index, part in enumerate(parts)]


def _resolve(obj, path):
    for name in path.split("."):
        obj = getattr(obj, name)
    return obj


@extend_schema_field(
    {
        "type": "object",
        "additionalProperties": {"type": "string", "enum": ["en", "fr", "ru"]},
        "description": (
            "The text fields of this object that are not available in the requested language, "
            "each with the language it is shown in instead, e.g. {\"text\": \"en\"}. Empty when "
            "every field is in the requested language."
        ),
        "example": {},
    }
)
class FallbackField(serializers.Field):
    """`fallback`: {field: language} for the translated fields shown in another language
    than the one requested (core/fallback.py)."""

    def __init__(self, fields, **kwargs):
        self.translated = tuple(fields)
        kwargs.update(source="*", read_only=True)
        super().__init__(**kwargs)

    def to_representation(self, instance):
        return fallbacks(instance, self.translated)
