"""Conditional requests (RFC 9110), answered without building the answer.

Reads: every JSON answer carries a strong `ETag` made of the data version (core/readcache.py:
it changes whenever anything the reader may see is written; the public one for a reader who
sees only what is public), who asks (a signed-in person may
see more), the address with its query and the media type; an object that has a `version`
(a report, an activity's status) adds it: `"<digest>.v<version>"`. The language is not part
of it: an ETag read in French is the same in English. A read whose `If-None-Match` holds the
current digest is answered 304 before the answer is built (`not_modified`): while the data
version stands, nothing the answer shows has changed. Where the cache cannot give a data
version, the ETag is a hash of the answer, and the 304 is decided after building it.

Writes: a change to an existing object must send `If-Match` with an ETag the client read (or
`*`); what must match is the object's version in it, so that a change elsewhere in the
portal, or another language, does not refuse it. Without the header the answer is
`428 Precondition Required`, with a stale one `412 Precondition Failed`, and nothing is
saved. The version is then handed to the service function, which checks it again under a
row lock, so that two writers racing each other cannot both win."""

import hashlib

from django.http import HttpResponseNotModified
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, parse_etags, parse_http_date_safe
from django.utils.translation import gettext as _

from .. import readcache
from .exceptions import PreconditionFailed, PreconditionRequired
from .requests import has_query


def _md5(data: bytes) -> str:
    return hashlib.md5(data, usedforsecurity=False).hexdigest()


#: `read_digest`'s data version not read yet.
UNREAD = object()


def reads_whole_version(request) -> bool:
    """Whether the reader may see unpublished reports, so reads the version that every write
    changes; anyone else reads the public one, which a draft saved or submitted leaves alone."""
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated and readcache.sees_private(user))


def read_digest(request, media_type: str, version=UNREAD) -> str | None:
    """The digest of this read's ETag, from the data version the reader reads (read now unless
    given), or None when the cache cannot give one. Read before the answer is built: a write
    meanwhile makes it stale, never the answer newer than its ETag."""
    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    whole = reads_whole_version(request)
    if version is UNREAD:
        version = readcache.data_version(public=not whole)
    if version is None:
        return None
    who = f"user:{user.pk}" if signed_in else "anonymous"
    query = []
    if has_query(request):
        query = sorted((key, request.GET.getlist(key)) for key in request.GET)
    parts = [version, "all" if whole else "public", who, request.path, query, media_type]
    return _md5("\x1f".join(map(str, parts)).encode())


def make_etag(digest: str, version=None) -> str:
    return f'"{digest}"' if version is None else f'"{digest}.v{version}"'


def body_digest(body: bytes) -> str:
    return _md5(body)


def not_modified(request, digest: str | None):
    """A 304 for a read whose If-None-Match names the current digest, else None. The 304
    carries the client's ETag: while the digest stands, so does the version in it."""
    header = request.headers.get("If-None-Match")
    if digest is None or not header or request.headers.get("If-Match"):
        return None
    for tag in parse_etags(header):
        if tag.startswith('"') and tag.strip('"').split(".v")[0] == digest:
            response = HttpResponseNotModified()
            response.headers["ETag"] = tag
            return response
    return None


def check_if_match(request, version, current_etag) -> None:
    """Refuse a write whose `If-Match` is missing (428) or names another version (412).
    `current_etag()` gives the ETag the refusal names: asked for only then."""
    header = request.headers.get("If-Match", "").strip()
    if not header:
        raise PreconditionRequired()
    tags = parse_etags(header)
    if tags == ["*"]:
        return
    suffix = f'.v{version}"'
    if any(tag.startswith('"') and tag.endswith(suffix) for tag in tags):
        return
    raise PreconditionFailed(
        _(
            "If-Match %(sent)s does not match the current ETag %(current)s: the object "
            "changed since you read it. Nothing was saved; read it again and apply your change."
        )
        % {"sent": header, "current": current_etag()}
    )


def conditional_response(request, response, *, etag, last_modified=None):
    """Add `ETag` and `Last-Modified` to a successful read, and answer 304 (or 412) when the
    request's preconditions say so."""
    if response.streaming:
        return response
    response.headers["ETag"] = etag
    timestamp = None
    if last_modified is not None:
        response.headers["Last-Modified"] = http_date(last_modified.timestamp())
        timestamp = int(last_modified.timestamp())
    elif "Last-Modified" in response.headers:
        timestamp = parse_http_date_safe(response.headers["Last-Modified"])
    return get_conditional_response(request, etag=etag, last_modified=timestamp, response=response)
