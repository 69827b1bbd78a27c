"""Base viewsets: every endpoint shares these rules, written once here.

- Query parameters: an unknown parameter, an empty or malformed value or a repeated
  single-valued one is a 400 naming the parameter (never silently ignored).
- `?lang=en|fr|ru` (or `Accept-Language`) chooses the content language; English is the
  fallback.
- `?format=csv` (or `Accept: text/csv`) streams a list as CSV.
- Reads carry `ETag` (and `Last-Modified` where the object records it) and answer
  conditional requests with 304 before the answer is built (core/api/conditional.py).
- Every answer carries the client's rate limit (`RateLimit-*`, core/api/ratelimits.py).
- Lists are paginated and always in a total order (ties broken by primary key)."""

import logging

import django_filters
from django.conf import settings
from django.http import Http404
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from rest_framework import mixins, viewsets
from rest_framework.exceptions import MethodNotAllowed, NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.settings import api_settings

from . import conditional
from .csv import CSVRenderer, SerializerRows, stream_csv
from .ratelimits import judge as count_request
from .ratelimits import rate_limit_headers
from .renderers import FastJSONRenderer
from .requests import ApiRequest, has_query

logger = logging.getLogger("cami_portal.api")

LANGUAGE_PARAM = "lang"
LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


class ApiViewSet(viewsets.GenericViewSet):
    lookup_value_regex = "[^/]+"
    csv_filename: str | None = None  # default: the list's name in its address

    # --- request checks ---------------------------------------------------------------

    def initialize_request(self, request, *args, **kwargs):
        # What DRF's viewsets do (APIView's, then the action named after the method), with
        # the request an `ApiRequest` (core/api/requests.py).
        api_request = ApiRequest(
            request,
            parsers=self.get_parsers(),
            authenticators=self.get_authenticators(),
            negotiator=self.get_content_negotiator(),
            parser_context=self.get_parser_context(request),
        )
        method = request.method.lower()
        self.action = "metadata" if method == "options" else self.action_map.get(method)
        return api_request

    def initial(self, request, *args, **kwargs):
        self.format_kwarg = None  # no format suffixes: codes such as 2.3.15 contain dots
        method = request.method.lower()
        if method not in self.http_method_names or not hasattr(self, method):
            raise MethodNotAllowed(request.method)  # before judging the parameters
        self.activate_language(request)
        super().initial(request, *args, **kwargs)
        if any("\x00" in str(value) for value in kwargs.values()):
            raise NotFound(_("There is no such object."))
        self.check_query_params(request)

    def activate_language(self, request):
        values = request.query_params.getlist(LANGUAGE_PARAM) if has_query(request) else ()
        if not values:
            return
        if len(values) > 1 or values[0] not in LANGUAGE_CODES:
            raise ValidationError(
                {
                    LANGUAGE_PARAM: [
                        _("Choose one language among: %(codes)s.")
                        % {"codes": ", ".join(LANGUAGE_CODES)}
                    ]
                }
            )
        translation.activate(values[0])
        request.LANGUAGE_CODE = values[0]

    def perform_content_negotiation(self, request, force=False):
        param = api_settings.URL_FORMAT_OVERRIDE
        values = request.query_params.getlist(param) if has_query(request) and not force else []
        if not values and request.META.get("HTTP_ACCEPT", "*/*") == "*/*":
            # What DRF's negotiation gives a client that states no preference: the first.
            renderer = self.get_renderers()[0]
            return renderer, renderer.media_type
        formats = [renderer.format for renderer in self.get_renderers()]
        if values and (len(values) > 1 or values[0] not in formats):
            raise ValidationError(
                {
                    param: [
                        _("Choose one format among: %(formats)s.") % {"formats": ", ".join(formats)}
                    ]
                }
            )
        return super().perform_content_negotiation(request, force=force)

    def get_filterset_class_for_action(self):
        return getattr(self, "filterset_class", None) if self.action == "list" else None

    def query_params_allowed(self):
        """{name: takes several values?} for this request's action."""
        allowed = {LANGUAGE_PARAM: False, api_settings.URL_FORMAT_OVERRIDE: False}
        if self.action == "list" and self.paginator is not None:
            allowed[self.paginator.page_query_param] = False
            allowed[self.paginator.page_size_query_param] = False
        filterset_class = self.get_filterset_class_for_action()
        if filterset_class is not None:
            for name, filter_ in filterset_class.base_filters.items():
                allowed[name] = getattr(filter_, "repeatable", False) or isinstance(
                    filter_, django_filters.MultipleChoiceFilter
                )
        return allowed

    def check_query_params(self, request):
        if not has_query(request) or not request.query_params:
            return  # nothing to judge (most reads): the parameters allowed are not listed
        allowed = self.query_params_allowed()
        errors = {}
        for name in request.query_params:
            if name == "updated_since" and name not in allowed:
                errors[name] = [
                    _(
                        "This list has no change time. It is small: read it whole with "
                        "If-None-Match and its ETag (304 when nothing changed), or take the "
                        "whole public data set from /api/v1/data-package.json. updated_since "
                        "is offered on the activities, the reports and the statuses per range "
                        "state."
                    )
                ]
            elif name not in allowed:
                errors[name] = [
                    _("Unknown query parameter. This endpoint accepts: %(names)s.")
                    % {"names": ", ".join(sorted(allowed))}
                ]
            elif not allowed[name] and len(request.query_params.getlist(name)) > 1:
                errors[name] = [_("Give this parameter once.")]
            elif any(not value.strip() for value in request.query_params.getlist(name)):
                errors[name] = [_("Give a value, or leave the parameter out.")]
            elif any("\x00" in value for value in request.query_params.getlist(name)):
                # No database column can hold a NUL character (PostgreSQL refuses the query).
                errors[name] = [_("A NUL character is not allowed here.")]
        if errors:
            raise ValidationError(errors)

    # --- renderers, lists, objects ------------------------------------------------------

    def get_renderers(self):
        if self.action == "list":
            return [FastJSONRenderer(), CSVRenderer()]
        return [FastJSONRenderer()]

    def filter_queryset(self, queryset):
        if self.action != "list":
            # Only lists take filters (any other action refuses their parameters: 400), so
            # an object is looked up in the queryset as it is, without building a filter set.
            return queryset
        queryset = super().filter_queryset(queryset)
        ordering = list(queryset.query.order_by) or list(queryset.model._meta.ordering)
        if not {"pk", "-pk", "id", "-id"} & {o for o in ordering if isinstance(o, str)}:
            queryset = queryset.order_by(*ordering, "pk")  # a total order: stable pages
        return queryset

    def not_found_message(self):
        value = self.kwargs.get(self.lookup_url_kwarg or self.lookup_field, "")
        name = self.get_queryset().model._meta.verbose_name
        return _("There is no %(object)s “%(key)s”.") % {"object": name, "key": value}

    def get_object(self):
        try:
            instance = super().get_object()
        except Http404:
            raise NotFound(self.not_found_message()) from None
        self.response_version = getattr(instance, "version", None)  # part of its ETag
        return instance

    #: Makes the CSV rows of the list (a subclass may make the same cells faster).
    csv_rows_class = SerializerRows

    def get_csv_rows(self):
        return self.csv_rows_class(self.get_serializer_class(), self.get_serializer_context())

    def get_csv_filename(self):
        # The list's address names it: /api/v1/range-states/ -> range-states.csv
        return self.csv_filename or self.request.path.rstrip("/").rsplit("/", 1)[-1]

    def list(self, request, *args, **kwargs):
        if request.accepted_renderer.format == CSVRenderer.format:
            if self.paginator is not None:
                self.paginator.validate_query_params(request)  # valid, though unused here
            return stream_csv(
                self.filter_queryset(self.get_queryset()),
                self.get_csv_rows(),
                self.get_csv_filename(),
            )
        not_modified = self.conditional_read(request)
        if not_modified is not None:
            return not_modified
        if self.build_list is not None:
            return self.build_list(request)
        return mixins.ListModelMixin.list(self, request, *args, **kwargs)

    #: `build_list(request)`: the JSON page of the list built from plain rows (a room's
    #: builder, tested field by field against the serializer), in place of the serializer;
    #: CSV and conditional reads are answered before it, as for every list.
    build_list = None

    def retrieve(self, request, *args, **kwargs):
        return self.conditional_read(request) or mixins.RetrieveModelMixin.retrieve(
            self, request, *args, **kwargs
        )

    # --- rate limits ------------------------------------------------------------------------

    def check_permissions(self, request):
        # Counted before the permissions are judged: a flood of refused requests is limited
        # too, and every answer says where the client stands.
        self.check_throttles(request)
        super().check_permissions(request)

    def check_throttles(self, request):
        if getattr(self, "_throttles", None) is not None:
            return  # counted once
        self._throttles = self.get_throttles()
        # A read asks for its data version (its ETag) with the histories: one round trip.
        reading = request.method in ("GET", "HEAD")
        version, refused = count_request(
            self._throttles,
            request,
            self,
            data_version=reading,
            public=not (reading and conditional.reads_whole_version(request)),
        )
        if reading:
            self._data_version = version
        if refused:
            durations = [duration for duration in refused if duration is not None]
            self.throttled(request, max(durations, default=None))

    # --- conditional requests -------------------------------------------------------------

    #: Set by a read whose object records when it last changed.
    response_last_modified = None
    #: Set by a read (or a write's answer) of an object that has a version: part of its ETag.
    response_version = None
    _read_digest = None
    #: The data version read with the rate limits' histories (`check_throttles`).
    _data_version = conditional.UNREAD

    def conditional_read(self, request):
        """A 304 when the client's ETag is current, decided before the answer is built; None
        to build it."""
        if request.method not in ("GET", "HEAD"):
            return None
        self._read_digest = conditional.read_digest(
            request, request.accepted_media_type, self._data_version
        )
        return conditional.not_modified(request, self._read_digest)

    def check_if_match(self, version):
        """Refuse a write whose If-Match does not name the object's current `version`. The
        data version (a round trip to the cache) is read only for the refusal's message."""

        def current():
            digest = conditional.read_digest(self.request, self.request.accepted_media_type)
            return conditional.make_etag(digest or "", version)

        conditional.check_if_match(self.request, version, current)

    def answer_etag(self, request, response):
        if request.method in ("GET", "HEAD"):
            # The data version read before the answer was built (never a newer one), if any.
            digest = self._read_digest
        else:  # a write's answer, read again after the write
            digest = conditional.read_digest(request, request.accepted_media_type)
        if digest is None:
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            digest = conditional.body_digest(response.content)
        return conditional.make_etag(digest, self.response_version)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        for name, value in rate_limit_headers(getattr(self, "_throttles", None) or ()).items():
            response.headers[name] = value
        if self.action == "list":
            patch_vary_headers(response, ["Accept"])
        if isinstance(response, Response) and response.status_code >= 400:
            # Errors are always JSON, whatever format the request asked for.
            response.accepted_renderer = FastJSONRenderer()
            response.accepted_media_type = FastJSONRenderer.media_type
        elif request.method in ("GET", "HEAD") and response.status_code == 200:
            if not response.streaming:
                response = conditional.conditional_response(
                    request,
                    response,
                    etag=self.answer_etag(request, response),
                    last_modified=self.response_last_modified,
                )
        elif isinstance(response, Response) and response.status_code in (200, 201):
            response.headers["ETag"] = self.answer_etag(request, response)  # for If-Match
        return response
