"""Who may report on what."""

from django.utils import timezone

from core.prepared import Prepared
from programme.models import Activity

from ..access import focal_point_of
from ..models import FocalPoint, Report
from ..querysets import activities_in_scope
from ..subjects import Subject


def _linked(relation):
    field = FocalPoint._meta.get_field(relation)
    own, remote = field.m2m_field_name(), field.m2m_reverse_field_name()
    return Prepared(
        lambda focal_point_id, subject_id: (
            field.remote_field.through.objects.filter(
                **{f"{own}_id": focal_point_id, f"{remote}_id": subject_id}
            )
            .order_by()
            .values("pk")[:1]
        ),
        model=FocalPoint,
        planned_once=True,
    )


#: Whether a focal point is linked to a range state (a species): `focal_point.range_states
#: .filter(pk=...).exists()`, in a query compiled once per connection.
_LINKED = {"range_state": _linked("range_states"), "species": _linked("species")}


def reports_for(user, *, range_state=None, species=None) -> bool:
    """Whether `user` is an active focal point of `range_state` (or `species`)."""
    subject = Subject(range_state, species)  # one of the two
    focal_point = focal_point_of(user)
    if focal_point is None:
        return False
    return bool(_LINKED[subject.kind](int(focal_point.pk), int(subject.instance.pk)))


def _in_scope(subject):
    def build(activity_id, subject_id):
        activities = Activity.objects.filter(pk=activity_id)
        return activities_in_scope(activities, **{subject: subject_id}).order_by().values("pk")

    return Prepared(build, model=Activity, planned_once=True)


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
    planned_once=True,
)


def can_edit(user, report: Report) -> bool:
    """Whether `report` is in `Report.objects.editable_by(user)`."""
    if not (user and user.is_authenticated):
        return False  # editable_by: none
    return bool(_EDITABLE(int(report.pk), int(user.pk)))


def can_submit(user, report: Report, today=None) -> bool:
    today = today or timezone.localdate()
    return can_edit(user, report) and report.can_be_submitted_on(today)
