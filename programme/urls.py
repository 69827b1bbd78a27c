from django.urls import path

from cami_portal.readcache import cache_public_page

from . import views

app_name = "programme"

urlpatterns = [
    path("", cache_public_page(views.HomeView.as_view()), name="home"),
    path("activities/", cache_public_page(views.activity_browser), name="activities"),
    path(
        "activities/<str:code>/",
        cache_public_page(views.ActivityDetailView.as_view()),
        name="activity",
    ),
    path("actors/", cache_public_page(views.actor_list), name="actors"),
    path("actors/<slug:slug>/", cache_public_page(views.actor_detail), name="actor"),
    path("matrix/", cache_public_page(views.matrix), name="matrix"),
    path("search/", cache_public_page(views.search), name="search"),
    path("downloads/programme.csv", cache_public_page(views.programme_csv), name="programme_csv"),
    path("downloads/matrix.csv", cache_public_page(views.matrix_csv), name="matrix_csv"),
]
