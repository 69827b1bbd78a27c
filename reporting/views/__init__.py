"""Pages of the reporting workflow, one module per audience: the focal point's `mine`
(start, my reporting), `focal_point` (the report form), `batch` and `national` (all their
reports of a cycle as one document, which the secretariat may read too); the secretariat's
`review`, `dashboard` and `review_document` (a cycle's implementation review, its files and
publication, and the public pages of a published review); `reports` (a report's page and
documents, the public list of accepted reports). `common` holds what they share. Views read
through the querysets (`visible_to`, `editable_by`) and write through `reporting.services`;
they hold no rule of their own."""

from .batch import batch
from .dashboard import dashboard, remind
from .focal_point import report_edit, report_for
from .mine import my_reporting, prefill, start
from .national import national_report, national_report_pdf
from .reports import accepted, attachment, report_detail
from .review import bulk_accept, export, review_queue, review_report
from .review_document import (
    cycle_review,
    publish,
    published_review,
    published_review_file,
    published_reviews,
    review_file,
)

__all__ = [
    "accepted",
    "attachment",
    "batch",
    "bulk_accept",
    "cycle_review",
    "dashboard",
    "export",
    "my_reporting",
    "national_report",
    "national_report_pdf",
    "prefill",
    "publish",
    "published_review",
    "published_review_file",
    "published_reviews",
    "remind",
    "report_detail",
    "report_edit",
    "report_for",
    "review_file",
    "review_queue",
    "review_report",
    "start",
]
