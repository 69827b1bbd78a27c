"""One FilterSet per listing of reports, shared by the pages and the REST API."""

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django_filters.constants import EMPTY_VALUES

from core.api.filters import CodeFilter, OrderingFilter, RepeatableSelect, SinceFilter
from core.api.rows import Texts
from programme.choices import ImplementationStatus
from programme.filtersets import ActivityFilterSet
from programme.models import activity_code_validator
from rangestates.models import RangeState
from species.models import Species

from .choices import ReportState
from .models import Report, ReportingCycle
from .querysets import NO_COUNTRY_REPORT, concerns_range_state, reported_by_a_country

#: The filters the reports' tally can count by (an order changes no count).
TALLIED = ("cycle", "state", "ordering")


def chosen_beyond(filterset, names) -> bool:
    """Whether a valid `filterset` chooses anything but the filters `names`: the lists that
    the reports' tally counts, or whose ids are read by a query compiled once, take only
    cycles and states."""
    data = filterset.form.cleaned_data
    return any(_given(value) for name, value in data.items() if name not in names)


def tallied_count(filterset, tally, by_state=None):
    """How many reports a valid `filterset` of reports gives, from `tally` (the ReportTally
    rows of the reports its queryset holds) when it filters by cycle and state at most; None
    when another filter is given: count the reports. `by_state`, when the page has read it,
    is `tally.by_state()`: with no cycle chosen the count is summed from it, without asking
    the database again."""
    if not filterset.is_valid():
        return None
    data = filterset.form.cleaned_data
    if chosen_beyond(filterset, TALLIED):
        return None
    if data.get("cycle") is not None:
        tally = tally.filter(cycle=data["cycle"])
    elif by_state is not None:
        states = data.get("state")
        return sum(count for state, count in by_state.items() if not states or state in states)
    if data.get("state"):
        tally = tally.filter(state__in=data["state"])
    return tally.total()


def _given(value) -> bool:
    if isinstance(value, QuerySet):  # a choice of objects: none chosen is an empty queryset
        return not value.query.is_empty()
    return value not in EMPTY_VALUES  # what django-filter's filters leave alone


class ReportFilterSet(django_filters.FilterSet):
    # Every filter reads a column of the report or of a table it points to: none can repeat
    # a report, so none asks for DISTINCT (which would sort the full rows of a page).
    cycle = django_filters.ModelChoiceFilter(
        queryset=ReportingCycle.objects.order_by("-deadline", "-pk"), label=_("Cycle")
    )
    state = django_filters.MultipleChoiceFilter(
        choices=ReportState.choices, distinct=False, label=_("State")
    )
    status = django_filters.MultipleChoiceFilter(
        choices=ImplementationStatus.choices, distinct=False, label=_("Implementation status")
    )
    range_state = CodeFilter(
        case="upper",
        widget=RepeatableSelect,
        field_name="range_state__iso_code",
        to_field_name="iso_code",
        distinct=False,
        queryset=RangeState.objects.order_by("name_en"),
        label=_("Range state"),
    )
    species = CodeFilter(
        case="lower",
        widget=RepeatableSelect,
        field_name="species__slug",
        to_field_name="slug",
        distinct=False,
        queryset=Species.objects.order_by("position", "slug"),
        label=_("Species"),
    )
    activity = django_filters.CharFilter(
        field_name="activity__code",
        label=_("Activity"),
        validators=[activity_code_validator],
        help_text=_("An activity number such as 2.3.15."),
    )
    objective = django_filters.NumberFilter(
        field_name="activity__issue__objective__number", label=_("Objective"), min_value=1
    )

    updated_since = SinceFilter(
        field_name="updated_at",
        lookup_expr="gte",
        label=_("Changed since"),
        help_text=_(
            "ISO 8601 date and time: the reports whose representation changed since (content, "
            "state, documents)."
        ),
    )
    accepted_since = SinceFilter(
        field_name="accepted_at",
        lookup_expr="gte",
        label=_("Accepted since"),
        help_text=_("ISO 8601 date and time: the reports accepted since."),
    )
    ordering = OrderingFilter(
        fields=(("updated_at", "updated_at"), ("accepted_at", "accepted_at")),
        label=_("Order by"),
        help_text=_(
            "updated_at or accepted_at, - for newest first; the natural order if left out."
        ),
    )

    class Meta:
        model = Report
        fields = [
            "cycle", "state", "status", "range_state", "species", "activity", "objective",
            "updated_since", "accepted_since",
        ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The cycle menu lists every cycle (a hundred after fifty years of two-year cycles):
        # read their names only, not their descriptions and guidelines in every language.
        # The chosen cycle is named (the review queue's exports) and filtered on by its id,
        # never read further.
        cycles = self.filters["cycle"]
        cycles.queryset = cycles.queryset.only("pk", *Texts(ReportingCycle, ("name",)).columns())


class ActivityScopeFilterSet(ActivityFilterSet):
    """The activity list of the API and of the public pages (the activity browser, the
    matrix and their CSV files), with what reporting knows of the activities:

    - `concerns`: the portal's own rule of what concerns a range state
      (`reporting.querysets.concerns_range_state`, the rule of My reporting): linked to the
      state, to one of its landscapes or to a species living there, or to nothing
      geographic. `?range_state=` stays the plain link;
    - `country_status`: the status the range states report in their accepted reports
      (`reporting.querysets.reported_by_a_country`), beside `status`, the secretariat's."""

    concerns = CodeFilter(
        case="upper",
        to_field_name="iso_code",
        queryset=RangeState.objects.all(),
        method="filter_concerns",
        label=_("Concerns the range state"),
        help_text=_(
            "ISO code: the activities its national focal point reports on (linked to the "
            "state, its landscapes or its species, or to nothing geographic)."
        ),
    )

    country_status = django_filters.MultipleChoiceFilter(
        choices=[
            *ImplementationStatus.choices,
            (NO_COUNTRY_REPORT, _("No range state has reported yet")),
        ],
        method="filter_country_status",
        label=_("Status reported by a range state"),
        help_text=_(
            "The activities that at least one range state reports with this status in its "
            "latest accepted national report (repeat it for several: any of them); none: the "
            "activities no range state has reported on yet. status is the secretariat's "
            "overall status."
        ),
    )

    class Meta(ActivityFilterSet.Meta):
        fields = [*ActivityFilterSet.Meta.fields, "concerns", "country_status"]

    def filter_country_status(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(reported_by_a_country(value))

    def filter_concerns(self, queryset, name, value):
        if not value:
            return queryset
        condition = Q()
        for state in value:
            condition |= concerns_range_state(state)
        return queryset.filter(condition)


class ReviewQueueFilterSet(ReportFilterSet):
    """The review queue's filters: those of `ReportFilterSet`, with the states and statuses
    chosen without DISTINCT. Every filter here is on the report or on a to-one relation, so no
    report can come twice; DISTINCT made the database sort every matching report with all its
    texts before the page's 50 could be taken."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("state", "status"):
            self.filters[name].distinct = False
