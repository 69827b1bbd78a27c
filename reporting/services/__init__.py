"""Writes with rules for reporting. The web forms, the admin, the management commands and the
API all call these functions; none of them repeats a rule.

Who may do what:

- a focal point creates and edits their own drafts for the range states and species they are
  linked to, on the activities that concern them, once the cycle has opened; they submit
  them until the deadline (or until the date the secretariat gave when returning or
  reopening the report);
- the secretariat (`access.can_review`) accepts or returns submitted reports and reopens
  reports; nobody else changes a report's state.

Functions raise `PermissionDenied` when the user may not act, `ValidationError` when the
data or the moment is wrong, `ReportConflict` when the report changed since the caller
read it (concurrent edits are refused, never merged), and `AlreadySubmitted` when the
author's report went to the secretariat meanwhile.

The rules live in one module each: `scope` (who may report on what), `drafts`,
`attachments`, `workflow` (submit, accept, return, reopen), `reminders`, `focalpoints`;
`common` holds what they share. Callers import them from here."""

from .attachments import (
    ACCEPTED_TYPES_TEXT,
    EXTENSIONS,
    MAX_ATTACHMENT_BYTES,
    add_attachment,
    check_attachment,
    document_name,
    remove_attachment,
)
from .common import (
    CONTENT_FIELDS,
    MAX_LINKS,
    REQUIRED_TO_SUBMIT,
    AlreadySubmitted,
    ReportConflict,
    resubmission_days,
)
from .drafts import (
    create_draft,
    last_accepted,
    prefill_cycle,
    prefill_values,
    save_statuses,
    sent_already,
    update_draft,
)
from .focalpoints import invite
from .reminders import Missing, missing_reports, remind_now, send_reminders
from .scope import can_edit, can_submit, concerns, reports_for
from .workflow import (
    accept,
    accept_bulk,
    missing_for_submission,
    refresh_country_status,
    reopen,
    reply,
    return_report,
    submit,
)

__all__ = [
    "ACCEPTED_TYPES_TEXT",
    "AlreadySubmitted",
    "CONTENT_FIELDS",
    "EXTENSIONS",
    "MAX_ATTACHMENT_BYTES",
    "MAX_LINKS",
    "REQUIRED_TO_SUBMIT",
    "Missing",
    "ReportConflict",
    "accept",
    "accept_bulk",
    "add_attachment",
    "can_edit",
    "can_submit",
    "check_attachment",
    "concerns",
    "create_draft",
    "document_name",
    "invite",
    "last_accepted",
    "missing_reports",
    "prefill_cycle",
    "prefill_values",
    "missing_for_submission",
    "refresh_country_status",
    "remove_attachment",
    "reopen",
    "reply",
    "reports_for",
    "resubmission_days",
    "return_report",
    "save_statuses",
    "remind_now",
    "send_reminders",
    "sent_already",
    "submit",
    "update_draft",
]
