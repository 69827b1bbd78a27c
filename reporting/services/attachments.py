"""Documents attached to a report: what is accepted, added and removed."""

import zipfile

import filetype
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import (
    Report,
    ReportAttachment,
)
from .common import MAX_ATTACHMENT_BYTES
from .drafts import locked_editable, reopen_returned

OOXML_MAIN_TYPES = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "docx",
    ),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "xlsx",
    ),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "pptx",
    ),
}
ODF_TYPES = {
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "application/vnd.oasis.opendocument.presentation": "odp",
}
# Recognised from their first bytes by the `filetype` package.
SIGNATURE_TYPES = {
    "application/pdf": "pdf",
    "application/msword": "doc",
    "application/vnd.ms-excel": "xls",
    "application/vnd.ms-powerpoint": "ppt",
    "image/png": "png",
    "image/jpeg": "jpg",
    "image/gif": "gif",
    "image/webp": "webp",
}
ACCEPTED_TYPES_TEXT = gettext_lazy(
    "PDF, Word, Excel, PowerPoint or OpenDocument files, PNG, JPEG, GIF or WebP images"
)


def _zipped_document_type(upload):
    """(content type, extension) of an Office Open XML or OpenDocument file, else None.

    Read from the archive's manifest, so that a renamed archive or a macro-enabled document
    is not taken for a plain one."""
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                mimetype = archive.read("mimetype").decode("ascii", "replace").strip()
                if mimetype in ODF_TYPES:
                    return mimetype, ODF_TYPES[mimetype]
                return None
            if "[Content_Types].xml" in names:
                manifest = archive.read("[Content_Types].xml").decode("utf-8", "replace")
                for main_type, found in OOXML_MAIN_TYPES.items():
                    if f'ContentType="{main_type}"' in manifest:
                        return found
    except (zipfile.BadZipFile, OSError, UnicodeError, RuntimeError):
        return None
    finally:
        upload.seek(0)
    return None


def check_attachment(upload) -> tuple[str, str]:
    """(content type, extension) of an upload, judged by its content; `ValidationError` when
    it is too large or not a PDF, office document or image."""
    if upload.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(
            _("%(name)s is too large (%(size)s MB); the limit is %(max)s MB per file.")
            % {
                "name": upload.name,
                "size": f"{upload.size / 1024 / 1024:.1f}",
                "max": MAX_ATTACHMENT_BYTES // 1024 // 1024,
            },
            code="too_large",
        )
    if upload.size == 0:
        raise ValidationError(_("%(name)s is empty.") % {"name": upload.name}, code="empty")
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    if head.startswith(b"PK\x03\x04"):
        found = _zipped_document_type(upload)
    else:
        kind = filetype.guess(head)
        found = (
            (kind.mime, SIGNATURE_TYPES[kind.mime])
            if kind and kind.mime in SIGNATURE_TYPES
            else None
        )
    if found is None:
        raise ValidationError(
            _("%(name)s is not an accepted type of file. Accepted: %(types)s.")
            % {"name": upload.name, "types": ACCEPTED_TYPES_TEXT},
            code="forbidden_type",
        )
    return found


def add_attachment(report: Report, *, by, upload) -> ReportAttachment:
    """Attach `upload` to the author's draft, under a generated name."""
    content_type, extension = check_attachment(upload)
    with transaction.atomic():
        current = locked_editable(report, by, expected_version=None)
        reopen_returned(current, by)
        if current.state != report.state:
            current.version += 1
            current.updated_by = by
            current.save()
        attachment = ReportAttachment(
            report=current,
            original_name=(upload.name or "attachment")[-255:],
            content_type=content_type,
            size=upload.size,
            uploaded_by=by,
        )
        attachment._detected_extension = extension
        attachment.file.save("upload", upload, save=False)
        try:
            attachment.save()
        except Exception:
            attachment.file.delete(save=False)
            raise
    return attachment


def remove_attachment(attachment: ReportAttachment, *, by):
    with transaction.atomic():
        locked_editable(attachment.report, by, expected_version=None)
        name = attachment.file.name
        storage = attachment.file.storage
        attachment.delete()
        transaction.on_commit(lambda: storage.delete(name))
