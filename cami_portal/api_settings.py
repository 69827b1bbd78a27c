"""The REST API's settings (DRF, CORS, the OpenAPI schema), read from the environment like
the rest of cami_portal/settings.py, which imports them."""

import os

from core.addresses import proxies_from_environment

# REST API for partners (/api/v1/, documented at /api/docs/): token authentication for
# scripts, session authentication (with CSRF) for the browser; reads are public.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "core.api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_RENDERER_CLASSES": ["core.api.renderers.FastJSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "core.api.pagination.PagePagination",
    "PAGE_SIZE": 50,
    "DEFAULT_THROTTLE_CLASSES": [
        "core.api.ratelimits.AnonRateThrottle",
        "core.api.ratelimits.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("API_THROTTLE_ANON", "120/minute"),
        "user": os.environ.get("API_THROTTLE_USER", "1200/minute"),
        # The site's password reset form (counted the same way): per e-mail address asked
        # for, and per client address.
        "password_reset_address": os.environ.get("PASSWORD_RESET_THROTTLE_ADDRESS", "3/hour"),
        "password_reset_client": os.environ.get("PASSWORD_RESET_THROTTLE_CLIENT", "20/hour"),
    },
    # The number of reverse proxies in front: X-Forwarded-For is read only behind them, for
    # the rate limits, the sign-in lockouts and the access log alike (core/addresses.py).
    # 0 (the default): the client is the connection's address, whatever the header says.
    "NUM_PROXIES": proxies_from_environment(),
    "DEFAULT_SCHEMA_CLASS": "core.api.schema.PortalAutoSchema",
    "EXCEPTION_HANDLER": "core.api.exceptions.exception_handler",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
# Anonymous cross-origin reads of the API and its schema, nothing else (core/api/cors.py).
CORS_ALLOW_ALL_ORIGINS, CORS_ALLOW_CREDENTIALS, CORS_URLS_REGEX = True, False, r"^$"
CORS_PUBLIC_READS_REGEX = r"^/api/(v1/|schema/)"
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_HEADERS = ["accept", "accept-language", "if-none-match", "if-modified-since"]
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified", "Retry-After", "Content-Language",
                       "Content-Disposition", "RateLimit-Limit", "RateLimit-Remaining",
                       "RateLimit-Reset"]  # fmt: skip
# The API's pages for people keep their error pages; every other error under /api/ is JSON.
API_PATH_PREFIX, API_PAGES_FOR_PEOPLE = "/api/", ["api:token"]

SPECTACULAR_SETTINGS = {
    "TITLE": "CAMI Portal API",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "cami_portal.api.schema.describe_api",
    ],
    "ENUM_NAME_OVERRIDES": {
        "PriorityEnum": "programme.choices.Priority",
        "ImplementationStatusEnum": "programme.choices.ImplementationStatus",
        "ReportStateEnum": "reporting.choices.ReportState",
    },
}
