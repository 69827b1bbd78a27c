from django.urls import path

from cami_portal.readcache import cache_public_page

from . import views

app_name = "rangestates"

urlpatterns = [
    path("", cache_public_page(views.range_state_list), name="list"),
    path("landscapes/<slug:slug>/", cache_public_page(views.landscape_detail), name="landscape"),
    path("<str:iso_code>/", cache_public_page(views.range_state_detail), name="detail"),
]
