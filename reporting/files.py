"""How a report's document is sent, by the site and by the API alike, once the caller has
found it among the documents the user may see (`ReportAttachment.objects.visible_to`).

It goes under the name of the type its content was found to be, never under the name it was
uploaded with (`services.document_name`); inline only for the types a browser shows safely;
in a sandbox, so that nothing in it runs as the portal. Documents never change (a new upload
is a new document), so the stored file's name is a strong validator."""

import hashlib

from django.http import FileResponse, Http404
from django.utils.cache import get_conditional_response

from .services import document_name

INLINE_TYPES = {"application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp"}


def _headers(response, etag):
    response["ETag"] = etag
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cache-Control"] = "private, max-age=0"
    return response


def attachment_response(request, document):
    """The document's file (or 304 Not Modified); a 404 when the file is missing."""
    etag = f'"{hashlib.sha256(document.file.name.encode()).hexdigest()[:32]}"'
    not_modified = get_conditional_response(request, etag=etag)
    if not_modified is not None:
        return _headers(not_modified, etag)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("The file is missing.") from exc
    response = FileResponse(
        handle,
        content_type=document.content_type,
        as_attachment=document.content_type not in INLINE_TYPES,
        filename=document_name(document.original_name, document.content_type),
    )
    return _headers(response, etag)
