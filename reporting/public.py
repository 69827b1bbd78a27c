"""What the public pages show of national reporting, read through the reporting app's
querysets: accepted reports only (drafts, submitted and returned reports never reach a
public page), the status accepted per country, focal points' names and roles.

Also the schematic map of the range states, coloured by how much each has reported."""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Max, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.prepared import Prepared
from programme.choices import ImplementationStatus
from rangestates.models import RangeState
from reporting.models import FocalPoint, RangeStateActivityStatus, Report
from reporting.querysets import concerns_range_state

from . import public_rows

STATUS_LABELS = dict(ImplementationStatus.choices)


# --- Reporting activity of the range states (map and lists) --------------------------------


@dataclass(frozen=True)
class ReportingLevel:
    value: str
    label: str


# How much of the programme a country has reported on (activities with an accepted status).
REPORTING_LEVELS = [
    ReportingLevel("none", _("No report accepted yet")),
    ReportingLevel("low", _("Reported on less than a quarter of the activities")),
    ReportingLevel("medium", _("Reported on a quarter to half of the activities")),
    ReportingLevel("high", _("Reported on more than half of the activities")),
]


def reporting_level(reported: int, total: int) -> str:
    if not reported or not total:
        return "none"
    share = reported / total
    if share < 0.25:
        return "low"
    if share <= 0.5:
        return "medium"
    return "high"


def range_states_with_reporting(programme, queryset=None, *, report_counts=True):
    """The range states (in name order) with `reported_activity_count` (activities whose
    status in the country comes from an accepted report), `accepted_report_count` and
    `last_accepted_at` (unless `report_counts` is false: the home page's map does without
    them, and counting every accepted report grows with the years), and `reporting_level` /
    `reporting_text` for the map.

    The database counts per range state in two grouped queries (statuses, accepted reports)
    attached here: four queries in all, whatever the number of reports. The reports are
    counted through their cycle's programme, which the index of accepted reports covers."""
    if queryset is None:
        queryset = RangeState.objects.all()
    states = list(queryset.order_by("name_en", "pk"))
    reported = dict(
        RangeStateActivityStatus.objects.filter(activity__programme=programme)
        .order_by()
        .values("range_state")
        .annotate(total=Count("pk"))
        .values_list("range_state", "total")
    )
    accepted = report_counts and {
        state_id: (total, last)
        for state_id, total, last in Report.objects.accepted()
        .filter(cycle__programme=programme, range_state__isnull=False)
        .order_by()
        .values("range_state")
        .annotate(total=Count("*"), last=Max("accepted_at"))  # read from the index alone
        .values_list("range_state", "total", "last")
    }
    total = programme.activities.count()
    for state in states:
        state.reported_activity_count = reported.get(state.pk, 0)
        if report_counts:
            state.accepted_report_count, state.last_accepted_at = accepted.get(state.pk, (0, None))
        state.reporting_level = reporting_level(state.reported_activity_count, total)
        if state.reported_activity_count:
            state.reporting_text = ngettext(
                "%(count)s activity reported",
                "%(count)s activities reported",
                state.reported_activity_count,
            ) % {"count": state.reported_activity_count}
        else:
            state.reporting_text = str(_("No report yet"))
    return states


# The schematic map: one tile per range state on a 5 x 5 grid, placed roughly where the
# country lies (column, row, width, height, in tiles). No outline data is needed, and every
# tile is a plain link whose name wraps in any language.
MAP_LAYOUT = {
    "RU": (1, 0, 4, 1),
    "KZ": (1, 1, 2, 1),
    "MN": (3, 1, 2, 1),
    "TM": (0, 2, 1, 1),
    "UZ": (1, 2, 1, 1),
    "KG": (2, 2, 1, 1),
    "CN": (3, 2, 2, 2),
    "IR": (0, 3, 1, 1),
    "AF": (1, 3, 1, 1),
    "TJ": (2, 3, 1, 1),
    "PK": (1, 4, 1, 1),
    "IN": (2, 4, 1, 1),
    "NP": (3, 4, 1, 1),
    "BT": (4, 4, 1, 1),
}


@dataclass
class MapTile:
    state: RangeState
    column: int
    row: int
    width: int
    height: int

    @property
    def css_classes(self):
        return (
            f"map-c{self.column} map-r{self.row} map-w{self.width} map-h{self.height} "
            f"reporting-{self.state.reporting_level}"
        )


def range_state_map(states):
    """The map's tiles for `states` (from `range_states_with_reporting`). A state without a
    place on the grid is left to the list that goes with the map."""
    return [
        MapTile(state, *MAP_LAYOUT[state.iso_code])
        for state in states
        if state.iso_code in MAP_LAYOUT
    ]


def range_state_outline_map(states, total_activities):
    """The map of the range states' real outlines (the implementation review's map), coloured
    by the share of the programme's activities each has reported on, each linked to its
    page: SVG drawn from the states of `range_states_with_reporting`, with no query."""
    from .review_document.charts import range_state_map as outline_map

    rates = [
        {
            "iso": state.iso_code,
            "name": str(state),
            "rate": round(100 * state.reported_activity_count / total_activities)
            if total_activities
            else 0,
            "tip": f"{state}: {state.reporting_text}",
        }
        for state in states
    ]
    links = {state.iso_code: state.get_absolute_url() for state in states}
    return outline_map(rates, title=str(_("Map of the range states")), links=links)


# --- Accepted reports -------------------------------------------------------------------------


def accepted_reports(programme):
    # Through the cycle's programme (the activity's, as the reporting services check): the
    # index of accepted reports per range state and cycle then serves the counts.
    return Report.objects.accepted().filter(cycle__programme=programme).for_listing()


def latest_accepted_reports(programme, limit):
    """The last reports the secretariat accepted (index `reporting_report_last_accepted`), as
    rows (`public_rows.ReportRow`), the newest first."""
    return public_rows.latest_reports(programme.pk, limit)


@dataclass
class ReportGroup:
    subject: object
    entries: list = field(default_factory=list)


# Pages show the newest accepted reports and link to the searchable list for the rest, so a
# page stays the same size however many cycles have been reported.
REPORTS_PER_SUBJECT = 3
REPORTS_PER_STATE_PAGE = 30


def accepted_reports_for_activity(activity, per_subject=REPORTS_PER_SUBJECT):
    """The activity's newest accepted reports (`per_subject` per range state or species), as
    rows (`public_rows.ReportRow`), grouped by range state (then species), each group newest
    first."""
    groups: list[ReportGroup] = []
    for report in public_rows.reports_for_activity(activity.pk, per_subject):
        subject = report.subject  # one per range state or species
        if not groups or groups[-1].subject is not subject:
            groups.append(ReportGroup(subject))
        groups[-1].entries.append(report)
    # Countries first, then species, as ordered above.
    return sorted(groups, key=lambda g: not g.subject.is_range_state)


def accepted_report_count_for_activity(activity):
    return public_rows.report_count_for_activity(activity.pk)


def accepted_reports_for_state(state, programme, limit=REPORTS_PER_STATE_PAGE):
    """The country's newest accepted reports (at most `limit`), as rows
    (`public_rows.ReportRow`), and how many it has in all."""
    return public_rows.reports_for_state(programme.pk, state.pk, limit)


# --- Status accepted per country ------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """A status as the matrix shows it: colour class, letter, and words."""

    status: str
    label: str
    abbreviation: str


def status_cells():
    """One Cell per status, its words translated once (the matrix repeats them by the
    thousand)."""
    from programme.templatetags.portal import STATUS_ABBREVIATIONS

    return {
        value: Cell(value, str(label), str(STATUS_ABBREVIATIONS[value]))
        for value, label in STATUS_LABELS.items()
    }


def matrix_cells(activities, states):
    """{(activity pk, range state pk): Cell} for the given rows and columns, in one query."""
    if not activities or not states:
        return {}
    cells = status_cells()
    rows = RangeStateActivityStatus.objects.filter(
        activity__in=[a.pk for a in activities], range_state__in=[s.pk for s in states]
    ).values_list("activity_id", "range_state_id", "status")
    return {(activity_id, state_id): cells[status] for activity_id, state_id, status in rows}


def state_statuses_for_activity(activity):
    """The status accepted in each range state for `activity`, by country name, as rows
    (`public_rows.StatusRow`)."""
    return public_rows.statuses_for_activity(activity.pk)


# The range states' picture of an activity, beside the secretariat's overall status: how many
# range states report each status in their latest accepted report, and the latest date. One
# shape for the activity page, the browser's rows, the matrix and the home page.


def _picture(counts, latest, choices=None):
    """`choices`: ImplementationStatus.choices, read once by a caller making many pictures."""
    return {
        "counts": [
            (value, label, counts[value])
            for value, label in (choices or ImplementationStatus.choices)
            if counts.get(value)
        ],
        "total": sum(counts.values()),
        "latest": latest,
    }


def country_picture(state_statuses):
    """The picture of one activity from its statuses per range state (already read)."""
    counts = Counter(entry.status for entry in state_statuses)
    return _picture(counts, max((entry.as_of for entry in state_statuses), default=None))


# Compiled once per number of activities (core/prepared.py).
_PICTURE_ROWS = Prepared(
    lambda ids: RangeStateActivityStatus.objects.filter(activity_id__in=ids).picture_rows(),
    model=RangeStateActivityStatus,
    tuples=True,
)


def country_pictures(activities):
    """{activity pk: picture} for `activities`, in one grouped query whatever their number
    and their reports'; an activity no range state has reported on has none."""
    if not activities:
        return {}
    counts, latest = {}, {}
    rows = _PICTURE_ROWS([activity.pk for activity in activities])
    for activity_id, status, total, last in rows:
        counts.setdefault(activity_id, {})[status] = total
        latest[activity_id] = max(filter(None, (latest.get(activity_id), last)), default=None)
    choices = ImplementationStatus.choices
    return {pk: _picture(counts[pk], latest[pk], choices) for pk in counts}


def attach_country_pictures(activities):
    """Sets `country_picture` on each of `activities` (one query)."""
    pictures = country_pictures(activities)
    empty = _picture({}, None)
    for activity in activities:
        activity.country_picture = pictures.get(activity.pk, empty)
    return activities


def programme_country_picture(programme):
    """The picture of the whole programme, in one query: how many statuses the range states'
    accepted reports give (one per activity and range state) for each status, on how many
    activities, from how many range states, and the latest date."""
    rows = RangeStateActivityStatus.objects.filter(activity__programme=programme).order_by()
    figures = rows.aggregate(
        **{value: Count("pk", filter=Q(status=value)) for value in ImplementationStatus.values},
        activities=Count("activity", distinct=True),
        range_states=Count("range_state", distinct=True),
        latest=Max("as_of"),
    )
    counts = {value: figures[value] for value in ImplementationStatus.values}
    picture = _picture(counts, figures["latest"])
    picture.update(
        by_status=counts, activities=figures["activities"], range_states=figures["range_states"]
    )
    return picture


def activities_concerning(state, activities):
    """`activities` (a queryset) that concern `state` the way the reporting app sees it: named
    for it or one of its landscapes, or named for no country at all."""
    return activities.filter(concerns_range_state(state))


_STATE_STATUSES = Prepared(
    lambda state_id, ids: RangeStateActivityStatus.objects.filter(
        range_state_id=state_id, activity_id__in=ids
    ).values_list("activity_id", "status"),
    model=RangeStateActivityStatus,
    tuples=True,
)


def attach_state_statuses(state, activities):
    """Sets `state_status` (the status accepted for `state`, or None) on each activity."""
    statuses = dict(_STATE_STATUSES(state.pk, [a.pk for a in activities]))
    for activity in activities:
        activity.state_status = statuses.get(activity.pk)
    return activities


# --- Focal points ----------------------------------------------------------------------------


def focal_points_for_state(state):
    """Names and roles only: no e-mail address ever reaches a public page."""
    return list(FocalPoint.objects.public().for_range_state(state))
