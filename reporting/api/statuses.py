"""`/api/v1/range-state-statuses/`: the status of each activity in each range state, as the
latest accepted national report set it, one row per pair, in JSON and in CSV (flat columns,
nothing lost: the dashboard's table)."""

import django_filters
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers

from core.api.filters import CodeFilter, SinceFilter
from core.api.serializers import ApiUrlField
from core.api.viewsets import ApiViewSet
from programme.api.viewsets import ProgrammeScopedMixin
from programme.choices import ImplementationStatus
from programme.models import Activity
from rangestates.models import RangeState
from reporting.models import RangeStateActivityStatus


class RangeStateStatusRowSerializer(serializers.ModelSerializer):
    activity = serializers.CharField(
        source="activity.code", read_only=True, help_text=_("The activity's code.")
    )
    activity_url = ApiUrlField(
        "api:activity-detail", {"code": "activity.code"}, programme="activity.programme.code"
    )
    range_state = serializers.CharField(
        source="range_state.iso_code", read_only=True, help_text=_("ISO code of the range state.")
    )
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    report = serializers.SerializerMethodField(help_text=_("The accepted report it comes from."))
    updated_at = serializers.DateTimeField(read_only=True)

    class Meta:
        model = RangeStateActivityStatus
        fields = [
            "id",
            "activity",
            "activity_url",
            "range_state",
            "status",
            "status_label",
            "as_of",
            "report",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_report(self, row):
        if row.report_id is None:
            return None
        url = reverse("api:report-detail", kwargs={"pk": row.report_id})
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request is not None else url


class RangeStateStatusFilterSet(django_filters.FilterSet):
    activity = CodeFilter(
        case=None,
        field_name="activity__code",
        to_field_name="code",
        queryset=Activity.objects.all(),
        label=_("Activity"),
        help_text=_("An activity number such as 2.3.15."),
    )
    range_state = CodeFilter(
        case="upper",
        field_name="range_state__iso_code",
        to_field_name="iso_code",
        queryset=RangeState.objects.all(),
        distinct=False,
        label=_("Range state"),
    )
    status = django_filters.MultipleChoiceFilter(
        choices=ImplementationStatus.choices, label=_("Implementation status")
    )
    updated_since = SinceFilter(
        field_name="updated_at",
        lookup_expr="gte",
        label=_("Changed since"),
        help_text=_("ISO 8601 date and time: the statuses set or changed since."),
    )

    class Meta:
        model = RangeStateActivityStatus
        fields = ["activity", "range_state", "status", "updated_since"]


@extend_schema_view(
    list=extend_schema(
        summary=_("List the statuses of activities per range state"),
        description=_(
            "One row per activity and range state that has an accepted national report: the "
            "status of its latest one. Also as CSV (`?format=csv`), with the same columns. A "
            "status withdrawn (its report reopened) leaves the list: compare with the "
            "activity's `range_state_statuses`, or re-read the list."
        ),
    ),
    retrieve=extend_schema(summary=_("One status of an activity in a range state, by its id")),
)
class RangeStateStatusViewSet(ProgrammeScopedMixin, ApiViewSet):
    lookup_example = 1
    lookup_description = _("The row's id.")
    serializer_class = RangeStateStatusRowSerializer
    filterset_class = RangeStateStatusFilterSet
    programme_param_actions = ("list",)

    def get_queryset(self):
        rows = RangeStateActivityStatus.objects.select_related(
            "activity__programme", "range_state"
        ).order_by("activity__sort_key", "range_state__iso_code", "pk")
        if self.action == "list":
            rows = rows.filter(activity__programme=self.programme)
        return rows
