from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import set_language

from core import health
from core.admin_site import PortalAdminSite, PortalOTPAdminSite

# ADMIN_REQUIRE_2FA=1: the admin asks for the one-time code of the staff member's device.
admin.site.__class__ = PortalOTPAdminSite if settings.OTP_ADMIN_REQUIRED else PortalAdminSite

admin.site.site_header = _("CAMI Portal administration")
admin.site.site_title = _("CAMI Portal")
admin.site.index_title = _("Programme of Work of the Central Asian Mammals Initiative")

# Django tries the patterns in order: the API, asked most often (by programs), first.
urlpatterns = [
    path("api/", include("cami_portal.api.urls")),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("", include("pages.urls")),
    path("reporting/", include("reporting.urls")),
    path("accounts/", include("reporting.account_urls")),
]

if settings.DEBUG:  # pragma: no cover - development helper
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# A database (or cache) outage answers 503 with a page instead of a 500 (core.errors).
handler500 = "core.errors.server_error"
