from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

admin.site.site_header = "CAMI Portal administration"
admin.site.site_title = "CAMI Portal"
admin.site.index_title = "Programme of Work of the Central Asian Mammals Initiative"

urlpatterns = [
    path("i18n/setlang/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("", include("programme.urls")),
    path("species/", include("species.urls")),
    path("range-states/", include("rangestates.urls")),
]

if settings.DEBUG:  # pragma: no cover - development helper
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
