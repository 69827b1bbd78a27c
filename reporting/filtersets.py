"""One FilterSet per listing of reports, shared by the pages and the REST API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from core.api.filters import OrderingFilter, SinceFilter
from programme.choices import ImplementationStatus
from programme.models import activity_code_validator
from rangestates.models import RangeState
from species.models import Species

from .choices import ReportState
from .models import Report, ReportingCycle


class ReportFilterSet(django_filters.FilterSet):
    cycle = django_filters.ModelChoiceFilter(
        queryset=ReportingCycle.objects.order_by("-deadline", "-pk"), label=_("Cycle")
    )
    state = django_filters.MultipleChoiceFilter(choices=ReportState.choices, label=_("State"))
    status = django_filters.MultipleChoiceFilter(
        choices=ImplementationStatus.choices, label=_("Implementation status")
    )
    range_state = django_filters.ModelChoiceFilter(
        field_name="range_state",
        to_field_name="iso_code",
        queryset=RangeState.objects.order_by("name_en"),
        label=_("Range state"),
    )
    species = django_filters.ModelChoiceFilter(
        field_name="species",
        to_field_name="slug",
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
