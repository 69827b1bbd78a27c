"""Filters of the API's reporting-cycle listing (reports use `reporting.filtersets`, shared
with the pages)."""

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.api.filters import BooleanChoiceFilter
from reporting.models import ReportingCycle


class ReportingCycleFilterSet(django_filters.FilterSet):
    open = BooleanChoiceFilter(
        method="filter_open",
        label=_("true: the cycles accepting submissions today; false: the others."),
    )

    class Meta:
        model = ReportingCycle
        fields = ["open"]

    def filter_open(self, queryset, name, value):
        if value is None:
            return queryset
        open_now = ReportingCycle.objects.accepting_submissions(timezone.localdate())
        if value:
            return queryset.filter(pk__in=open_now.values("pk"))
        return queryset.exclude(pk__in=open_now.values("pk"))
