"""The range states' and landscapes' endpoints (gathered under /api/v1/ by
cami_portal/api/urls.py)."""

from core.api.routers import ApiRouter

from . import views

router = ApiRouter()
router.register("range-states", views.RangeStateViewSet, basename="range-state")
router.register("landscapes", views.LandscapeViewSet, basename="landscape")
