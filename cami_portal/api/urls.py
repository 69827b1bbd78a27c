from csp.constants import NONCE
from csp.decorators import csp_update
from django.urls import include, path
from django.views.decorators.cache import never_cache
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)

from . import views
from .routers import build_router

app_name = "api"

# ReDoc creates <style> elements at run time: this page alone lets styles in with a per-request
# nonce (templates/api/redoc.html hands it to the patched bundle in static/vendor/redoc/).
# Scripts, and every other page, keep the strict policy; never cached, as the nonce is per answer.
redoc_view = never_cache(
    csp_update({"style-src": [NONCE]})(
        SpectacularRedocView.as_view(url_name="api:schema", template_name="api/redoc.html")
    )
)

urlpatterns = [
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
    path("v1/", include(build_router().urls)),
]
