"""What focal points report about the programme, and the secretariat's review of it.

These tables hold what people record; `load_programme` never writes to them. Writes with
rules go through `reporting.services`."""

from .cycles import Reminder, ReportingCycle
from .focalpoints import FocalPoint
from .reports import (
    Report,
    ReportAttachment,
    ReportLink,
    ReportTransition,
    attachment_path,
    currency_validator,
)
from .reviews import DraftReviewFile, PublishedReview, PublishedReviewFile, ReviewFormat
from .statuses import RangeStateActivityStatus
from .tallies import ReportTally

__all__ = [
    "DraftReviewFile",
    "FocalPoint",
    "PublishedReview",
    "PublishedReviewFile",
    "RangeStateActivityStatus",
    "Reminder",
    "Report",
    "ReportAttachment",
    "ReportLink",
    "ReportTally",
    "ReportTransition",
    "ReportingCycle",
    "ReviewFormat",
    "attachment_path",
    "currency_validator",
]
