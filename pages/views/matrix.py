"""The implementation matrix (activities × range states) and its CSV."""

from dataclasses import dataclass, field

from django.shortcuts import render
from django.views.decorators.http import require_safe

from core.web import filter_status, invalid_filter_csv
from programme.models import Activity
from programme.templatetags.portal import STATUS_ABBREVIATIONS, status_of
from rangestates.models import RangeState
from reporting import public as public_reports

from .. import exports
from ..listing import (
    STATUS_ORDER,
    active_filter_chips,
    activity_filterset,
    attach_issues,
    current_programme_or_404,
    dress_filter_form,
    filtered_activities,
    is_filtered,
    programme_issues,
)
from ..rows import dress_matrix_rows


@dataclass
class MatrixRow:
    activity: Activity
    overall: public_reports.Cell  # the secretariat's status of the activity
    cells: list  # per range state: the accepted status, or None
    earlier: list = field(default_factory=list)  # [EarlierRow]: what it continues
    reported: list = field(default_factory=list)  # [(range state, Cell)]: the phone's list
    # The page's markup of the row, made once (pages/rows.py: dress_matrix_rows).
    url: str = ""
    title: str = ""
    overall_html: str = ""
    overall_badge: str = ""
    cells_html: str = ""
    reported_html: str = ""
    table_html: str = ""  # the table's row (and its earlier activities' rows)
    card_html: str = ""  # the phone's card


@dataclass
class EarlierRow:
    """An activity of an earlier programme that the row's activity continues (crosswalk),
    with its statuses per range state."""

    activity: Activity
    cells: list
    cells_html: str = ""


def earlier_rows(activities, states):
    """{activity pk: [EarlierRow]} for the activities that continue earlier ones: the
    crosswalk in one query, the earlier activities' statuses per country in one more (only
    when there is a crosswalk)."""
    if not activities:
        return {}
    links = list(
        Activity.continues.through.objects.filter(from_activity_id__in=[a.pk for a in activities])
        .select_related("to_activity__programme")
        .order_by("to_activity__programme__start_year", "to_activity__sort_key")
    )
    earlier = {link.to_activity_id: link.to_activity for link in links}
    cells = public_reports.matrix_cells(list(earlier.values()), states)
    rows = {}
    for link in links:
        rows.setdefault(link.from_activity_id, []).append(
            EarlierRow(
                link.to_activity,
                [cells.get((link.to_activity_id, state.pk)) for state in states],
            )
        )
    return rows


def matrix_data(request, programme, with_earlier=True):
    """The filter, the activities (without their issues: the page sets them, the CSV does
    not show them), the range states and the rows."""
    filterset = activity_filterset(request, programme, joined=False)
    activities = list(filtered_activities(filterset))
    states = list(RangeState.objects.order_by("name_en", "pk"))
    chosen = set(request.GET.getlist("range_state"))
    if chosen and filterset.is_valid():
        states = [s for s in states if s.iso_code in chosen]
    cells = public_reports.matrix_cells(activities, states)
    overall = public_reports.status_cells()
    earlier = earlier_rows(activities, states) if with_earlier else {}
    rows = [
        MatrixRow(
            activity,
            overall[status_of(activity)],
            [cells.get((activity.pk, state.pk)) for state in states],
            earlier.get(activity.pk, []),
        )
        for activity in activities
    ]
    for row in rows:
        pairs = zip(states, row.cells, strict=True)
        row.reported = [(state, cell) for state, cell in pairs if cell]
    return filterset, activities, states, rows


@require_safe
def matrix(request):
    programme = current_programme_or_404(request)
    filterset, activities, states, rows = matrix_data(request, programme)
    issues = programme_issues(programme)
    attach_issues(activities, issues, programme)
    dress_filter_form(filterset, programme, issues)
    legend = [(s.value, s.label, STATUS_ABBREVIATIONS[s.value]) for s in STATUS_ORDER]
    return render(
        request,
        "pages/matrix.html",
        {
            "programme": programme,
            "filterset": filterset,
            "form": filterset.form,
            "states": states,
            "rows": dress_matrix_rows(rows, {"programme": programme, "request": request}),
            "activity_count": len(activities),
            "filtered": is_filtered(filterset),
            "chips": active_filter_chips(request, filterset),
            "legend": legend,
            "query": request.GET.urlencode(),
        },
        status=filter_status(filterset),
    )


@require_safe
def matrix_csv(request):
    programme = current_programme_or_404(request)
    filterset, _activities, states, rows = matrix_data(request, programme, with_earlier=False)
    if (invalid := invalid_filter_csv(filterset)) is not None:
        return invalid
    return exports.matrix_csv(programme, states, rows)
