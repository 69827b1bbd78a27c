from rest_framework.routers import DefaultRouter


class ApiRouter(DefaultRouter):
    """No format suffixes: natural keys such as 2.3.15 contain dots. The format is chosen with
    `?format=` or the Accept header.

    Each app registers its endpoints on a router of its own (`<app>/api/urls.py`); the roof
    (`cami_portal/api/urls.py`) gathers them into one, whose root lists them all."""

    include_format_suffixes = False

    @classmethod
    def gather(cls, *routers):
        """One router with the registrations of `routers`, in that order."""
        router = cls()
        for each in routers:
            router.registry.extend(each.registry)
        return router
