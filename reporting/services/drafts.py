"""Drafts: created, filled in and saved by their focal point, one by one, by batch of statuses
or prefilled from the last accepted report."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, router, transaction
from django.db.models import Subquery
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core import readcache
from core.prepared import Prepared, joined_columns, joined_instance
from programme.models import Activity

from ..access import focal_point_of
from ..choices import ReportState
from ..models import (
    Report,
    ReportingCycle,
    ReportLink,
)
from ..querysets import activities_in_scope
from ..subjects import Subject
from .common import (
    CONTENT_FIELDS,
    MAX_LINKS,
    AlreadySubmitted,
    ReportConflict,
    record_transition,
)
from .scope import concerns, reports_for


def _last_accepted_rows(kind, before):
    def build(activity_id, subject_id, *cycle_id):
        reports = Report.objects.accepted().filter(
            activity_id=activity_id, **{f"{kind}_id": subject_id}
        )
        if before:
            # An earlier cycle than `cycle_id`: its period ends no later.
            period_end = ReportingCycle.objects.filter(pk=cycle_id[0]).values("period_end")
            reports = reports.exclude(cycle_id=cycle_id[0]).filter(
                cycle__period_end__lte=Subquery(period_end)
            )
        return (
            reports.order_by("-cycle__period_end", "-accepted_at")
            .values_list(*joined_columns(Report, ("cycle",)))[:1]
        )

    return Prepared(build, model=Report, tuples=True, planned_once=True)


#: The latest accepted report on an activity for a subject (before a cycle or not), with its
#: cycle, in queries compiled once per connection: `last_accepted`.
_LAST_ACCEPTED = {
    (kind, before): _last_accepted_rows(kind, before)
    for kind in ("range_state", "species")
    for before in (False, True)
}


def last_accepted(activity, *, range_state=None, species=None, before: ReportingCycle = None):
    """The latest accepted report on `activity` for the subject (in an earlier cycle than
    `before` when given), or None."""
    subject = Subject(range_state, species)
    values = [int(activity.pk), int(subject.instance.pk)]
    if before is not None:
        values.append(int(before.pk))
    rows = _LAST_ACCEPTED[subject.kind, before is not None](*values)
    if not rows:
        return None
    return joined_instance(Report, rows[0], ("cycle",), db=router.db_for_read(Report))


#: A report's links, as `report.links.all()` gives them (url and title), compiled once.
_LINKS = Prepared(
    lambda report_id: ReportLink.objects.filter(report_id=report_id).values_list("url", "title"),
    model=ReportLink,
    tuples=True,
    planned_once=True,
)


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
        exclude=[
            "cycle",
            "activity",
            "range_state",
            "species",
            "author",
            "updated_by",
            "prefilled_from",
        ],
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
    subject = Subject(range_state, species).kwargs
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
            links = [{"url": url, "title": title} for url, title in _LINKS(int(source.pk))]
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
        with readcache.private_writes(), transaction.atomic():
            report.save()
            ReportLink.objects.bulk_create(
                ReportLink(report=report, **link) for link in cleaned_links
            )
            record_transition(report, by=by, from_state="", to_state=ReportState.DRAFT)
    except IntegrityError as exc:
        raise ValidationError(
            _("A report on %(code)s for %(subject)s already exists in this cycle.")
            % {"code": activity.code, "subject": range_state or species},
            code="exists",
        ) from exc
    return report


def sent_already(pk, by) -> Report | None:
    """`by`'s own report `pk` if it went to the secretariat already (submitted or accepted),
    else None."""
    if not getattr(by, "is_authenticated", False):
        return None
    return (
        Report.objects.filter(pk=pk, author=by, state__in=ReportState.done())
        .select_related("cycle", "activity", "range_state", "species")
        .first()
    )


def _locked_editable_rows(pk, user_id):
    # Only the report's row is locked, not its cycle's nor its activity's (joined for the
    # cycle and the natural order): every focal point writing in the cycle would wait for
    # the others' transactions on the cycle's row.
    return (
        Report.objects.editable_by_id(user_id)
        .select_for_update(of=("self",))
        .filter(pk=pk)
        .order_by()  # one row: not the natural order's joins
        .values_list(*joined_columns(Report, ("cycle",)))
    )


#: The report locked with its cycle, in a query compiled once per connection (building and
#: compiling it was a third of a save's time): what `select_related("cycle")` reads.
_LOCKED_EDITABLE = Prepared(_locked_editable_rows, model=Report, tuples=True)


def _locked_editable(pk, by) -> Report | None:
    if not (by and by.is_authenticated):
        return None
    rows = _LOCKED_EDITABLE(int(pk), int(by.pk))
    if not rows:
        return None
    return joined_instance(Report, rows[0], ("cycle",), db=router.db_for_read(Report))


def locked_editable(report: Report, by, expected_version) -> Report:
    """The report, locked for this transaction, after the author and conflict checks: a
    report of `by` that went to the secretariat already is `AlreadySubmitted`."""
    current = _locked_editable(report.pk, by)
    if current is None:
        sent = sent_already(report.pk, by)
        if sent is not None:
            raise AlreadySubmitted(sent)
        raise PermissionDenied(_("You may not change this report."))
    if expected_version is not None and current.version != expected_version:
        raise ReportConflict(current)
    return current


def reopen_returned(current: Report, by):
    """The author's first change to a returned report makes it a draft again."""
    if current.state == ReportState.RETURNED:
        record_transition(
            current, by=by, from_state=ReportState.RETURNED, to_state=ReportState.DRAFT
        )
        current.state = ReportState.DRAFT


def update_draft(
    report: Report, *, by, data: dict, expected_version: int | None, links=None
) -> Report:
    """Save the author's changes to a draft (or returned) report.

    `expected_version` is the version the author's form was built on: if the report changed
    since, nothing is written and `ReportConflict` says so. `links=None` keeps the links. A
    change that changes nothing writes nothing (the version stays)."""
    values = _clean_values(data)
    cleaned_links = None if links is None else _clean_links(links)
    with readcache.private_writes(), transaction.atomic():
        current = locked_editable(report, by, expected_version)
        changed = any(getattr(current, field) != value for field, value in values.items())
        if cleaned_links is not None and not changed:
            kept = [(link.url, link.title) for link in current.links.order_by("pk")]
            changed = kept != [(link["url"], link["title"]) for link in cleaned_links]
        if not changed:
            return current  # nothing to record: no new version for others to trip on
        for field, value in values.items():
            setattr(current, field, value)
        _validate(current)
        reopen_returned(current, by)
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
    subject = Subject(range_state, species).kwargs
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
