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
data or the moment is wrong, and `ReportConflict` when the report changed since the caller
read it (concurrent edits are refused, never merged)."""

import datetime
import zipfile
from dataclasses import dataclass
from decimal import Decimal

import filetype
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from programme.models import Activity

from . import emails
from .access import can_review, focal_point_of
from .choices import ReportState
from .models import (
    RangeStateActivityStatus,
    Report,
    ReportAttachment,
    ReportingCycle,
    ReportLink,
    ReportTransition,
)
from .querysets import activities_in_scope

# The fields a focal point fills in; everything else is the workflow's.
CONTENT_FIELDS = (
    "status",
    "progress",
    "results",
    "obstacles",
    "next_steps",
    "partners",
    "funding_amount",
    "funding_currency",
    "funding_source",
)
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


# --- Who may report on what ---------------------------------------------------------------


def _subject_kwargs(range_state, species):
    if (range_state is None) == (species is None):
        raise ValueError("Give either a range state or a species.")
    return {"range_state": range_state} if range_state is not None else {"species": species}


def reports_for(user, *, range_state=None, species=None) -> bool:
    """Whether `user` is an active focal point of `range_state` (or `species`)."""
    _subject_kwargs(range_state, species)
    focal_point = focal_point_of(user)
    if focal_point is None:
        return False
    if range_state is not None:
        return focal_point.range_states.filter(pk=range_state.pk).exists()
    return focal_point.species.filter(pk=species.pk).exists()


def concerns(activity, *, range_state=None, species=None) -> bool:
    """Whether `activity` is one the focal point of the subject reports on."""
    return activities_in_scope(
        Activity.objects.filter(pk=activity.pk), range_state=range_state, species=species
    ).exists()


def can_edit(user, report: Report) -> bool:
    return Report.objects.editable_by(user).filter(pk=report.pk).exists()


def can_submit(user, report: Report, today=None) -> bool:
    today = today or timezone.localdate()
    return can_edit(user, report) and report.can_be_submitted_on(today)


# --- Drafts -------------------------------------------------------------------------------


def last_accepted(activity, *, range_state=None, species=None, before: ReportingCycle = None):
    """The latest accepted report on `activity` for the subject (in an earlier cycle than
    `before` when given), or None."""
    reports = Report.objects.accepted().filter(
        activity=activity, **_subject_kwargs(range_state, species)
    )
    if before is not None:
        reports = reports.exclude(cycle=before).filter(cycle__period_end__lte=before.period_end)
    return reports.select_related("cycle").order_by("-cycle__period_end", "-accepted_at").first()


def prefill_values(report: Report | None) -> dict:
    """The content of `report` (an accepted report of an earlier cycle) to start a draft with:
    links are copied by `create_draft`, attachments are not (they speak for their period)."""
    if report is None:
        return {}
    return {field: getattr(report, field) for field in CONTENT_FIELDS}


def _clean_values(data: dict) -> dict:
    unknown = set(data) - set(CONTENT_FIELDS)
    if unknown:
        raise ValidationError(
            _("Unknown fields: %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
        )
    values = {}
    for field, value in data.items():
        if value is None and field != "funding_amount":
            value = ""
        if isinstance(value, str):
            value = value.strip()
        if field == "funding_currency":
            value = value.upper()
        if field == "funding_amount" and value == "":
            value = None
        if field == "funding_amount" and value is not None and not isinstance(value, Decimal):
            value = Decimal(str(value))
        values[field] = value
    return values


def _validate(report: Report):
    """Field-level checks (choices, lengths, currency format, amount not negative)."""
    report.full_clean(
        exclude=["cycle", "activity", "range_state", "species", "author", "prefilled_from"],
        validate_unique=False,
        validate_constraints=False,
    )


def _clean_links(links) -> list[dict]:
    cleaned = []
    for link in links:
        url = (link.get("url") or "").strip()
        if not url:
            continue
        cleaned.append({"url": url, "title": (link.get("title") or "").strip()})
    if len(cleaned) > MAX_LINKS:
        raise ValidationError(
            {"links": _("Give at most %(max)s links.") % {"max": MAX_LINKS}}, code="max_links"
        )
    for link in cleaned:
        ReportLink(**link).clean_fields(exclude=["report"])
    return cleaned


def _record(report, *, by, from_state, to_state, comment=""):
    return ReportTransition.objects.create(
        report=report, by=by, from_state=from_state, to_state=to_state, comment=comment
    )


def create_draft(
    cycle: ReportingCycle,
    activity: Activity,
    *,
    by,
    range_state=None,
    species=None,
    data: dict | None = None,
    links=None,
    prefill: bool = True,
    today=None,
) -> Report:
    """Start the report of `by` on `activity` for the subject, in `cycle`.

    Without `data` (and with `prefill`), the draft starts from the subject's last accepted
    report on this activity, links included, so that nobody retypes what has not changed."""
    subject = _subject_kwargs(range_state, species)
    today = today or timezone.localdate()
    if not reports_for(by, **subject):
        raise PermissionDenied(_("You do not report for this range state or species."))
    if activity.programme_id != cycle.programme_id or not concerns(activity, **subject):
        raise PermissionDenied(_("This activity is not one you report on."))
    if not cycle.has_opened(today):
        raise ValidationError(
            _("This reporting cycle opens on %(date)s.")
            % {"date": date_format(cycle.opens_on, "DATE_FORMAT")},
            code="not_open",
        )
    source = None
    if data is None and prefill:
        source = last_accepted(activity, before=cycle, **subject)
        data = prefill_values(source)
        if links is None and source is not None:
            links = [{"url": link.url, "title": link.title} for link in source.links.all()]
    report = Report(
        cycle=cycle,
        activity=activity,
        author=by,
        updated_by=by,
        state=ReportState.DRAFT,
        prefilled_from=source,
        **subject,
        **_clean_values(data or {}),
    )
    _validate(report)
    cleaned_links = _clean_links(links or [])
    try:
        with transaction.atomic():
            report.save()
            ReportLink.objects.bulk_create(
                ReportLink(report=report, **link) for link in cleaned_links
            )
            _record(report, by=by, from_state="", to_state=ReportState.DRAFT)
    except IntegrityError as exc:
        raise ValidationError(
            _("A report on %(code)s for %(subject)s already exists in this cycle.")
            % {"code": activity.code, "subject": range_state or species},
            code="exists",
        ) from exc
    return report


def _locked_editable(report: Report, by, expected_version) -> Report:
    """The report, locked for this transaction, after the author and conflict checks."""
    current = (
        Report.objects.editable_by(by)
        .select_for_update()
        .select_related("cycle")
        .filter(pk=report.pk)
        .first()
    )
    if current is None:
        raise PermissionDenied(_("You may not change this report."))
    if expected_version is not None and current.version != expected_version:
        raise ReportConflict(current)
    return current


def _reopen_returned(current: Report, by):
    """The author's first change to a returned report makes it a draft again."""
    if current.state == ReportState.RETURNED:
        _record(current, by=by, from_state=ReportState.RETURNED, to_state=ReportState.DRAFT)
        current.state = ReportState.DRAFT


def update_draft(
    report: Report, *, by, data: dict, expected_version: int | None, links=None
) -> Report:
    """Save the author's changes to a draft (or returned) report.

    `expected_version` is the version the author's form was built on: if the report changed
    since, nothing is written and `ReportConflict` says so. `links=None` keeps the links."""
    values = _clean_values(data)
    cleaned_links = None if links is None else _clean_links(links)
    with transaction.atomic():
        current = _locked_editable(report, by, expected_version)
        for field, value in values.items():
            setattr(current, field, value)
        _validate(current)
        _reopen_returned(current, by)
        current.version += 1
        current.updated_by = by
        current.save()
        if cleaned_links is not None:
            current.links.all().delete()
            ReportLink.objects.bulk_create(
                ReportLink(report=current, **link) for link in cleaned_links
            )
    return current


def save_statuses(cycle, *, by, range_state=None, species=None, rows) -> list[Report]:
    """Set the implementation status of many activities in one go (the batch page).

    `rows` is a list of (activity, status, expected_version) where expected_version is None
    for an activity without a report yet (a draft is created). All or nothing."""
    subject = _subject_kwargs(range_state, species)
    saved = []
    with transaction.atomic():
        for activity, status, expected_version in rows:
            existing = Report.objects.filter(cycle=cycle, activity=activity, **subject).first()
            if existing is None:
                if expected_version is not None:
                    raise ValidationError(
                        _("The report on %(code)s was deleted meanwhile.")
                        % {"code": activity.code},
                        code="conflict",
                    )
                saved.append(
                    create_draft(cycle, activity, by=by, data={"status": status}, **subject)
                )
            else:
                if expected_version is None:
                    # Someone started this report since the page was shown.
                    raise ReportConflict(existing)
                saved.append(
                    update_draft(
                        existing, by=by, data={"status": status}, expected_version=expected_version
                    )
                )
    return saved


def prefill_cycle(cycle: ReportingCycle, *, by, today=None) -> list[Report]:
    """Start, from the last accepted reports, every report of `by` in `cycle` that has an
    accepted predecessor and no report yet. Returns the drafts created."""
    focal_point = focal_point_of(by)
    if focal_point is None:
        raise PermissionDenied(_("Only focal points report."))
    created = []
    subjects = [{"range_state": s} for s in focal_point.range_states.all()] + [
        {"species": s} for s in focal_point.species.all()
    ]
    with transaction.atomic():
        for subject in subjects:
            activities = activities_in_scope(
                Activity.objects.filter(programme_id=cycle.programme_id), **subject
            )
            taken = Report.objects.filter(cycle=cycle, **subject).values("activity_id")
            previous = (
                Report.objects.accepted()
                .filter(activity__in=activities.exclude(pk__in=taken), **subject)
                .exclude(cycle=cycle)
                .filter(cycle__period_end__lte=cycle.period_end)
                .values_list("activity_id", flat=True)
                .distinct()
            )
            for activity in Activity.objects.filter(pk__in=previous).order_by("sort_key", "pk"):
                created.append(create_draft(cycle, activity, by=by, today=today, **subject))
    return created


# --- Attachments --------------------------------------------------------------------------

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
        current = _locked_editable(report, by, expected_version=None)
        _reopen_returned(current, by)
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
        _locked_editable(attachment.report, by, expected_version=None)
        name = attachment.file.name
        storage = attachment.file.storage
        attachment.delete()
        transaction.on_commit(lambda: storage.delete(name))


# --- The workflow -------------------------------------------------------------------------


def _missing_for_submission(report: Report) -> dict:
    errors = {}
    for field, message in REQUIRED_TO_SUBMIT.items():
        if not getattr(report, field):
            errors[field] = [str(message)]
    if report.funding_amount is not None and not report.funding_currency:
        errors["funding_currency"] = [_("Give the currency of the amount.")]
    if report.funding_currency and report.funding_amount is None:
        errors["funding_amount"] = [_("Give the amount, or leave the currency empty.")]
    return errors


def submit(report: Report, *, by, expected_version: int | None = None, today=None) -> Report:
    """The author sends the report to the secretariat for review."""
    today = today or timezone.localdate()
    with transaction.atomic():
        current = _locked_editable(report, by, expected_version)
        if not current.can_be_submitted_on(today):
            raise ValidationError(
                _(
                    "The deadline (%(date)s) has passed: this report can no longer be "
                    "submitted. Ask the secretariat to extend the deadline or reopen it."
                )
                % {"date": date_format(current.submission_deadline(), "DATE_FORMAT")},
                code="deadline",
            )
        errors = _missing_for_submission(current)
        if errors:
            raise ValidationError(errors)
        from_state = current.state
        current.state = ReportState.SUBMITTED
        current.submitted_at = timezone.now()
        current.version += 1
        current.updated_by = by
        current.save()
        _record(current, by=by, from_state=from_state, to_state=ReportState.SUBMITTED)
        transaction.on_commit(lambda: emails.notify_submitted(current))
    return current


def _locked_for_review(report: Report, by, states, refusal: str) -> Report:
    if not can_review(by):
        raise PermissionDenied(_("Only the secretariat reviews reports."))
    current = Report.objects.select_for_update().select_related("cycle").get(pk=report.pk)
    if current.state not in states:
        raise ValidationError(
            refusal % {"report": current, "state": current.get_state_display()}, code="state"
        )
    return current


def accept(report: Report, *, by, comment: str = "") -> Report:
    """The secretariat accepts a submitted report: it becomes public, and the activity's
    status in the range state follows it."""
    with transaction.atomic():
        current = _locked_for_review(
            report,
            by,
            [ReportState.SUBMITTED],
            _("Only a submitted report can be accepted; %(report)s is “%(state)s”."),
        )
        current.state = ReportState.ACCEPTED
        current.accepted_at = timezone.now()
        current.version += 1
        current.updated_by = by
        current.save()
        _record(
            current,
            by=by,
            from_state=ReportState.SUBMITTED,
            to_state=ReportState.ACCEPTED,
            comment=(comment or "").strip(),
        )
        if current.range_state_id:
            refresh_country_status(current.activity, current.range_state)
        transaction.on_commit(lambda: emails.notify_accepted(current))
    return current


def accept_bulk(reports, *, by) -> list[Report]:
    """Accept several submitted reports, all or nothing."""
    if not can_review(by):
        raise PermissionDenied(_("Only the secretariat reviews reports."))
    with transaction.atomic():
        return [accept(report, by=by) for report in reports]


def return_report(report: Report, *, by, comment: str, today=None) -> Report:
    """The secretariat sends a submitted report back to its author with comments. The author
    gets at least `REPORTING_RESUBMISSION_DAYS` to correct and resubmit it, even after the
    deadline."""
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError(
            {"comment": [_("Say what the focal point should change.")]}, code="required"
        )
    today = today or timezone.localdate()
    with transaction.atomic():
        current = _locked_for_review(
            report,
            by,
            [ReportState.SUBMITTED],
            _("Only a submitted report can be returned; %(report)s is “%(state)s”."),
        )
        current.state = ReportState.RETURNED
        floor = today + datetime.timedelta(days=resubmission_days())
        if current.submission_deadline() < floor:
            current.reopened_until = floor
        current.version += 1
        current.updated_by = by
        current.save()
        _record(
            current,
            by=by,
            from_state=ReportState.SUBMITTED,
            to_state=ReportState.RETURNED,
            comment=comment,
        )
        transaction.on_commit(lambda: emails.notify_returned(current, comment))
    return current


def reopen(report: Report, *, by, comment: str = "", until=None, today=None) -> Report:
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
        )
        from_state = current.state
        current.state = ReportState.DRAFT
        current.reopened_until = until
        current.accepted_at = None
        current.version += 1
        current.updated_by = by
        current.save()
        _record(
            current,
            by=by,
            from_state=from_state,
            to_state=ReportState.DRAFT,
            comment=(comment or "").strip(),
        )
        if from_state == ReportState.ACCEPTED and current.range_state_id:
            refresh_country_status(current.activity, current.range_state)
        transaction.on_commit(lambda: emails.notify_reopened(current, comment))
    return current


def refresh_country_status(activity, range_state) -> RangeStateActivityStatus | None:
    """Make the activity's status in `range_state` follow its latest accepted report (the one
    covering the latest period); without one, no status is recorded for the country."""
    latest = (
        Report.objects.accepted()
        .filter(activity=activity, range_state=range_state)
        .select_related("cycle")
        .order_by("-cycle__period_end", "-accepted_at", "-pk")
        .first()
    )
    if latest is None:
        RangeStateActivityStatus.objects.filter(activity=activity, range_state=range_state).delete()
        return None
    status, _created = RangeStateActivityStatus.objects.update_or_create(
        activity=activity,
        range_state=range_state,
        defaults={"status": latest.status, "report": latest, "as_of": latest.cycle.period_end},
    )
    return status


# --- Reminders ----------------------------------------------------------------------------


@dataclass
class Missing:
    """What a focal point still has to submit in a cycle."""

    focal_point: object
    cycle: ReportingCycle
    items: list  # (subject, activity) pairs

    @property
    def count(self):
        return len(self.items)


def missing_reports(cycle: ReportingCycle, focal_point) -> Missing:
    """The activities the focal point reports on in `cycle` with no report submitted or
    accepted yet (their drafts and returned reports count as missing)."""
    items = []
    subjects = [("range_state", s) for s in focal_point.range_states.all()] + [
        ("species", s) for s in focal_point.species.all()
    ]
    for kind, subject in subjects:
        done = Report.objects.filter(
            cycle=cycle, state__in=ReportState.done(), **{kind: subject}
        ).values("activity_id")
        activities = activities_in_scope(
            Activity.objects.filter(programme_id=cycle.programme_id), **{kind: subject}
        ).exclude(pk__in=done)
        items.extend((subject, activity) for activity in activities)
    return Missing(focal_point=focal_point, cycle=cycle, items=items)


def send_reminders(*, days_before, today=None, dry_run=False) -> list[Missing]:
    """Remind the focal points with reports still missing in the cycles whose deadline is
    `days_before` days away. A reminder goes once per cycle, focal point and number of days,
    however often this runs."""
    from .models import FocalPoint, Reminder

    today = today or timezone.localdate()
    deadline = today + datetime.timedelta(days=days_before)
    sent = []
    cycles = ReportingCycle.objects.filter(deadline=deadline, opens_on__lte=today).order_by("pk")
    for cycle in cycles:
        already = Reminder.objects.filter(cycle=cycle, days_before=days_before).values(
            "focal_point_id"
        )
        focal_points = (
            FocalPoint.objects.active()
            .exclude(pk__in=already)
            .exclude(user__email="")
            .select_related("user")
            .prefetch_related("range_states", "species")
            .order_by("pk")
        )
        for focal_point in focal_points:
            missing = missing_reports(cycle, focal_point)
            if not missing.count:
                continue
            sent.append(missing)
            if dry_run:
                continue
            with transaction.atomic():
                Reminder.objects.create(
                    cycle=cycle,
                    focal_point=focal_point,
                    days_before=days_before,
                    missing=missing.count,
                )
                emails.send_reminder(missing, days_before=days_before)
    return sent


# --- Focal points -------------------------------------------------------------------------


def invite(focal_point, *, by, request=None):
    """E-mail the focal point a link to choose their password (Django's password reset flow).
    Secretariat only."""
    if not (by.is_active and by.has_perm("reporting.change_focalpoint")):
        raise PermissionDenied(_("You may not invite focal points."))
    if not focal_point.user.email:
        raise ValidationError(
            _("%(name)s has no e-mail address.") % {"name": focal_point}, code="no_email"
        )
    emails.send_invitation(focal_point, request=request)
    focal_point.invited_at = timezone.now()
    focal_point.save(update_fields=["invited_at"])
    return focal_point


__all__ = [
    "ReportConflict",
    "accept",
    "accept_bulk",
    "add_attachment",
    "can_edit",
    "can_submit",
    "check_attachment",
    "concerns",
    "create_draft",
    "invite",
    "last_accepted",
    "missing_reports",
    "prefill_cycle",
    "prefill_values",
    "refresh_country_status",
    "remove_attachment",
    "reopen",
    "reports_for",
    "return_report",
    "save_statuses",
    "send_reminders",
    "submit",
    "update_draft",
]
