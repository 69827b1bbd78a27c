"""The OpenAPI schema: what every operation shares (parameters, headers, errors, CSV) is added
here once, so that each viewset only describes what is its own."""

import re

from django.conf import settings
from django.core.validators import MaxLengthValidator, RegexValidator
from django.utils.translation import gettext as _
from django_filters import filters
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.drainage import has_override
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import build_array_type, build_parameter_type
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse

from .serializers import ErrorSerializer

WRITE_METHODS = ("PUT", "PATCH", "POST", "DELETE")


def _error_descriptions():
    return {
        "400": _(
            "Invalid request: an unknown query parameter, a malformed or repeated value, or "
            "invalid data. `errors` names each parameter or field with its messages."
        ),
        "401": _(
            "Wrong credentials (an unknown token, an inactive account), or the operation "
            "needs a signed-in user."
        ),
        "403": _("Signed in, but not allowed to do this."),
        "404": _("No such object, or none you may see; for a list, a page past the last one."),
        "406": _("The Accept header asks for a format that this endpoint does not give."),
        "409": _(
            "The object is not in a state that allows this (e.g. a report already submitted)."
        ),
        "412": _(
            "If-Match does not match the current version: the object changed since you read "
            "it. Nothing was saved."
        ),
        "415": _("The request body is not JSON (send Content-Type: application/json)."),
        "428": _("A change needs If-Match with the ETag you read (or *)."),
        "429": _("Too many requests: wait the number of seconds given in Retry-After."),
    }


ERROR_EXAMPLES = {
    "400": OpenApiExample(
        "Unknown parameter",
        value={
            "detail": "colour: Unknown query parameter. This endpoint accepts: format, lang, …",
            "code": "invalid",
            "errors": {"colour": ["Unknown query parameter. This endpoint accepts: …"]},
        },
    ),
    "404": OpenApiExample(
        "No such object",
        value={
            "detail": "There is no activity “9.9.9”. (programme cami-2014-2020)",
            "code": "not_found",
        },
    ),
    "412": OpenApiExample(
        "Changed meanwhile",
        value={
            "detail": 'If-Match "3f2c…" does not match the current ETag "9a41…": the object '
            "changed since you read it. Nothing was saved; read it again and apply your change.",
            "code": "precondition_failed",
        },
    ),
    "429": OpenApiExample(
        "Throttled",
        value={
            "detail": "Request was throttled. Expected available in 12 seconds.",
            "code": "throttled",
        },
    ),
}


class NaturalKeyFilterExtension(DjangoFilterExtension):
    """Filters on a related object by its natural key (`?species=saiga-antelope`,
    `?range_state=KZ`) are documented with the type of that key."""

    priority = 1

    def resolve_filter_field(self, auto_schema, model, filterset_class, field_name, filter_field):
        to_field_name = filter_field.extra.get("to_field_name")
        is_model_choice = isinstance(
            filter_field, (filters.ModelChoiceFilter, filters.ModelMultipleChoiceFilter)
        )
        if has_override(filter_field, "field"):
            return super().resolve_filter_field(
                auto_schema, model, filterset_class, field_name, filter_field
            )
        if not (is_model_choice and to_field_name):
            parameters = super().resolve_filter_field(
                auto_schema, model, filterset_class, field_name, filter_field
            )
            choices = filter_field.extra.get("choices")
            if choices and not callable(choices):
                # A filter method hides the model field: type the values by the choices.
                values = [value for value, _label in choices]
                kind = "integer" if all(isinstance(v, int) for v in values) else "string"
                for parameter in parameters:
                    schema = parameter["schema"]
                    schema = schema["items"] if schema.get("type") == "array" else schema
                    schema["type"] = kind
            return parameters
        key_field = filter_field.queryset.model._meta.get_field(to_field_name)
        schema = auto_schema._map_model_field(key_field, direction=None)
        for meta in ("readOnly", "description"):
            schema.pop(meta, None)
        description = f"{filter_field.label} ({key_field.verbose_name})."
        many = isinstance(filter_field, filters.ModelMultipleChoiceFilter)
        if many:
            description += " " + _("Repeat the parameter to match any of several.")
        return [
            build_parameter_type(
                name=field_name,
                required=filter_field.extra["required"],
                location="query",
                description=description,
                schema=build_array_type(schema) if many else schema,
                explode=True if many else None,
                style="form" if many else None,
            )
        ]


class PortalAutoSchema(AutoSchema):
    # --- which operation is this? -----------------------------------------------------------

    def _is_write(self):
        return self.method in WRITE_METHODS

    def _needs_if_match(self):
        return self._is_write() and not self._is_create_operation()

    def _has_object(self):
        return bool(re.search(r"{[^}]+}", self.path))

    def get_auth(self):
        auths = super().get_auth()
        permissions = self.view.get_permissions()
        reads_are_public = permissions and all(
            getattr(permission, "public_reads", False) for permission in permissions
        )
        if self.method in ("GET", "HEAD") and reads_are_public and {} not in auths:
            auths.append({})
        return auths

    # --- parameters ---------------------------------------------------------------------------

    def get_override_parameters(self):
        return [
            *super().get_override_parameters(),
            *self._query_parameters(),
            *(self._conditional_read_headers() if self.method == "GET" else []),
            *(self._conditional_write_headers() if self._needs_if_match() else []),
            *self._answer_headers(),
        ]

    def _query_parameters(self):
        """The object's key in the path, the language and, where it applies, the programme."""
        parameters = []
        codes = [code for code, _name in settings.LANGUAGES]
        lookup = re.search(r"{(\w+)}", self.path)
        example = getattr(self.view, "lookup_example", None)
        if lookup and example is not None:
            parameters.append(
                OpenApiParameter(
                    lookup.group(1),
                    int if isinstance(example, int) else str,
                    OpenApiParameter.PATH,
                    description=getattr(self.view, "lookup_description", ""),
                    examples=[OpenApiExample(str(example), value=example)],
                )
            )
        parameters.append(
            OpenApiParameter(
                "lang",
                str,
                enum=codes,
                description=_(
                    "Content language (otherwise Accept-Language decides; English is the "
                    "fallback for any text not translated)."
                ),
            )
        )
        takes_programme = getattr(self.view, "takes_programme_param", None)
        if takes_programme is not None and takes_programme():
            parameters.append(
                OpenApiParameter(
                    self.view.programme_param,
                    str,
                    description=_(
                        "Code of the programme, e.g. cami-2014-2020. Default: the current "
                        "programme. An unknown code is a 400."
                    ),
                )
            )
        return parameters

    def _conditional_read_headers(self):
        return [
            OpenApiParameter(
                "If-None-Match",
                str,
                OpenApiParameter.HEADER,
                description=_("The ETag you hold: 304 Not Modified if it is still current."),
            ),
            OpenApiParameter(
                "If-Modified-Since",
                str,
                OpenApiParameter.HEADER,
                description=_(
                    "An HTTP date: 304 Not Modified if the object has not changed since "
                    "(objects that send Last-Modified)."
                ),
            ),
            OpenApiParameter(
                "ETag",
                str,
                OpenApiParameter.HEADER,
                response=["200", "304"],
                description=_(
                    "Validator of this representation, for If-None-Match (and If-Match "
                    "where the object can be changed). Not sent with CSV exports."
                ),
            ),
            OpenApiParameter(
                "Last-Modified",
                str,
                OpenApiParameter.HEADER,
                response=["200", "304"],
                description=_("When the object last changed, where it records it."),
            ),
        ]

    def _conditional_write_headers(self):
        return [
            OpenApiParameter(
                "If-Match",
                str,
                OpenApiParameter.HEADER,
                required=True,
                description=_(
                    "The ETag you read (in the same language), or * to overwrite whatever "
                    "is there. Without it: 428; stale: 412, and nothing is saved."
                ),
            ),
            OpenApiParameter(
                "ETag",
                str,
                OpenApiParameter.HEADER,
                response=["200", "201"],
                description=_("The new version's ETag, for the next If-Match."),
            ),
        ]

    def _answer_headers(self):
        return [
            OpenApiParameter(
                "Content-Language",
                str,
                OpenApiParameter.HEADER,
                response=["200"],
                description=_("The language of the texts in the response."),
            ),
            OpenApiParameter(
                "Retry-After",
                int,
                OpenApiParameter.HEADER,
                response=["429"],
                description=_("Seconds to wait before the next request."),
            ),
        ]

    def _get_parameters(self):
        parameters = super()._get_parameters()
        for parameter in parameters:
            if parameter["in"] != "query":
                continue
            schema = parameter["schema"]
            if schema.get("type") == "array":
                schema.setdefault("minItems", 1)
                schema = schema["items"]
            if schema.get("type") == "string" and "enum" not in schema:
                # An empty or blank value is refused (400), not taken for "no filter".
                schema.setdefault("minLength", 1)
                if "format" not in schema:
                    schema.setdefault("pattern", r"\S")
        return parameters

    def _get_format_parameters(self):
        parameters = super()._get_format_parameters()
        for parameter in parameters:
            parameter["description"] = _(
                "json (default) or csv: the whole filtered list as CSV, streamed, not "
                "paginated (same as Accept: text/csv)."
            )
        return parameters

    def _get_filter_parameters(self):
        parameters = super()._get_filter_parameters()
        filterset_class = getattr(self.view, "filterset_class", None)
        if filterset_class is None:
            return parameters
        for parameter in parameters:
            filter_ = filterset_class.base_filters.get(parameter["name"])
            if filter_ is None:
                continue
            schema = parameter["schema"]
            if schema.get("type") == "array":
                schema = schema["items"]
            for validator in filter_.extra.get("validators", []):
                if isinstance(validator, RegexValidator) and not validator.inverse_match:
                    schema["pattern"] = validator.regex.pattern
                elif isinstance(validator, MaxLengthValidator):
                    schema["maxLength"] = validator.limit_value
            if filter_.extra.get("max_length"):
                schema["maxLength"] = filter_.extra["max_length"]
            if filter_.extra.get("min_value") is not None:
                schema["minimum"] = filter_.extra["min_value"]
        return parameters

    # --- responses ----------------------------------------------------------------------------

    def _error_codes(self):
        codes = ["400", "401", "406", "429"]
        if self.method == "GET":
            codes.append("404")  # no such object; a page past the last one
        if self._is_write():
            codes += ["403", "404", "415"]
            if self._needs_if_match():
                codes += ["412", "428"]
            codes += list(getattr(self.view, "extra_error_codes", {}).get(self.method, ()))
        return sorted(set(codes))

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        ok = responses.get("200")
        if ok and "content" in ok and "text/csv" in ok["content"]:
            ok["content"]["text/csv"] = {
                "schema": {
                    "type": "string",
                    "description": _(
                        "One row per object, columns as in the JSON (nested objects as dotted "
                        "columns, lists joined with “; ”)."
                    ),
                }
            }
        if self.method == "GET":
            responses.setdefault(
                "304",
                {
                    "description": _("Not modified: the representation you hold is current."),
                    "headers": self._get_response_headers_for_code("304", direction),
                },
            )
        descriptions = _error_descriptions()
        for code in self._error_codes():
            if code in responses:
                continue
            examples = [ERROR_EXAMPLES[code]] if code in ERROR_EXAMPLES else []
            responses[code] = self._get_response_for_code(
                OpenApiResponse(ErrorSerializer, descriptions[code], examples),
                code,
                media_types=["application/problem+json"],
                direction=direction,
            )
        return dict(sorted(responses.items()))
