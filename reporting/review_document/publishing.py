"""The review's files and its publication: who may have them, and what a published review
keeps (its content in every language, frozen; its files, made once from that content)."""

import ctypes
import ctypes.util
import gc

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from ..access import can_review
from ..models import PublishedReview, PublishedReviewFile, ReviewFormat
from .content import build_review
from .pdf import render_pdf
from .word import render_docx

CONTENT_TYPES = {
    ReviewFormat.PDF: "application/pdf",
    ReviewFormat.DOCX: (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    ),
}


def languages():
    return [code for code, _name in settings.LANGUAGES]


def render(content, fmt, *, published_at=None) -> bytes:
    """The review's content as a file in `fmt` (pdf or docx)."""
    try:
        if fmt == ReviewFormat.PDF:
            return render_pdf(content, published_at=published_at)
        if fmt == ReviewFormat.DOCX:
            return render_docx(content, published_at=published_at)
        raise ValueError(f"Unknown format: {fmt}")
    finally:
        release_memory()


def release_memory():
    """Give back what the last file took, once it is made: collect the cycles WeasyPrint's
    and python-docx's trees leave, then ask the C allocator to return its free pages to the
    system (glibc's malloc_trim: Pango, Cairo and lxml allocate there, and without it the
    process keeps the freed memory of each file and grows with every one)."""
    gc.collect()
    name = ctypes.util.find_library("c")
    if name and "libc.so" in name:
        try:
            ctypes.CDLL(name).malloc_trim(0)
        except (AttributeError, OSError):  # not glibc
            pass


def require_review_access(user):
    if not can_review(user):
        raise PermissionDenied(_("Only the secretariat drafts and publishes the review."))


def draft_file(cycle, fmt, language, *, by) -> bytes:
    """The review of `cycle` as it stands now, for the secretariat."""
    require_review_access(by)
    with override(language):
        content = build_review(cycle)
    return render(content, fmt)


@transaction.atomic
def publish_review(cycle, *, by) -> PublishedReview:
    """Publish the review of `cycle` as it stands now, in every language. Earlier
    publications stay as they were."""
    require_review_access(by)
    content = {}
    for language in languages():
        with override(language):
            content[language] = build_review(cycle)
    return PublishedReview.objects.create(cycle=cycle, published_by=by, content=content)


def published_date(review, language) -> str:
    with override(language):
        return formats.date_format(timezone.localtime(review.published_at), "DATE_FORMAT")


def published_file(review, fmt, language) -> bytes:
    """A file of a published review, made from its frozen content the first time it is asked
    for and kept from then on."""
    stored = PublishedReviewFile.objects.filter(
        review=review, format=fmt, language=language
    ).values_list("data", flat=True).first()
    if stored is not None:
        return bytes(stored)
    data = render(
        review.content_in(language), fmt, published_at=published_date(review, language)
    )
    try:
        with transaction.atomic():
            PublishedReviewFile.objects.create(
                review=review, format=fmt, language=language, data=data
            )
    except IntegrityError:  # made at the same time by another request: the same content
        pass
    return data
