"""The reporting endpoints (gathered under /api/v1/ by cami_portal/api/urls.py)."""

from core.api.routers import ApiRouter

from . import statuses, views

router = ApiRouter()
router.register("reporting-cycles", views.ReportingCycleViewSet, basename="reporting-cycle")
router.register("reports", views.ReportViewSet, basename="report")
router.register(
    "range-state-statuses", statuses.RangeStateStatusViewSet, basename="range-state-status"
)
