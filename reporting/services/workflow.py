"""The workflow of a report: submitted by its focal point, accepted, returned or reopened by
the secretariat, and the status per country that an acceptance sets."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, router, transaction
from django.db.models.query import MAX_GET_RESULTS
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core import readcache
from core.prepared import Prepared, joined_columns, joined_instance
from programme.models import Activity

from .. import emails, scopes
from ..access import can_review
from ..choices import ReportState
from ..models import (
    RangeStateActivityStatus,
    Report,
)
from .common import (
    REQUIRED_TO_SUBMIT,
    AlreadySubmitted,
    ReportConflict,
    record_transition,
    resubmission_days,
)
from .drafts import locked_editable


def missing_for_submission(report: Report) -> dict:
    """{field: [message]} for what the report lacks to be submitted (also asked of a form
    not saved yet)."""
    errors = {}
    for field, message in REQUIRED_TO_SUBMIT.items():
        if not getattr(report, field):
            errors[field] = [str(message)]
    if report.funding_amount is not None and not report.funding_currency:
        errors["funding_currency"] = [_("Give the currency of the amount.")]
    if report.funding_currency and report.funding_amount is None:
        errors["funding_amount"] = [_("Give the amount, or leave the currency empty.")]
    return errors


def _same_submission(current: Report, by, expected_version) -> bool:
    """Whether `current`, found submitted, was submitted by `by` from `expected_version`: a
    second request for the same submission (a double click) that waited for the first."""
    return (
        current.state == ReportState.SUBMITTED
        and expected_version is not None
        and current.version == expected_version + 1
        and current.updated_by_id == by.pk
    )


def submit(report: Report, *, by, expected_version: int | None = None, today=None) -> Report:
    """The author sends the report to the secretariat for review. Asked again for a report
    already submitted: the same submission (from the version that was submitted) answers as
    it did; any other is `AlreadySubmitted`."""
    today = today or timezone.localdate()
    with readcache.private_writes(), transaction.atomic():
        try:
            current = locked_editable(report, by, expected_version)
        except AlreadySubmitted as refusal:
            if _same_submission(refusal.current, by, expected_version):
                return refusal.current  # answered as the submission was
            raise
        if not current.can_be_submitted_on(today):
            raise ValidationError(
                _(
                    "The deadline (%(date)s) has passed: this report can no longer be "
                    "submitted. Ask the secretariat to extend the deadline or reopen it."
                )
                % {"date": date_format(current.submission_deadline(), "DATE_FORMAT")},
                code="deadline",
            )
        errors = missing_for_submission(current)
        if errors:
            raise ValidationError(errors)
        from_state = current.state
        current.state = ReportState.SUBMITTED
        current.submitted_at = timezone.now()
        current.version += 1
        current.updated_by = by
        current.save()
        record_transition(current, by=by, from_state=from_state, to_state=ReportState.SUBMITTED)
        emails.notify_submitted(current)
    return current


#: What the review reads next: the status per range state, the author's e-mail.
_REVIEW_RELATIONS = ("cycle", "updated_by", "activity", "range_state", "author")

#: The report locked with those relations, in a query compiled once per connection: what
#: `select_for_update(of=("self",)).select_related(*_REVIEW_RELATIONS).get(pk=...)` reads.
_LOCKED_WITH_RELATIONS = Prepared(
    lambda pk: (
        Report.objects.select_for_update(of=("self",))
        .filter(pk=pk)
        .order_by()
        .values_list(*joined_columns(Report, _REVIEW_RELATIONS))[:MAX_GET_RESULTS]
    ),
    model=Report,
    tuples=True,
    planned_once=True,
)


def _locked_with_relations(pk) -> Report:
    rows = _LOCKED_WITH_RELATIONS(int(pk))
    if not rows:
        raise Report.DoesNotExist("Report matching query does not exist.")
    if len(rows) > 1:  # as get()
        raise Report.MultipleObjectsReturned("get() returned more than one Report")
    db = router.db_for_write(Report)
    return joined_instance(Report, rows[0], _REVIEW_RELATIONS, db=db)


def _locked_for_review(report: Report, by, states, refusal: str, expected_version) -> Report:
    """The report, locked for this transaction, after the reviewer, conflict and state
    checks: a review applies to the version the reviewer read (`expected_version`)."""
    if not can_review(by):
        raise PermissionDenied(_("Only the secretariat reviews reports."))
    current = _locked_with_relations(report.pk)
    if expected_version is not None and current.version != expected_version:
        raise ReportConflict(current)
    if current.state not in states:
        raise ValidationError(
            refusal % {"report": current, "state": current.get_state_display()}, code="state"
        )
    return current


def accept(report: Report, *, by, comment: str = "", expected_version: int | None = None) -> Report:
    """The secretariat accepts a submitted report: it becomes public, and the activity's
    status in the range state follows it."""
    with readcache.public_scope() as scope, transaction.atomic():
        current = _locked_for_review(
            report,
            by,
            [ReportState.SUBMITTED],
            _("Only a submitted report can be accepted; %(report)s is “%(state)s”."),
            expected_version,
        )
        if current.range_state_id:
            # A national report shows on the pages of its activity and its range state alone
            # (and on the pages kept without a scope); a species report changes every page.
            scope.limit_to(
                scopes.activity_scope(current.activity.code),
                scopes.range_state_scope(current.range_state.iso_code),
            )
        current.state = ReportState.ACCEPTED
        current.accepted_at = timezone.now()
        current.version += 1
        current.updated_by = by
        current.save()
        record_transition(
            current,
            by=by,
            from_state=ReportState.SUBMITTED,
            to_state=ReportState.ACCEPTED,
            comment=(comment or "").strip(),
        )
        if current.range_state_id:
            refresh_country_status(current.activity, current.range_state)
        emails.notify_accepted(current)
    return current


def accept_bulk(reports, *, by) -> list[Report]:
    """Accept several submitted reports, all or nothing, each as the caller read it."""
    if not can_review(by):
        raise PermissionDenied(_("Only the secretariat reviews reports."))
    with transaction.atomic():
        return [accept(report, by=by, expected_version=report.version) for report in reports]


def return_report(
    report: Report, *, by, comment: str, today=None, expected_version: int | None = None
) -> Report:
    """The secretariat sends a submitted report back to its author with comments. The author
    gets at least `REPORTING_RESUBMISSION_DAYS` to correct and resubmit it, even after the
    deadline."""
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError(
            {"comment": [_("Say what the focal point should change.")]}, code="required"
        )
    today = today or timezone.localdate()
    with readcache.private_writes(), transaction.atomic():
        current = _locked_for_review(
            report,
            by,
            [ReportState.SUBMITTED],
            _("Only a submitted report can be returned; %(report)s is “%(state)s”."),
            expected_version,
        )
        current.state = ReportState.RETURNED
        floor = today + datetime.timedelta(days=resubmission_days())
        if current.submission_deadline() < floor:
            current.reopened_until = floor
        current.version += 1
        current.updated_by = by
        current.save()
        record_transition(
            current,
            by=by,
            from_state=ReportState.SUBMITTED,
            to_state=ReportState.RETURNED,
            comment=comment,
        )
        emails.notify_returned(current, comment)
    return current


def reopen(
    report: Report,
    *,
    by,
    comment: str = "",
    until=None,
    today=None,
    expected_version: int | None = None,
) -> Report:
    """The secretariat lets the author change and submit a report again after the deadline:
    a draft or returned one that missed it, or an accepted one that needs a correction (it
    leaves the public pages until accepted again)."""
    today = today or timezone.localdate()
    until = until or today + datetime.timedelta(days=resubmission_days())
    if until < today:
        raise ValidationError({"until": [_("Give a date from today on.")]}, code="past")
    with transaction.atomic():
        current = _locked_for_review(
            report,
            by,
            [ReportState.DRAFT, ReportState.RETURNED, ReportState.ACCEPTED],
            _("%(report)s is “%(state)s”: accept or return it rather than reopen it."),
            expected_version,
        )
        from_state = current.state
        current.state = ReportState.DRAFT
        current.reopened_until = until
        current.accepted_at = None
        current.version += 1
        current.updated_by = by
        current.save()
        record_transition(
            current,
            by=by,
            from_state=from_state,
            to_state=ReportState.DRAFT,
            comment=(comment or "").strip(),
        )
        if from_state == ReportState.ACCEPTED and current.range_state_id:
            refresh_country_status(current.activity, current.range_state)
        emails.notify_reopened(current, comment)
    return current


#: The latest accepted report of an activity in a range state (the one covering the latest
#: period): its id, status and period's end, in a query compiled once per connection.
_LATEST_ACCEPTED = Prepared(
    lambda activity_id, range_state_id: (
        Report.objects.accepted()
        .filter(activity_id=activity_id, range_state_id=range_state_id)
        .order_by("-cycle__period_end", "-accepted_at", "-pk")
        .values_list("pk", "status", "cycle__period_end")[:1]
    ),
    model=Report,
    tuples=True,
    planned_once=True,
)


def refresh_country_status(activity, range_state) -> None:
    """Make the activity's status in `range_state` follow its latest accepted report (the one
    covering the latest period); without one, no status is recorded for the country."""
    rows = _LATEST_ACCEPTED(int(activity.pk), int(range_state.pk))
    latest = rows[0] if rows else None
    statuses = RangeStateActivityStatus.objects.filter(activity=activity, range_state=range_state)
    if latest is None:
        deleted, _rows = statuses.delete()
        if deleted:
            Activity.objects.filter(pk=activity.pk).mark_changed()
        return
    report_id, status, as_of = latest
    values = {"status": status, "report_id": report_id, "as_of": as_of}
    # One UPDATE (its row locked by it) where the country has a status, as it mostly has;
    # the first one created under a savepoint, in case another acceptance creates it too.
    if not statuses.update(**values, updated_at=timezone.now()):
        try:
            with transaction.atomic():
                RangeStateActivityStatus.objects.create(
                    activity=activity, range_state=range_state, **values
                )
        except IntegrityError:
            statuses.update(**values, updated_at=timezone.now())
    Activity.objects.filter(pk=activity.pk).mark_changed()


MAX_REPLY = 5000


def reply(report: Report, *, by, text: str) -> None:
    """The author answers the secretariat's comment on a report returned to them; the answer
    is kept in the report's history. The state is unchanged."""
    text = (text or "").strip()
    if not text:
        return
    if len(text) > MAX_REPLY:
        raise ValidationError(
            {"reply": [_("Keep the reply under %(count)d characters.") % {"count": MAX_REPLY}]}
        )
    if report.author_id != by.pk or not report.is_editable:
        raise PermissionDenied("Only the author of a report under change may reply.")
    if not report.transitions.filter(to_state=ReportState.RETURNED, reply=False).exists():
        raise ValidationError(
            {"reply": [_("This report was not returned: there is nothing to reply to.")]}
        )
    record_transition(
        report, by=by, from_state=report.state, to_state=report.state, comment=text, reply=True
    )
