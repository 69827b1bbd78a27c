"""The species' endpoints (gathered under /api/v1/ by cami_portal/api/urls.py)."""

from core.api.routers import ApiRouter

from . import views

router = ApiRouter()
router.register("species", views.SpeciesViewSet, basename="species")
