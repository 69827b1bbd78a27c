"""Base viewsets: every endpoint shares these rules, written once here.

- Query parameters: an unknown parameter, an empty or malformed value or a repeated
  single-valued one is a 400 naming the parameter (never silently ignored).
- `?lang=en|fr|ru` (or `Accept-Language`) chooses the content language; English is the
  fallback.
- `?format=csv` (or `Accept: text/csv`) streams a list as CSV.
- Reads carry `ETag` (and `Last-Modified` where the object records it) and answer
  conditional requests with 304.
- Reads (JSON lists and objects) are kept in the shared cache until the data behind them
  changes (core/readcache.py): a repeated read, or a 304, skips the database.
- Lists are paginated and always in a total order (ties broken by primary key)."""

import logging

import django_filters
from django.conf import settings
from django.http import Http404, HttpResponse
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date
from django.utils.translation import gettext as _
from rest_framework import mixins, viewsets
from rest_framework.exceptions import MethodNotAllowed, NotFound, ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.settings import api_settings

from .. import readcache
from . import fastpath
from .authentication import TokenAuthentication
from .conditional import check_if_match, conditional_response, data_etag, response_etag
from .csv import CSVRenderer, SerializerRows, stream_csv

logger = logging.getLogger("cami_portal.api")

LANGUAGE_PARAM = "lang"
LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


class ApiViewSet(viewsets.GenericViewSet):
    lookup_value_regex = "[^/]+"
    csv_filename: str | None = None  # default: the list's name in its address

    # --- request checks ---------------------------------------------------------------

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
        values = request.query_params.getlist(LANGUAGE_PARAM)
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
        values = request.query_params.getlist(param) if not force else []
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
        allowed = self.query_params_allowed()
        errors = {}
        for name in request.query_params:
            if name not in allowed:
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
            return [JSONRenderer(), CSVRenderer()]
        return [JSONRenderer()]

    def filter_queryset(self, queryset):
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
            return super().get_object()
        except Http404:
            raise NotFound(self.not_found_message()) from None

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
        return self.cached_read(request) or mixins.ListModelMixin.list(
            self, request, *args, **kwargs
        )

    def retrieve(self, request, *args, **kwargs):
        return self.cached_read(request) or mixins.RetrieveModelMixin.retrieve(
            self, request, *args, **kwargs
        )

    # --- cached reads ---------------------------------------------------------------------

    #: Headers a cached read does not keep: DRF and the middleware set them on every answer.
    UNCACHED_HEADERS = {"vary", "allow", "set-cookie", "content-length"}

    def read_cache_user(self, request):
        """Whose answer this read is: None when it is the same for everyone (the default),
        a user id when it depends on the user, False when it must not be cached."""
        return None

    def read_cache_key(self, request):
        """(key, user id) of this read in the cache, or (None, None) when it is not kept."""
        if (
            not readcache.enabled()
            or request.method not in ("GET", "HEAD")
            or self.action not in ("list", "retrieve")
            or request.accepted_renderer.format != JSONRenderer.format
        ):
            return None, None
        user_id = self.read_cache_user(request)
        if user_id is False:
            return None, None
        key = readcache.make_key(
            "api",
            [
                user_id,
                request.scheme,
                request.get_host(),
                request.path,
                sorted(request.query_params.lists()),
                translation.get_language(),
                request.accepted_media_type,
                self.action,
            ],
        )
        return key, user_id

    def cached_read(self, request):
        """The stored answer to this read (or 304), or None to build it.

        Two entries per read: `meta` (headers) answers conditional requests without moving
        the body; `full` holds the body too."""
        self._read_key = None
        try:
            key, user_id = self.read_cache_key(request)
            if key is None:
                return None
            conditional = "If-None-Match" in request.headers or (
                "If-Modified-Since" in request.headers
            )
            versions, entry = readcache.lookup(key + (":meta" if conditional else ":full"), user_id)
            self._read_key, self._read_versions, self._read_user_id = key, versions, user_id
            if entry is None:
                return None
            headers = entry["headers"]
            not_modified = get_conditional_response(
                request, etag=headers["ETag"], last_modified=entry["last_modified"]
            )
            if not_modified is not None:  # 304, or 412 for a failed If-Unmodified-Since
                for name in ("ETag", "Last-Modified"):
                    if name in headers:
                        not_modified.headers[name] = headers[name]
                if not_modified.status_code == 304:  # the next one may skip the view
                    self.remember_for_fast_path(headers["ETag"], entry["last_modified"])
                return not_modified
            if conditional:  # changed since the client's copy: the body is needed
                versions, entry = readcache.lookup(key + ":full", user_id)
                if entry is None or entry["headers"]["ETag"] != headers["ETag"]:
                    return None
        except Exception:
            logger.exception("The cached API reads cannot be read")
            return None
        response = HttpResponse(entry["body"])
        for name, value in entry["headers"].items():
            response.headers[name] = value
        response.from_read_cache = True
        # Built for another client (the same for everyone) or before: the next read of this
        # client may skip the view.
        self.remember_for_fast_path(entry["headers"]["ETag"], entry["last_modified"])
        return response

    def store_read(self, response):
        key = getattr(self, "_read_key", None)
        if key is None or response.streaming or getattr(response, "from_read_cache", False):
            return
        headers = {
            name: value
            for name, value in response.headers.items()
            if name.lower() not in self.UNCACHED_HEADERS
        }
        modified = self.response_last_modified
        meta = {
            "headers": headers,
            "last_modified": int(modified.timestamp()) if modified is not None else None,
        }
        readcache.store(key + ":meta", self._read_versions, **meta)
        readcache.store(key + ":full", self._read_versions, body=response.content, **meta)
        self.remember_for_fast_path(headers["ETag"], meta["last_modified"])

    def remember_for_fast_path(self, etag, last_modified):
        """Lets the next conditional request for this answer be answered before the view
        (core/api/fastpath.py)."""
        fastpath.store(
            self.request._request,
            authenticated_by_token=isinstance(
                self.request.successful_authenticator, TokenAuthentication
            ),
            user_id=self._read_user_id,
            etag=etag,
            last_modified=last_modified,
            versions=self._read_versions,
            full=self._read_key + ":full",
        )

    # --- conditional requests -------------------------------------------------------------

    #: Set by a read whose object records when it last changed.
    response_last_modified = None

    def representation_etag(self, instance, serializer_class=None):
        """The ETag a read of `instance` gives in this request's language and for this
        user: what a write's If-Match must match."""
        serializer_class = serializer_class or self.get_serializer_class()
        return data_etag(serializer_class(instance, context=self.get_serializer_context()).data)

    def check_if_match(self, instance, serializer_class=None):
        check_if_match(self.request, self.representation_etag(instance, serializer_class))

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if self.action == "list":
            patch_vary_headers(response, ["Accept"])
        if isinstance(response, Response) and response.status_code >= 400:
            # Errors are always JSON, whatever format the request asked for.
            response.accepted_renderer = JSONRenderer()
            response.accepted_media_type = JSONRenderer.media_type
        elif request.method in ("GET", "HEAD") and response.status_code == 200:
            if not response.streaming and not getattr(response, "from_read_cache", False):
                response.headers["ETag"] = response_etag(response)
                if self.response_last_modified is not None:
                    response.headers["Last-Modified"] = http_date(
                        self.response_last_modified.timestamp()
                    )
                self.store_read(response)
            response = conditional_response(
                request, response, last_modified=self.response_last_modified
            )
        elif isinstance(response, Response) and response.status_code in (200, 201):
            response.headers["ETag"] = response_etag(response)  # for the next If-Match
        return response
