"""What the reporting services share: the report's content fields, the limits, the refusal of
a concurrent change, and the record of each change of state."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..choices import ReportState
from ..models import (
    Report,
    ReportTransition,
)
from ..models.reports import CONTENT_FIELDS  # noqa: F401 (the services' name for them)

# What a submitted report must have.
REQUIRED_TO_SUBMIT = {
    "status": gettext_lazy("Choose the implementation status."),
    "progress": gettext_lazy("Say what was done in the period (or why nothing was done)."),
}
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
MAX_LINKS = 20


def resubmission_days() -> int:
    """How long a returned or reopened report stays open for submission, at least."""
    return int(getattr(settings, "REPORTING_RESUBMISSION_DAYS", 14))


class ReportConflict(ValidationError):
    """The report changed since the caller read it; nothing was written."""

    def __init__(self, current: Report):
        self.current = current
        who = current.updated_by.get_username() if current.updated_by else _("someone")
        when = date_format(timezone.localtime(current.updated_at), "DATETIME_FORMAT")
        super().__init__(
            _(
                "This report was changed meanwhile by %(who)s on %(when)s (it is now "
                "“%(state)s”). Nothing was saved: reload it, then apply your change again."
            )
            % {"who": who, "when": when, "state": current.get_state_display()},
            code="conflict",
        )


class AlreadySubmitted(ValidationError):
    """The author's report went to the secretariat already (a second click on Submit, another
    tab): it can no longer be changed, and this request changed nothing. A refusal by state
    (409 in the API), never a lost update."""

    def __init__(self, current: Report):
        self.current = current
        when = current.submitted_at or current.updated_at
        super().__init__(
            _(
                "%(report)s was already submitted to the secretariat on %(when)s (it is now "
                "“%(state)s”): it can no longer be changed."
            )
            % {
                "report": current,
                "when": date_format(timezone.localtime(when), "DATETIME_FORMAT"),
                "state": current.get_state_display(),
            },
            code="state",
        )


def record_transition(report, *, by, from_state, to_state, comment="", reply=False):
    return ReportTransition.objects.create(
        report=report,
        by=by,
        from_state=from_state,
        to_state=to_state,
        comment=comment,
        reply=reply,
        # What a returned report said, for the reviewer to see what changed since.
        snapshot=report.content() if to_state == ReportState.RETURNED and not reply else {},
    )
