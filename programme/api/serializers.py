from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.api.serializers import ApiUrlField, FallbackField, LabelField, ListUrlField, WebUrlField
from core.api.writes import StrictFieldsMixin
from programme.choices import ImplementationStatus
from programme.models import (
    Activity,
    ActivityStatus,
    Actor,
    Issue,
    Objective,
    Programme,
    ProgrammeSpecies,
    Responsibility,
    SubActivity,
)
from programme.services import status_of
from rangestates.api.serializers import LandscapeBriefSerializer, RangeStateBriefSerializer

# The one import against the flow (docs/architecture.md): an activity's JSON nests the
# statuses per range state that reporting owns.
from reporting.api.serializers import RangeStateStatusSerializer
from species.api.serializers import SpeciesBriefSerializer

PROGRAMME = "programme.code"


def objective_url():
    return ApiUrlField("api:objective-detail", {"number": "number"}, programme=PROGRAMME)


def issue_url():
    return ApiUrlField("api:issue-detail", {"code": "code"}, programme=PROGRAMME)


def activity_url(**kwargs):
    return ApiUrlField("api:activity-detail", {"code": "code"}, programme=PROGRAMME, **kwargs)


class ObjectiveBriefSerializer(serializers.ModelSerializer):
    url = objective_url()

    class Meta:
        model = Objective
        fields = ["number", "title", "url"]


class IssueBriefSerializer(serializers.ModelSerializer):
    url = issue_url()

    class Meta:
        model = Issue
        fields = ["code", "title", "url"]


class ActivityBriefSerializer(serializers.ModelSerializer):
    url = activity_url()

    class Meta:
        model = Activity
        fields = ["code", "url"]


class CrosswalkSerializer(serializers.ModelSerializer):
    """An activity of another programme that an activity continues or is continued by."""

    reference = serializers.SerializerMethodField(
        help_text=_("The programme's code and the activity's number (the CSV shows this).")
    )
    programme = serializers.SlugRelatedField(slug_field="code", read_only=True)
    period = serializers.CharField(source="programme.period", read_only=True)
    url = activity_url()
    web_url = WebUrlField(programme=PROGRAMME)

    class Meta:
        model = Activity
        fields = ["reference", "programme", "period", "code", "url", "web_url"]

    def get_reference(self, activity) -> str:
        return f"{activity.programme.code} {activity.code}"


class ActorBriefSerializer(serializers.ModelSerializer):
    url = ApiUrlField("api:actor-detail", {"slug": "slug"})

    class Meta:
        model = Actor
        fields = ["slug", "name", "url"]


class ProgrammeSpeciesSerializer(serializers.ModelSerializer):
    """A species the programme covers, with its scope in this programme."""

    species = SpeciesBriefSerializer(read_only=True)

    class Meta:
        model = ProgrammeSpecies
        fields = ["species", "scope"]


class ProgrammeSerializer(serializers.ModelSerializer):
    url = ApiUrlField("api:programme-detail", {"code": "code"})
    objectives = ObjectiveBriefSerializer(many=True, read_only=True)
    species = ProgrammeSpeciesSerializer(
        source="species_scope",
        many=True,
        read_only=True,
        help_text=_("The species the programme covers (scope “initiative”) or names."),
    )
    range_states = serializers.SlugRelatedField(
        slug_field="iso_code",
        many=True,
        read_only=True,
        help_text=_("The ISO codes of the range states the programme covers."),
    )
    activities_url = ListUrlField(
        "api:activity-list", "programme", "code", help_text=_("The programme's activities.")
    )
    fallback = FallbackField(("title", "adopted_at", "vision", "goal"))

    class Meta:
        model = Programme
        fields = [
            "code",
            "url",
            "title",
            "resolution",
            "adopted_at",
            "adopted_on",
            "start_year",
            "end_year",
            "is_current",
            "vision",
            "goal",
            "objectives",
            "species",
            "range_states",
            "activities_url",
            "fallback",
        ]


class ObjectiveSerializer(serializers.ModelSerializer):
    url = objective_url()
    programme = serializers.SlugRelatedField(slug_field="code", read_only=True)
    issues = IssueBriefSerializer(many=True, read_only=True)
    fallback = FallbackField(("title",))

    class Meta:
        model = Objective
        fields = ["number", "url", "programme", "title", "issues", "fallback"]


class IssueSerializer(serializers.ModelSerializer):
    url = issue_url()
    programme = serializers.SlugRelatedField(slug_field="code", read_only=True)
    objective = serializers.IntegerField(
        source="objective.number", read_only=True, help_text=_("The objective's number.")
    )
    kind_label = LabelField("kind")
    activities = ActivityBriefSerializer(many=True, read_only=True)
    fallback = FallbackField(("title",))

    class Meta:
        model = Issue
        fields = [
            "code",
            "url",
            "programme",
            "objective",
            "kind",
            "kind_label",
            "title",
            "activities",
            "fallback",
        ]


class SubActivitySerializer(serializers.ModelSerializer):
    priority_label = LabelField("priority")
    fallback = FallbackField(("heading", "text"))

    class Meta:
        model = SubActivity
        fields = ["letter", "heading", "text", "priority", "priority_label", "fallback"]
        extra_kwargs = {"priority": {"help_text": _("Empty when the activity's priority applies.")}}


class ResponsibilitySerializer(serializers.ModelSerializer):
    actor = ActorBriefSerializer(read_only=True)

    class Meta:
        model = Responsibility
        fields = ["actor", "proposed", "qualifier"]


class CurrentStatusSerializer(serializers.ModelSerializer):
    """The implementation status the secretariat records for an activity. An activity for
    which nothing was recorded yet is `not_started`, version 0."""

    status_label = LabelField("status")
    updated_at = serializers.DateTimeField(
        read_only=True, allow_null=True, help_text=_("When it last changed; null if never set.")
    )
    version = serializers.IntegerField(read_only=True, help_text=_("Increases with every change."))

    class Meta:
        model = ActivityStatus
        fields = ["status", "status_label", "note", "status_date", "updated_at", "version"]
        read_only_fields = fields

    def get_attribute(self, instance):
        # Nested in an activity: its status record, or the implied "not started".
        return status_of(instance)


class ActivityStatusSerializer(CurrentStatusSerializer):
    activity = serializers.CharField(
        source="activity.code", read_only=True, help_text=_("The activity's code.")
    )
    url = ApiUrlField(
        "api:activity-status", {"code": "activity.code"}, programme="activity.programme.code"
    )

    class Meta(CurrentStatusSerializer.Meta):
        fields = ["activity", "url", *CurrentStatusSerializer.Meta.fields]
        read_only_fields = fields


class StatusChangeSerializer(serializers.Serializer):
    """One change of an activity's status, as its page shows it (`programme.history`)."""

    status = serializers.ChoiceField(choices=ImplementationStatus.choices, read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    note = serializers.CharField(read_only=True)
    status_date = serializers.DateField(read_only=True, allow_null=True)
    changed_at = serializers.DateTimeField(
        source="history_date", read_only=True, help_text=_("When the change was recorded.")
    )


class ActivityStatusWriteSerializer(StrictFieldsMixin, serializers.Serializer):
    """A change of status. PUT replaces the status, note and date (a missing note is
    emptied); PATCH changes only what it sends."""

    read_only_names = ("activity", "url", "status_label", "updated_at", "version")

    status = serializers.ChoiceField(choices=ImplementationStatus.choices)
    note = serializers.CharField(allow_blank=True, required=False, max_length=10000)
    status_date = serializers.DateField(
        required=False,
        allow_null=True,
        help_text=_("The date the status holds from; default: today."),
    )


class ActivitySerializer(serializers.ModelSerializer):
    url = activity_url()
    web_url = WebUrlField(programme=PROGRAMME, help_text=_("The activity's page in the portal."))
    programme = serializers.SlugRelatedField(slug_field="code", read_only=True)
    objective = serializers.IntegerField(
        source="issue.objective.number", read_only=True, help_text=_("The objective's number.")
    )
    issue = serializers.CharField(
        source="issue.code", read_only=True, help_text=_("The issue's code.")
    )
    priority_label = LabelField("priority")
    subactivities = SubActivitySerializer(many=True, read_only=True)
    responsibilities = ResponsibilitySerializer(many=True, read_only=True)
    species = SpeciesBriefSerializer(many=True, read_only=True)
    range_states = RangeStateBriefSerializer(many=True, read_only=True)
    landscapes = LandscapeBriefSerializer(many=True, read_only=True)
    referenced_activities = serializers.SlugRelatedField(
        slug_field="code",
        many=True,
        read_only=True,
        help_text=_("Codes of the activities this one refers to (“see 2.2.6”)."),
    )
    referenced_issues = serializers.SlugRelatedField(
        slug_field="code",
        many=True,
        read_only=True,
        help_text=_("Codes of the issues this one refers to (“see 1.3”)."),
    )
    continues = CrosswalkSerializer(
        many=True,
        read_only=True,
        help_text=_("The activities of earlier programmes that this activity carries on."),
    )
    continued_as = CrosswalkSerializer(
        many=True,
        read_only=True,
        help_text=_("The activities of later programmes that carry this activity on."),
    )
    status = CurrentStatusSerializer(source="*", read_only=True)
    range_state_statuses = RangeStateStatusSerializer(
        source="country_statuses",
        many=True,
        read_only=True,
        help_text=_(
            "The status accepted in each range state that has reported on the activity (from "
            "its latest accepted national report)."
        ),
    )
    fallback = FallbackField(("short_title", "heading", "text", "priority_text", "actors_text"))

    class Meta:
        model = Activity
        fields = [
            "code",
            "url",
            "web_url",
            "programme",
            "objective",
            "issue",
            "short_title",
            "heading",
            "text",
            "priority",
            "priority_label",
            "priority_text",
            "actors_text",
            "subactivities",
            "responsibilities",
            "species",
            "range_states",
            "landscapes",
            "referenced_activities",
            "referenced_issues",
            "continues",
            "continued_as",
            "status",
            "range_state_statuses",
            "fallback",
        ]


class ActorSerializer(serializers.ModelSerializer):
    url = ApiUrlField("api:actor-detail", {"slug": "slug"})
    web_url = WebUrlField(help_text=_("The actor's page in the portal."))
    kind_label = LabelField("kind")
    activities_url = ListUrlField(
        "api:activity-list",
        "actor",
        "slug",
        help_text=_("The activities of the current programme this actor is responsible for."),
    )

    class Meta:
        model = Actor
        fields = [
            "slug",
            "url",
            "web_url",
            "name",
            "full_name",
            "kind",
            "kind_label",
            "activities_url",
        ]
