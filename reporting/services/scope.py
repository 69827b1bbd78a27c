"""Who may report on what."""

from django.utils import timezone

from core.prepared import Prepared
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


def _in_scope(subject):
    def build(activity_id, subject_id):
        activities = Activity.objects.filter(pk=activity_id)
        return activities_in_scope(activities, **{subject: subject_id}).order_by().values("pk")

    return Prepared(build, model=Activity)


#: `activities_in_scope` of one activity, in queries compiled once per connection (building
#: and compiling the rule's query was half of a draft's start).
_CONCERNS = {"range_state": _in_scope("range_state"), "species": _in_scope("species")}


def concerns(activity, *, range_state=None, species=None) -> bool:
    """Whether `activity` is one the focal point of the subject reports on."""
    subject = Subject(range_state, species)
    return bool(_CONCERNS[subject.kind](int(activity.pk), int(subject.instance.pk)))


#: `Report.objects.editable_by_id` of one report, compiled once per connection.
_EDITABLE = Prepared(
    lambda pk, user_id: (
        Report.objects.editable_by_id(user_id).filter(pk=pk).order_by().values("pk")
    ),
    model=Report,
)


def can_edit(user, report: Report) -> bool:
    """Whether `report` is in `Report.objects.editable_by(user)`."""
    if not (user and user.is_authenticated):
        return False  # editable_by: none
    return bool(_EDITABLE(int(report.pk), int(user.pk)))


def can_submit(user, report: Report, today=None) -> bool:
    today = today or timezone.localdate()
    return can_edit(user, report) and report.can_be_submitted_on(today)
