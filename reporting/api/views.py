from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.generics import get_object_or_404
from rest_framework.permissions import AllowAny, BasePermission, IsAuthenticated
from rest_framework.response import Response

from core.api.pagination import IdsFirstPagePagination
from core.api.viewsets import ApiViewSet
from programme.api.viewsets import ProgrammeScopedMixin
from reporting import services
from reporting.access import can_review
from reporting.files import attachment_response
from reporting.filtersets import ReportFilterSet
from reporting.models import (
    Report,
    ReportAttachment,
    ReportingCycle,
    ReportTally,
    ReportTransition,
)

from .builders import COLUMNS, REPORT_ROW, ReportBuilder
from .csv import ReportRows
from .filtersets import ReportingCycleFilterSet
from .serializers import (
    ReportContentSerializer,
    ReportCreateSerializer,
    ReportingCycleSerializer,
    ReportSerializer,
    ReturnSerializer,
    ReviewSerializer,
)


class CanReview(BasePermission):
    """Accepting and returning reports is the secretariat's (reporting.access)."""

    message = _("Only the secretariat reviews reports.")

    def has_permission(self, request, view):
        return can_review(request.user)


class ListScopedToProgramme(ProgrammeScopedMixin):
    """Lists cover one programme (the current one, or `?programme=`); an object is addressed
    by its id whatever its programme."""

    programme_param_actions = ("list",)


@extend_schema_view(
    list=extend_schema(
        summary=_("List reporting cycles"),
        description=_("The cycles of a programme, latest deadline first."),
    ),
    retrieve=extend_schema(summary=_("One reporting cycle, by its id")),
)
class ReportingCycleViewSet(ListScopedToProgramme, ApiViewSet):
    lookup_example = 1
    lookup_description = _("The cycle's id.")
    serializer_class = ReportingCycleSerializer
    filterset_class = ReportingCycleFilterSet

    def get_queryset(self):
        cycles = ReportingCycle.objects.select_related("programme")
        if self.action == "list":
            cycles = cycles.filter(programme=self.programme)
        return cycles


ATTACHMENT_TYPES = sorted(services.EXTENSIONS)
WRITE_ERRORS = {"POST": ("409",), "PUT": ("409",), "PATCH": ("409",)}


@extend_schema_view(
    list=extend_schema(
        summary=_("List reports"),
        description=_(
            "Accepted reports for everyone; signed in, a focal point also sees their own "
            "reports at any state, and the secretariat sees all. Reports of one programme "
            "(`?programme=`, default the current one)."
        ),
    ),
    retrieve=extend_schema(
        summary=_("One report, by its id"),
        description=_("A report you may not see (someone else's draft) is a 404."),
    ),
    create=extend_schema(
        summary=_("Start a report (focal point)"),
        description=_(
            "A focal point starts their report on an activity for one of their range states "
            "or species, once the cycle has opened. Without content, it starts from the last "
            "accepted report on the activity (links included). A second report on the same "
            "activity, subject and cycle is a 409."
        ),
        request=ReportCreateSerializer,
        responses={201: ReportSerializer},
    ),
    update=extend_schema(
        summary=_("Replace the content of your draft (focal point)"),
        description=_(
            "Every content field not sent is emptied and the links are replaced. A returned "
            "report becomes a draft again. Send If-Match with the ETag you read."
        ),
        request=ReportContentSerializer,
        responses=ReportSerializer,
    ),
    partial_update=extend_schema(
        summary=_("Change part of your draft (focal point)"),
        description=_(
            "Only the fields sent change; the links only if `links` is sent. Send If-Match "
            "with the ETag you read."
        ),
        request=ReportContentSerializer,
        responses=ReportSerializer,
    ),
)
class ReportViewSet(ListScopedToProgramme, ApiViewSet):
    lookup_example = 1
    lookup_description = _("The report's id.")
    serializer_class = ReportSerializer
    filterset_class = ReportFilterSet
    pagination_class = IdsFirstPagePagination  # the natural order spans four joins
    csv_rows_class = ReportRows
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    extra_error_codes = WRITE_ERRORS

    def get_permissions(self):
        if self.action in ("list", "retrieve", "metadata", "attachment"):
            return [AllowAny()]
        if self.action in ("accept", "return_report"):
            return [IsAuthenticated(), CanReview()]
        return [IsAuthenticated()]

    #: The actions that change a report: the report they read (its id and version) is the
    #: one the service reads again, locked, and changes; the answer is read by `_fresh`.
    WRITES = ("update", "partial_update", "submit", "accept", "return_report")

    def get_queryset(self):
        """Only what the user may see: someone else's draft is a 404, not a 403."""
        if self.action in self.WRITES:
            # The id and version the service reads again, locked: nothing else of the row.
            return Report.objects.visible_to(self.request.user).only("pk", "version")
        reports = Report.objects.visible_to(self.request.user).for_listing()
        reports = reports.select_related("activity__programme").prefetch_related(
            "links",
            "attachments",
            Prefetch("transitions", queryset=ReportTransition.objects.order_by("at", "pk")),
        )
        if self.action == "list":
            reports = reports.filter(cycle__programme=self.programme).in_natural_order()
        return reports

    def build_list(self, request):
        # The JSON is built from plain rows (reporting/api/builders.py): what the serializer
        # gives (tested field by field), at a fraction of its cost.
        reports = Report.objects.visible_to(request.user).filter(cycle__programme=self.programme)
        reports = self.filter_queryset(reports.in_natural_order())
        # Counted and sorted without the joins that only the page's columns need; the whole
        # list is counted by the reports' tally.
        page = self.paginator.paginate_queryset(
            reports, request, view=self, columns=COLUMNS, count=self.tallied_count(request)
        )
        return self.get_paginated_response(ReportBuilder(request).build(page))

    def tallied_count(self, request):
        """How many reports the list holds, from the reports' tally (ReportTally) when no
        filter narrows it; None to count them."""
        if any(name in request.query_params for name in self.filterset_class.base_filters):
            return None
        tally = ReportTally.objects.seen_by(request.user)
        return None if tally is None else tally.filter(cycle__programme=self.programme).total()

    def retrieve(self, request, *args, **kwargs):
        # Built from plain rows as the list is (the same JSON, tested).
        not_modified = self.conditional_read(request)
        if not_modified is not None:
            return not_modified
        reports = Report.objects.visible_to(request.user)
        try:
            row = reports.filter(pk=kwargs[self.lookup_field]).values(*COLUMNS).first()
        except (TypeError, ValueError, ValidationError, OverflowError):  # as get_object()
            row = None
        if row is None:
            raise NotFound(self.not_found_message())
        self.response_version = row["version"]  # part of its ETag
        return Response(ReportBuilder(request).build([row])[0])

    def perform_content_negotiation(self, request, force=False):
        # A document is sent as it is, whatever the Accept header asks for (errors are JSON).
        force = force or self.action == "attachment"
        return super().perform_content_negotiation(request, force=force)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        patch_vary_headers(response, ["Authorization", "Cookie"])  # drafts differ per user
        return response

    def _fresh(self, report):
        """The report as it now is: the row the answer is built from, as a read's. (Its
        writer may see it: its author, or the secretariat.)"""
        (row,) = REPORT_ROW(report.pk)
        return row

    def _respond(self, report, status_code=status.HTTP_200_OK):
        # Called inside the write's transaction: if the database fails before the answer is
        # built, the write is rolled back too, so a 503 truly means "nothing was saved".
        row = self._fresh(report)
        self.response_version = row["version"]  # the answer's ETag, for the next If-Match
        data = ReportBuilder(self.request).build([row])[0]
        headers = {"Location": data["url"]} if status_code == status.HTTP_201_CREATED else None
        return Response(data, status=status_code, headers=headers)

    @extend_schema(
        summary=_("One of a report's documents"),
        description=_(
            "The file, to whoever may see the report (everyone for an accepted report; the "
            "author and the secretariat otherwise), with the API token or a session: the "
            "`url` of each of the report's `attachments`. Its name ends with the extension "
            "of the type its content was found to be."
        ),
        parameters=[
            OpenApiParameter(
                "attachment_id",
                int,
                OpenApiParameter.PATH,
                description=_("The document's id, as in its `url`."),
            )
        ],
        responses={(200, media_type): OpenApiTypes.BINARY for media_type in ATTACHMENT_TYPES},
    )
    @action(detail=True, methods=["get"], url_path=r"attachments/(?P<attachment_id>[^/]+)")
    def attachment(self, request, *args, attachment_id=None, **kwargs):
        try:
            document = get_object_or_404(
                ReportAttachment.objects.visible_to(request.user),
                report=self.kwargs[self.lookup_field],
                pk=attachment_id,
            )
        except (Http404, OverflowError):  # OverflowError: an id past SQLite's integers
            raise NotFound(_("There is no such document, or none you may see.")) from None
        return attachment_response(request._request, document)

    # --- focal points -----------------------------------------------------------------------

    def create(self, request, *args, **kwargs):
        serializer = ReportCreateSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        content = serializer.content(complete=False)
        with transaction.atomic():
            report = services.create_draft(
                data["cycle"],
                data["activity"],
                by=request.user,
                range_state=data.get("range_state"),
                species=data.get("species"),
                data=content or None,
                links=serializer.links_data(complete=False),
                prefill=data["prefill"],
            )
            return self._respond(report, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        complete = not kwargs.get("partial", False)
        report = self.get_object()
        self.check_if_match(report.version)
        serializer = ReportContentSerializer(data=request.data, partial=not complete)
        serializer.is_valid(raise_exception=True)
        with transaction.atomic():
            report = services.update_draft(
                report,
                by=request.user,
                data=serializer.content(complete=complete),
                links=serializer.links_data(complete=complete),
                expected_version=report.version,
            )
            return self._respond(report)

    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, partial=True, **kwargs)

    @extend_schema(
        summary=_("Submit your report to the secretariat (focal point)"),
        description=_(
            "Until the deadline (or the date the secretariat gave when returning or reopening "
            "it). A report without a status or a description of what was done is refused "
            "with the missing fields. Send If-Match with the ETag you read. A report already "
            "submitted is a 409; a second request sent with the first (a double click), from "
            "the same version, is answered as the first."
        ),
        request=None,
        responses=ReportSerializer,
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, *args, **kwargs):
        report = self.get_object()
        if services.can_edit(request.user, report):
            self.check_if_match(report.version)
        # Otherwise the service says why nothing can be done: not yours (403), or submitted
        # already (409).
        with transaction.atomic():
            report = services.submit(report, by=request.user, expected_version=report.version)
            return self._respond(report)

    # --- the secretariat ----------------------------------------------------------------------

    def _review(self, request, service, **kwargs):
        report = self.get_object()
        self.check_if_match(report.version)
        with transaction.atomic():
            # The review applies to the version read here (the service refuses another).
            report = service(report, by=request.user, expected_version=report.version, **kwargs)
            return self._respond(report)

    @extend_schema(
        summary=_("Accept a submitted report (secretariat)"),
        description=_(
            "The report becomes public and the activity's status in the range state follows "
            "it. Send If-Match with the ETag you read."
        ),
        request=ReviewSerializer,
        responses=ReportSerializer,
    )
    @action(detail=True, methods=["post"])
    def accept(self, request, *args, **kwargs):
        serializer = ReviewSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self._review(
            request, services.accept, comment=serializer.validated_data.get("comment", "")
        )

    @extend_schema(
        summary=_("Return a submitted report to its author (secretariat)"),
        description=_(
            "With a comment saying what to change; the author gets time to correct and "
            "resubmit it. Send If-Match with the ETag you read."
        ),
        request=ReturnSerializer,
        responses=ReportSerializer,
    )
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_report(self, request, *args, **kwargs):
        serializer = ReturnSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self._review(
            request, services.return_report, comment=serializer.validated_data["comment"]
        )
