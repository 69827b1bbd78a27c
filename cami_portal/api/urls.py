from csp.constants import NONCE
from csp.decorators import csp_update
from django.urls import path
from django.views.decorators.cache import never_cache
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)

from core.api.routers import ApiRouter
from programme.api.urls import router as programme_router
from rangestates.api.urls import router as rangestates_router
from reporting.api.urls import router as reporting_router
from species.api.urls import router as species_router

from .. import datapackage
from . import views

app_name = "api"

# One router, one API root listing every endpoint: each app registers its own.
router = ApiRouter.gather(programme_router, species_router, rangestates_router, reporting_router)

# ReDoc creates <style> elements at run time: this page alone lets styles in with a per-request
# nonce (templates/api/redoc.html hands it to the patched bundle in static/vendor/redoc/).
# Scripts, and every other page, keep the strict policy; never cached, as the nonce is per answer.
redoc_view = never_cache(
    csp_update({"style-src": [NONCE]})(
        SpectacularRedocView.as_view(url_name="api:schema", template_name="api/redoc.html")
    )
)

urlpatterns = [
    # The endpoints first: Django tries the patterns in order, and they are asked most often.
    # (No endpoint's address is one of the others below.)
    router.resolver("v1/"),
    path("", views.ApiGuideView.as_view(), name="guide"),
    path("token/", views.token_page, name="token"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api:schema", template_name="api/swagger_ui.html"
        ),
        name="docs",
    ),
    path("redoc/", redoc_view, name="redoc"),
    path("v1/data-package.zip", datapackage.package_zip, name="data-package-zip"),
    path("v1/data-package.json", datapackage.package_json, name="data-package-json"),
]
