"""Reminders of the reports still missing before a cycle's deadline."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from programme.models import Activity

from .. import emails
from ..access import can_review
from ..choices import ReportState
from ..models import FocalPoint, Reminder, Report, ReportingCycle
from ..querysets import activities_in_scope


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


def remind_now(cycle: ReportingCycle, focal_point, *, by, today=None) -> Missing:
    """An officer sends the reminder from the cycle's dashboard: the same e-mail as the
    scheduled ones, recorded the same way (with who sent it), at most once a day per focal
    point and cycle."""
    if not can_review(by):
        raise PermissionDenied("Only the secretariat sends reminders.")
    today = today or timezone.localdate()
    if not focal_point.user.is_active or not focal_point.user.email:
        raise ValidationError(
            _("%(name)s has no active account with an e-mail address.") % {"name": focal_point}
        )
    missing = missing_reports(cycle, focal_point)
    if not missing.count:
        raise ValidationError(
            _("%(name)s has no report missing in this cycle.") % {"name": focal_point}
        )
    days_before = max((cycle.deadline - today).days, 0)
    with transaction.atomic():
        # One at a time per focal point: two officers clicking together send one e-mail.
        FocalPoint.objects.select_for_update().get(pk=focal_point.pk)
        if Reminder.objects.filter(
            cycle=cycle, focal_point=focal_point, sent_at__date=today
        ).exists():
            raise ValidationError(_("%(name)s was already reminded today.") % {"name": focal_point})
        Reminder.objects.create(
            cycle=cycle,
            focal_point=focal_point,
            days_before=days_before,
            missing=missing.count,
            sent_by=by,
        )
        emails.send_reminder(missing, days_before=days_before)
    return missing
