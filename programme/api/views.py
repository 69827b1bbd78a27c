from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.response import Response

from core.api.viewsets import ApiViewSet
from programme.history import status_history
from programme.models import Activity, Actor, Issue, Objective, Programme, ProgrammeSpecies
from programme.services import can_set_status, set_status, status_of

# The one import against the flow (docs/architecture.md): an activity's JSON nests the
# statuses per range state that reporting owns, and its list offers reporting's rule of what
# concerns a range state (`?concerns=`).
from reporting.api.builders import range_state_statuses
from reporting.filtersets import ActivityScopeFilterSet
from reporting.models import RangeStateActivityStatus

from . import builders
from .csv import ActivityRows
from .filtersets import ActorFilterSet, IssueFilterSet
from .serializers import (
    ActivitySerializer,
    ActivityStatusSerializer,
    ActivityStatusWriteSerializer,
    ActorSerializer,
    IssueSerializer,
    ObjectiveSerializer,
    ProgrammeSerializer,
    StatusChangeSerializer,
)
from .viewsets import ProgrammeScopedMixin


class CanSetStatusOrReadOnly(BasePermission):
    """Reading a status is public; changing it is the secretariat's (programme.services)."""

    message = _("Only the secretariat may change the status of activities.")
    public_reads = True  # for the schema: reading needs no credentials

    def has_permission(self, request, view):
        return request.method in SAFE_METHODS or can_set_status(request.user)


@extend_schema_view(
    list=extend_schema(
        summary=_("List programmes"),
        description=_(
            "Every version of the Programme of Work; `is_current` marks the one in force."
        ),
    ),
    retrieve=extend_schema(summary=_("One programme, by its code")),
)
class ProgrammeViewSet(ApiViewSet):
    lookup_example = "cami-2014-2020"
    lookup_description = _("The programme's code.")
    queryset = Programme.objects.prefetch_related(
        Prefetch("objectives", queryset=Objective.objects.select_related("programme")),
        Prefetch("species_scope", queryset=ProgrammeSpecies.objects.select_related("species")),
        "range_states",
    )
    serializer_class = ProgrammeSerializer
    lookup_field = "code"


@extend_schema_view(
    list=extend_schema(summary=_("List the objectives of a programme")),
    retrieve=extend_schema(summary=_("One objective, by its number")),
)
class ObjectiveViewSet(ProgrammeScopedMixin, ApiViewSet):
    lookup_example = 2
    lookup_description = _("The objective's number.")
    serializer_class = ObjectiveSerializer
    lookup_field = "number"

    def get_queryset(self):
        return (
            Objective.objects.filter(programme=self.programme)
            .select_related("programme")
            .prefetch_related(
                Prefetch("issues", queryset=Issue.objects.select_related("programme"))
            )
        )


@extend_schema_view(
    list=extend_schema(summary=_("List the issues of a programme")),
    retrieve=extend_schema(summary=_("One issue, by its code (e.g. 2.3)")),
)
class IssueViewSet(ProgrammeScopedMixin, ApiViewSet):
    lookup_example = "2.3"
    lookup_description = _("The issue's code.")
    serializer_class = IssueSerializer
    filterset_class = IssueFilterSet
    lookup_field = "code"

    def get_queryset(self):
        return (
            Issue.objects.filter(programme=self.programme)
            .select_related("programme", "objective")
            .prefetch_related(
                Prefetch("activities", queryset=Activity.objects.select_related("programme"))
            )
        )


@extend_schema_view(
    list=extend_schema(
        summary=_("List activities"),
        description=_(
            "The activities of a programme in their natural order (1.1.2 before 1.1.10), with "
            "everything an activity holds. Filters combine (AND); a filter given several "
            "values matches any of them (OR). The same filters as the portal's activity list."
        ),
    ),
    retrieve=extend_schema(summary=_("One activity, by its code (e.g. 2.3.15)")),
)
class ActivityViewSet(ProgrammeScopedMixin, ApiViewSet):
    lookup_example = "2.3.15"
    lookup_description = _("The activity's code (number).")
    serializer_class = ActivitySerializer
    filterset_class = ActivityScopeFilterSet  # the pages' filters, and `concerns`
    csv_rows_class = ActivityRows
    lookup_field = "code"

    def get_queryset(self):
        if self.action in ("status", "history"):
            queryset = Activity.objects.select_related("status", "programme")
        else:
            queryset = Activity.objects.for_public_detail().prefetch_related(
                Prefetch(
                    "country_statuses",
                    queryset=RangeStateActivityStatus.objects.for_listing(),
                )
            )
        return queryset.filter(programme=self.programme)

    # The JSON of activities is built from plain rows (programme/api/builders.py): what the
    # serializer gives (tested field by field), at a fraction of its cost.

    def build_list(self, request):
        activities = self.filter_queryset(Activity.objects.filter(programme=self.programme))
        page = self.paginate_queryset(activities.values(*builders.COLUMNS))
        return self.get_paginated_response(self.builder().build(page))

    def retrieve(self, request, *args, **kwargs):
        not_modified = self.conditional_read(request)
        if not_modified is not None:
            return not_modified
        code = kwargs[self.lookup_field]
        if self.programme is None:
            row = None
        else:
            row = next(iter(builders.ACTIVITY(self.programme.pk, code)), None)
        if row is None:
            raise NotFound(self.not_found_message())
        return Response(self.builder().build([row])[0])

    def builder(self):
        return builders.ActivityBuilder(self.request, range_state_statuses)

    @extend_schema(
        methods=["GET"],
        summary=_("The implementation status of an activity"),
        description=_("Send its ETag back in If-Match to change the status."),
        responses=ActivityStatusSerializer,
    )
    @extend_schema(
        methods=["PUT", "PATCH"],
        summary=_("Set the implementation status of an activity (secretariat)"),
        description=_(
            "Only the secretariat may do this. Send If-Match with the ETag you read: if the "
            "status changed meanwhile the answer is 412 and nothing is saved. Every change is "
            "kept in the status history with who made it."
        ),
        request=ActivityStatusWriteSerializer,
        responses=ActivityStatusSerializer,
    )
    @action(
        detail=True,
        methods=["get", "put", "patch"],
        url_path="status",
        url_name="status",
        permission_classes=[CanSetStatusOrReadOnly],
    )
    def status(self, request, *args, **kwargs):
        not_modified = self.conditional_read(request)
        if not_modified is not None:
            return not_modified
        activity = self.get_object()
        current = status_of(activity)
        context = self.get_serializer_context()
        if request.method in SAFE_METHODS:
            self.response_last_modified = current.updated_at
            self.response_version = current.version
            return Response(ActivityStatusSerializer(current, context=context).data)

        self.check_if_match(current.version)
        partial = request.method == "PATCH"
        serializer = ActivityStatusWriteSerializer(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        new = set_status(
            activity,
            status=data.get("status", current.status),
            # PATCH without a note keeps it (None); PUT without one empties it.
            note=data.get("note", None if partial else ""),
            status_date=data.get("status_date"),
            by=request.user,
            expected_version=current.version,
        )
        new.activity = activity  # the answer needs nothing more from the database
        self.response_version = new.version
        return Response(ActivityStatusSerializer(new, context=context).data)

    @extend_schema(
        summary=_("The status history of an activity"),
        description=_(
            "Every change of the status the secretariat records, newest first, as the "
            "activity's page shows it (the statuses per range state are "
            "`/range-state-statuses/?activity=`)."
        ),
        responses=StatusChangeSerializer(many=True),
    )
    @action(
        detail=True,
        methods=["get"],
        url_path="history",
        url_name="history",
        pagination_class=None,  # a short story, whole
        filter_backends=[],
    )
    def history(self, request, *args, **kwargs):
        current = status_of(self.get_object())
        changes = status_history(current) if current.pk else []
        self.response_last_modified = current.updated_at if current.pk else None
        return Response(StatusChangeSerializer(changes, many=True).data)


@extend_schema_view(
    list=extend_schema(summary=_("List responsible actors")),
    retrieve=extend_schema(summary=_("One actor, by its identifier")),
)
class ActorViewSet(ApiViewSet):
    lookup_example = "cms"
    lookup_description = _("The actor's identifier.")
    queryset = Actor.objects.all()
    serializer_class = ActorSerializer
    filterset_class = ActorFilterSet
    lookup_field = "slug"
