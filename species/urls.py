from django.urls import path

from cami_portal.readcache import cache_public_page

from . import views

app_name = "species"

urlpatterns = [
    path("", cache_public_page(views.species_list), name="list"),
    path("<slug:slug>/", cache_public_page(views.species_detail), name="detail"),
]
