"""Cross-origin reads of the public API (django-cors-headers).

A dashboard on another origin may read what anyone may read: GET, HEAD and the preflight
OPTIONS under `CORS_PUBLIC_READS_REGEX` (the API's version and its schema) answer with
`Access-Control-Allow-Origin: *`, never with credentials. A preflight for a write, or for a
request carrying a token (`Authorization` is not among the allowed headers), is answered
without them, so the browser refuses it: writes and tokens stay with scripts and the portal's
own pages."""

import re
from functools import cache

from django.conf import settings

READ_METHODS = ("GET", "HEAD", "OPTIONS")


@cache
def _public_reads():
    return re.compile(settings.CORS_PUBLIC_READS_REGEX)


def public_read(sender, request, **kwargs):
    """`check_request_enabled` receiver: whether this request may be read from any origin."""
    if request.method not in READ_METHODS:
        return False
    if request.method == "OPTIONS":
        wanted = request.headers.get("Access-Control-Request-Method", "GET").upper()
        if wanted not in READ_METHODS:
            return False
    return bool(_public_reads().match(request.path_info))


def connect_signals():
    from corsheaders.signals import check_request_enabled

    check_request_enabled.connect(public_read, dispatch_uid="cami_cors_public_reads")
