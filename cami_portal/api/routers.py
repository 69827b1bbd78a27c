from rest_framework.routers import DefaultRouter


class ApiRouter(DefaultRouter):
    """No format suffixes: natural keys such as 2.3.15 contain dots. The format is chosen with
    `?format=` or the Accept header."""

    include_format_suffixes = False


def build_router():
    from programme.api.views import (
        ActivityViewSet,
        ActorViewSet,
        IssueViewSet,
        ObjectiveViewSet,
        ProgrammeViewSet,
    )
    from rangestates.api.views import LandscapeViewSet, RangeStateViewSet
    from reporting.api.views import ReportingCycleViewSet, ReportViewSet
    from species.api.views import SpeciesViewSet

    router = ApiRouter()
    router.register("programmes", ProgrammeViewSet, basename="programme")
    router.register("objectives", ObjectiveViewSet, basename="objective")
    router.register("issues", IssueViewSet, basename="issue")
    router.register("activities", ActivityViewSet, basename="activity")
    router.register("actors", ActorViewSet, basename="actor")
    router.register("species", SpeciesViewSet, basename="species")
    router.register("range-states", RangeStateViewSet, basename="range-state")
    router.register("landscapes", LandscapeViewSet, basename="landscape")
    router.register("reporting-cycles", ReportingCycleViewSet, basename="reporting-cycle")
    router.register("reports", ReportViewSet, basename="report")
    return router
