"""One FilterSet per listing, shared by the public pages and the REST API."""

import django_filters
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.api.filters import CodeFilter, OrderingFilter, SinceFilter
from rangestates.models import Landscape, RangeState
from species.models import Species

from .choices import ImplementationStatus, Priority
from .models import Activity, Actor, Objective, issue_code_validator


def objective_exists(number):
    """An objective number no programme has is a 400, as an unknown code is."""
    if not Objective.objects.filter(number=number).exists():
        raise ValidationError(
            _("There is no objective %(number)s."), code="unknown", params={"number": number}
        )


class ActivityFilterSet(django_filters.FilterSet):
    objective = django_filters.NumberFilter(
        field_name="issue__objective__number",
        label=_("Objective"),
        min_value=1,
        validators=[objective_exists],
    )
    issue = django_filters.CharFilter(
        field_name="issue__code",
        label=_("Issue"),
        validators=[issue_code_validator],
        help_text=_("An issue code such as 2.3."),
    )
    priority = django_filters.MultipleChoiceFilter(choices=Priority.choices, label=_("Priority"))
    status = django_filters.MultipleChoiceFilter(
        choices=ImplementationStatus.choices, method="filter_status", label=_("Status")
    )
    actor = CodeFilter(
        case="lower",
        field_name="actors__slug",
        to_field_name="slug",
        queryset=Actor.objects.all(),
        label=_("Responsible actor"),
    )
    species = CodeFilter(
        case="lower",
        field_name="species__slug",
        to_field_name="slug",
        queryset=Species.objects.all(),
        label=_("Species"),
    )
    range_state = CodeFilter(
        case="upper",
        field_name="range_states__iso_code",
        to_field_name="iso_code",
        queryset=RangeState.objects.all(),
        label=_("Range state"),
    )
    landscape = CodeFilter(
        case="lower",
        field_name="landscapes__slug",
        to_field_name="slug",
        queryset=Landscape.objects.all(),
        label=_("Landscape"),
    )
    q = django_filters.CharFilter(
        method="filter_text",
        label=_("Text"),
        max_length=200,
        validators=[RegexValidator(r"\S", _("Enter some text to search for."))],
    )
    updated_since = SinceFilter(
        field_name="changed_at",
        lookup_expr="gte",
        label=_("Changed since"),
        help_text=_(
            "ISO 8601 date and time, e.g. 2026-01-31T00:00:00Z: the activities whose "
            "representation changed since (their status, or their status in a range state)."
        ),
    )
    ordering = OrderingFilter(
        fields=(("sort_key", "code"), ("priority", "priority"), ("changed_at", "updated")),
        ranks={"priority": Priority.values},
        label=_("Order by"),
    )

    class Meta:
        model = Activity
        fields = [
            "objective", "issue", "priority", "status", "actor", "species", "range_state",
            "landscape", "q", "updated_since",
        ]  # fmt: skip

    def filter_status(self, queryset, name, value):
        if not value:
            return queryset
        condition = Q(status__status__in=value)
        if ImplementationStatus.NOT_STARTED in value:
            condition |= Q(status__isnull=True)  # nothing recorded yet: not started
        return queryset.filter(condition)

    def filter_text(self, queryset, name, value):
        # The one search of the portal (core/search.py): stemmed in each language, ranked.
        return queryset.matching(value)
