"""The secretariat's picture of a cycle: each range state and species × report states, who is
late, who was reminded and when. A fixed number of queries, whatever the number of reports,
focal points and subjects."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from programme.models import Activity
from rangestates.models import RangeState
from species.models import Species

from .choices import ReportProgress, ReportState
from .models import FocalPoint, Reminder, Report
from .querysets import concerns_range_state, concerns_species


@dataclass
class Row:
    subject: object
    is_state: bool
    total: int
    counts: dict
    focal_points: list = field(default_factory=list)

    @property
    def missing(self):
        """Activities with no report submitted or accepted (drafts and returns included)."""
        return self.total - sum(self.counts[state] for state in ReportState.done())

    def cells(self):
        return [(value, label, self.counts[value]) for value, label in ReportProgress.choices]


def _scope_total(activities, condition):
    """A subquery: how many of `activities` concern the outer range state or species."""
    return Coalesce(
        Subquery(
            activities.filter(condition)
            .order_by()
            .values("programme")
            .annotate(total=Count("pk"))
            .values("total")[:1],
            output_field=IntegerField(),
        ),
        Value(0),
    )


def cycle_rows(cycle, today):
    """[Row] for every range state, then every species with a focal point or a report."""
    activities = Activity.objects.filter(programme=cycle.programme_id)
    subject = OuterRef(OuterRef("pk"))
    states = RangeState.objects.annotate(
        activity_total=_scope_total(activities, concerns_range_state(subject))
    ).order_by("name_en")
    counts = defaultdict(lambda: defaultdict(int))
    for row in (
        Report.objects.filter(cycle=cycle)
        .order_by()
        .values("range_state", "species", "state")
        .annotate(n=Count("pk"))
    ):
        key = ("state", row["range_state"]) if row["range_state"] else ("species", row["species"])
        counts[key][row["state"]] += row["n"]
    focal_points = list(
        FocalPoint.objects.active()
        .select_related("user")
        .prefetch_related("range_states", "species")
        .order_by("user__last_name", "user__username")
    )
    last_reminder = {}
    for reminder in Reminder.objects.filter(cycle=cycle).order_by("sent_at", "pk"):
        last_reminder[reminder.focal_point_id] = reminder
    by_subject = defaultdict(list)
    for focal_point in focal_points:
        focal_point.last_reminder = last_reminder.get(focal_point.pk)
        for state in focal_point.range_states.all():
            by_subject[("state", state.pk)].append(focal_point)
        for species in focal_point.species.all():
            by_subject[("species", species.pk)].append(focal_point)
    species = Species.objects.annotate(
        activity_total=_scope_total(activities, concerns_species(subject))
    ).order_by("position", "slug")
    rows = []
    for kind, subjects in (("state", states), ("species", species)):
        for item in subjects:
            key = (kind, item.pk)
            if kind == "species" and key not in by_subject and key not in counts:
                continue
            reported = counts[key]
            cells = {value: reported.get(value, 0) for value in ReportState.values}
            cells[ReportProgress.NONE] = max(item.activity_total - sum(cells.values()), 0)
            rows.append(
                Row(
                    subject=item,
                    is_state=kind == "state",
                    total=item.activity_total,
                    counts=cells,
                    focal_points=by_subject.get(key, []),
                )
            )
    late = today > cycle.deadline
    for row in rows:
        row.late = late and row.missing > 0
    return rows
