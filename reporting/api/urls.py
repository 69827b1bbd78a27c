"""The reporting endpoints (gathered under /api/v1/ by cami_portal/api/urls.py)."""

from core.api.routers import ApiRouter

from . import views

router = ApiRouter()
router.register("reporting-cycles", views.ReportingCycleViewSet, basename="reporting-cycle")
router.register("reports", views.ReportViewSet, basename="report")
