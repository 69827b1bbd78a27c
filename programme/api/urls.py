"""The programme's endpoints (gathered under /api/v1/ by cami_portal/api/urls.py)."""

from core.api.routers import ApiRouter

from . import views

router = ApiRouter()
router.register("programmes", views.ProgrammeViewSet, basename="programme")
router.register("objectives", views.ObjectiveViewSet, basename="objective")
router.register("issues", views.IssueViewSet, basename="issue")
router.register("activities", views.ActivityViewSet, basename="activity")
router.register("actors", views.ActorViewSet, basename="actor")
