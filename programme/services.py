"""Writes with rules. The admin (form, list edit, bulk action, import) and the API all call
these functions; none of them repeats a rule."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .choices import ImplementationStatus
from .models import Activity, ActivityStatus

STATUS_PERMISSION = "programme.change_activitystatus"


def can_set_status(user) -> bool:
    """Who may change an activity's status: active staff with the permission (Secretariat)."""
    return bool(
        user
        and user.is_authenticated
        and user.is_active
        and user.is_staff
        and user.has_perm(STATUS_PERMISSION)
    )


@dataclass
class Change:
    field: str
    before: str
    after: str


class StatusConflict(ValidationError):
    """The status was changed by someone else since the caller read it (no lost update)."""

    def __init__(self, current: ActivityStatus, changes: list[Change]):
        self.current = current
        self.changes = changes
        who = current.updated_by.get_username() if current.updated_by else _("someone")
        when = date_format(timezone.localtime(current.updated_at), "DATETIME_FORMAT")
        what = "; ".join(f"{c.field}: “{c.before}” → “{c.after}”" for c in changes) or _(
            "no visible field"
        )
        super().__init__(
            _(
                "Activity %(code)s was changed meanwhile by %(who)s on %(when)s (%(what)s). "
                "Nothing was saved: reload it and apply your change again."
            )
            % {"code": current.activity.code, "who": who, "when": when, "what": what},
            code="conflict",
        )


def status_of(activity: Activity) -> ActivityStatus:
    """The activity's status record (an unsaved "not started" one if none was recorded)."""
    try:
        return activity.status
    except ActivityStatus.DoesNotExist:
        return ActivityStatus(activity=activity)


def _changes_since(current: ActivityStatus, version: int) -> list[Change]:
    seen = current.history.filter(version=version).order_by("-history_date").first()
    if seen is None:
        before = {"status": ImplementationStatus.NOT_STARTED, "note": "", "status_date": None}
    else:
        before = {"status": seen.status, "note": seen.note, "status_date": seen.status_date}
    labels = dict(ImplementationStatus.choices)
    changes = []
    if before["status"] != current.status:
        changes.append(
            Change(_("status"), labels.get(before["status"], ""), labels[current.status])
        )
    if before["note"] != current.note:
        changes.append(Change(_("note"), before["note"] or "", current.note or ""))
    if before["status_date"] != current.status_date:
        changes.append(
            Change(_("as of"), str(before["status_date"] or ""), str(current.status_date or ""))
        )
    return changes


def check_version(current: ActivityStatus, expected_version: int | None) -> None:
    """Refuse with `StatusConflict` when the status is no longer at the version the user saw
    (None: the caller knowingly overwrites). `set_status` makes this check on the locked row;
    forms make it first to show the refusal beside the field."""
    if expected_version is not None and current.version != expected_version:
        raise StatusConflict(current, _changes_since(current, expected_version))


def set_status(
    activity: Activity,
    *,
    status: str,
    by,
    note: str | None = None,
    status_date=None,
    expected_version: int | None = None,
) -> ActivityStatus:
    """Record `status` (and `note`, `status_date`) for `activity` as user `by`.

    `expected_version` is the version the user saw; if the status changed since, nothing is
    written and `StatusConflict` says what changed and by whom. `note=None` keeps the note.
    Every change lands in the status history with its user."""
    if not can_set_status(by):
        raise PermissionDenied(_("You may not change the status of activities."))
    if status not in ImplementationStatus.values:
        raise ValidationError(
            {"status": _("“%(value)s” is not a status.") % {"value": status}}, code="invalid"
        )
    with transaction.atomic():
        current, _created = ActivityStatus.objects.select_for_update().get_or_create(
            activity=activity
        )
        check_version(current, expected_version)
        new_note = current.note if note is None else note.strip()
        new_date = status_date or timezone.localdate()
        if (current.status, current.note) == (status, new_note) and (
            status_date is None or status_date == current.status_date
        ):
            return current  # nothing to record
        current.status = status
        current.note = new_note
        current.status_date = new_date
        current.updated_by = by
        current.version += 1
        current._history_user = by
        current.save()
        Activity.objects.filter(pk=activity.pk).mark_changed()
    activity.status = current
    return current


def set_status_bulk(
    activities, *, status: str, by, note: str | None = None, status_date=None, versions=None
):
    """Set the same status on several activities, all or nothing.

    `versions` maps activity pk to the version the user saw (the bulk form sends them), so a
    bulk change never overwrites a change made meanwhile."""
    versions = versions or {}
    with transaction.atomic():
        return [
            set_status(
                activity,
                status=status,
                by=by,
                note=note,
                status_date=status_date,
                expected_version=versions.get(activity.pk),
            )
            for activity in activities
        ]
