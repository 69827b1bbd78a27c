"""Conditional requests (RFC 9110).

Reads: every JSON response carries a strong `ETag`, a hash of the representation (so it is
always right, whatever changed: text, links, statuses, language); objects that record when
they changed also send `Last-Modified`. `If-None-Match` / `If-Modified-Since` give
`304 Not Modified`; Django's own `get_conditional_response` does the evaluation.

Writes: a change to an existing object must send `If-Match` with the ETag the client read (or
`*`). The object's current representation is hashed the same way: without the header the
answer is `428 Precondition Required`, with a stale one `412 Precondition Failed`, and nothing
is saved. The object's version, read together with that representation, is then handed to
the service function, which checks it again under a row lock, so that two writers racing each
other cannot both win."""

import hashlib

from django.utils.cache import get_conditional_response
from django.utils.http import http_date, parse_etags, parse_http_date_safe
from django.utils.translation import gettext as _
from rest_framework.renderers import JSONRenderer

from .exceptions import PreconditionFailed, PreconditionRequired


def data_etag(data) -> str:
    """The strong ETag of serialized data, as the API renders it by default."""
    body = JSONRenderer().render(data)
    return f'"{hashlib.md5(body, usedforsecurity=False).hexdigest()}"'


def check_if_match(request, current_etag: str) -> None:
    """Refuse a write whose `If-Match` is missing (428) or stale (412)."""
    header = request.headers.get("If-Match", "").strip()
    if not header:
        raise PreconditionRequired()
    tags = parse_etags(header)
    if tags == ["*"] or current_etag in tags:
        return
    raise PreconditionFailed(
        _(
            "If-Match %(sent)s does not match the current ETag %(current)s: the object "
            "changed since you read it. Nothing was saved; read it again and apply your change."
        )
        % {"sent": header, "current": current_etag}
    )


def _is_canonical(response) -> bool:
    """Whether the body is the default JSON rendering of `response.data` (no indentation
    asked for), so that its hash is the data's ETag."""
    media_type = getattr(response, "accepted_media_type", "") or ""
    context = getattr(response, "renderer_context", None) or {}
    return "indent" not in media_type and not context.get("indent")


def response_etag(response) -> str:
    if hasattr(response, "render") and not response.is_rendered:
        response.render()
    if hasattr(response, "data") and not _is_canonical(response):
        return data_etag(response.data)
    return f'"{hashlib.md5(response.content, usedforsecurity=False).hexdigest()}"'


def conditional_response(request, response, *, last_modified=None):
    """Add `ETag` and `Last-Modified` to a successful read, and answer 304 (or 412) when the
    request's preconditions say so."""
    if response.streaming:
        return response
    if "ETag" not in response.headers:  # a cached answer carries its own
        response.headers["ETag"] = response_etag(response)
    timestamp = None
    if last_modified is not None:
        response.headers["Last-Modified"] = http_date(last_modified.timestamp())
        timestamp = int(last_modified.timestamp())
    elif "Last-Modified" in response.headers:
        timestamp = parse_http_date_safe(response.headers["Last-Modified"])
    return get_conditional_response(
        request, etag=response.headers["ETag"], last_modified=timestamp, response=response
    )
