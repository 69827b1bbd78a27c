"""Who may report on what."""

from django.utils import timezone

from programme.models import Activity

from ..access import focal_point_of
from ..models import Report
from ..querysets import activities_in_scope
from ..subjects import Subject


def reports_for(user, *, range_state=None, species=None) -> bool:
    """Whether `user` is an active focal point of `range_state` (or `species`)."""
    Subject(range_state, species)  # one of the two
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
