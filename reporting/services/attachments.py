"""Documents attached to a report: what is accepted, added and removed.

An upload is judged by its content, never by its name. Office Open XML and OpenDocument files
are ZIP archives: their directory is checked before anything is read (member count, declared
sizes, compression ratio), the one member read (the manifest) is read with a hard cap, and
an archive holding macros or other active content is refused whatever its name. The name a
document is stored and downloaded under ends with the extension of its detected type."""

import struct
import unicodedata
import zipfile
from pathlib import PurePath

import filetype
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import readcache

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


# What an office document's archive may hold. Focal points send reports and tables of at most
# 10 MB: an archive beyond these limits is refused before any member is inflated.
MAX_ARCHIVE_MEMBERS = 5_000
MAX_DIRECTORY_BYTES = 1024 * 1024  # the archive's list of members (5,000 long names)
MAX_UNPACKED_BYTES = 256 * 1024 * 1024  # all members together, as the archive declares them
# Deflate packs at most about 1,032:1, and zip bombs come close; office XML rarely exceeds
# 100:1. Members under a megabyte may pack as they like: they cannot hurt.
MAX_PACKING_RATIO = 200
RATIO_CHECKED_FROM = 1024 * 1024
MAX_MANIFEST_BYTES = 1024 * 1024  # [Content_Types].xml: a few kilobytes in real documents
# Macros and other active content, whatever the document is called: VBA projects, Excel 4
# macro sheets and ActiveX controls in Office files, Basic and scripts in OpenDocument ones,
# VBA storages in the older Word and Excel files.
ACTIVE_PARTS = ("vbaproject.bin", "vbaprojectsignature.bin", "vbadata.xml")
ACTIVE_FOLDERS = ("macrosheets/", "activex/", "basic/", "scripts/")
ACTIVE_CONTENT_TYPES = ("macroenabled", "vbaproject", "macrosheet", "activex")
OLE_VBA_MARKER = "_VBA_PROJECT".encode("utf-16-le")
OLE_TYPES = {"application/msword", "application/vnd.ms-excel", "application/vnd.ms-powerpoint"}

# {content type: extension} of every accepted type.
EXTENSIONS = {
    **SIGNATURE_TYPES,
    **ODF_TYPES,
    **dict(OOXML_MAIN_TYPES.values()),
}


def _unsafe_archive(upload):
    return ValidationError(
        _(
            "%(name)s is refused: as an archive it would unpack to far more than a document "
            "holds. Save it again from your office program and send the new file."
        )
        % {"name": upload.name},
        code="unsafe_archive",
    )


def _active_content(upload):
    return ValidationError(
        _(
            "%(name)s contains macros or other active content, which are not accepted. Save "
            "it as a plain document (for example .docx or .xlsx) and send it again."
        )
        % {"name": upload.name},
        code="forbidden_type",
    )


def _declared_directory(upload) -> tuple[int, int] | None:
    """(members, directory size) that a ZIP archive's end record declares, read from its last
    bytes before `zipfile` reads the directory itself; None without an end record."""
    tail_size = min(upload.size, 22 + 65_535)  # the record and the longest comment
    upload.seek(upload.size - tail_size)
    tail = upload.read(tail_size)
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < 22:
        return None
    members, directory_size = struct.unpack("<HL", tail[at + 10 : at + 16])
    return members, directory_size


def _check_directory(upload, archive):
    """Refuse an archive whose members, as its directory declares them, are too many, unpack
    to too much or are packed like a bomb, or hold active content. Nothing is inflated."""
    members = archive.infolist()
    if len(members) > MAX_ARCHIVE_MEMBERS:
        raise _unsafe_archive(upload)
    unpacked = 0
    for member in members:
        unpacked += member.file_size
        if (
            member.file_size > RATIO_CHECKED_FROM
            and member.file_size > MAX_PACKING_RATIO * max(member.compress_size, 1)
        ) or unpacked > MAX_UNPACKED_BYTES:
            raise _unsafe_archive(upload)
    for member in members:
        name = member.filename.lower()
        if name.endswith(ACTIVE_PARTS) or any(
            name.startswith(folder) or f"/{folder}" in name for folder in ACTIVE_FOLDERS
        ):
            raise _active_content(upload)


def _read_member(upload, archive, name, limit) -> bytes:
    """A member's bytes, `limit` at most: whatever its declared size, no more is inflated."""
    member = archive.getinfo(name)
    if member.file_size > limit:
        raise _unsafe_archive(upload)
    with archive.open(member) as stream:
        data = stream.read(limit + 1)
    if len(data) > limit:
        raise _unsafe_archive(upload)
    return data


def _zipped_type(upload, archive):
    """(content type, extension) of an OpenDocument or Office Open XML archive, else None."""
    names = set(archive.namelist())
    if "mimetype" in names:
        mimetype = _read_member(upload, archive, "mimetype", 200)
        mimetype = mimetype.decode("ascii", "replace").strip()
        return (mimetype, ODF_TYPES[mimetype]) if mimetype in ODF_TYPES else None
    if "[Content_Types].xml" not in names:
        return None
    manifest = _read_member(upload, archive, "[Content_Types].xml", MAX_MANIFEST_BYTES)
    manifest = manifest.decode("utf-8", "replace")
    if any(marker in manifest.lower() for marker in ACTIVE_CONTENT_TYPES):
        raise _active_content(upload)
    for main_type, found in OOXML_MAIN_TYPES.items():
        if f'ContentType="{main_type}"' in manifest:
            return found
    return None


def _zipped_document_type(upload):
    """(content type, extension) of an Office Open XML or OpenDocument file, else None.

    Read from the archive's manifest, so that a renamed archive is not taken for a document;
    `ValidationError` for an archive that would unpack to too much or holds macros."""
    declared = _declared_directory(upload)
    if declared is not None and (
        declared[0] > MAX_ARCHIVE_MEMBERS or declared[1] > MAX_DIRECTORY_BYTES
    ):
        raise _unsafe_archive(upload)
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            _check_directory(upload, archive)
            return _zipped_type(upload, archive)
    except (zipfile.BadZipFile, OSError, EOFError, UnicodeError, RuntimeError, ValueError):
        # Not a readable archive: truncated, a bad checksum (a member that lies about its
        # size), encrypted, an unknown compression method.
        return None
    finally:
        upload.seek(0)


def _has_ole_macros(upload) -> bool:
    """Whether an older Word or Excel file (OLE) holds a VBA project: its storage names are
    written in UTF-16 in the file's directory."""
    upload.seek(0)
    overlap = len(OLE_VBA_MARKER) - 1
    previous = b""
    try:
        for chunk in upload.chunks(1024 * 1024):
            if OLE_VBA_MARKER in previous[-overlap:] + chunk:
                return True
            previous = chunk
    finally:
        upload.seek(0)
    return False


def document_name(name: str, content_type: str) -> str:
    """The name a document is kept and downloaded under: the uploader's name with the
    extension of the type its content was found to be ("poly.html" holding a PDF is
    "poly.pdf", a "report.docm" without macros "report.docx")."""
    extension = EXTENSIONS.get(content_type, "bin")
    stem = PurePath((name or "").replace("\\", "/")).stem
    stem = "".join(c for c in stem if unicodedata.category(c)[0] != "C").strip(" .")
    if stem.lower().endswith("." + extension):
        stem = stem[: -len(extension) - 1].rstrip(" .")
    return f"{stem[:200] or 'document'}.{extension}"


def _check_size(upload):
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


def check_attachment(upload) -> tuple[str, str]:
    """(content type, extension) of an upload, judged by its content; `ValidationError` when
    it is too large, not a PDF, office document or image, or holds macros."""
    _check_size(upload)
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
        if found and found[0] in OLE_TYPES and _has_ole_macros(upload):
            raise _active_content(upload)
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
    with readcache.private_writes(), transaction.atomic():
        current = locked_editable(report, by, expected_version=None)
        reopen_returned(current, by)
        if current.state != report.state:
            current.version += 1
            current.updated_by = by
            current.save()
        attachment = ReportAttachment(
            report=current,
            original_name=document_name(upload.name, content_type),
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
    with readcache.private_writes(), transaction.atomic():
        locked_editable(attachment.report, by, expected_version=None)
        name = attachment.file.name
        storage = attachment.file.storage
        attachment.delete()
        transaction.on_commit(lambda: storage.delete(name))
