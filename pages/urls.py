"""The public pages, under the namespaces of their subjects (`programme:`, `species:`,
`rangestates:`), so that a page's name says what it shows, whichever app it reads."""

from django.urls import include, path

from core.pagecache import cache_public_page
from reporting.scopes import activity_scope, range_state_scope

from .views import activities, actors, home, matrix, rangestates, search, species

programme_patterns = [
    path("", cache_public_page(home.HomeView.as_view()), name="home"),
    path("activities/", cache_public_page(activities.activity_browser), name="activities"),
    path(
        "activities/<str:code>/",
        cache_public_page(activities.ActivityDetailView.as_view(), scope=activity_scope),
        name="activity",
    ),
    path("actors/", cache_public_page(actors.actor_list), name="actors"),
    path("actors/<slug:slug>/", cache_public_page(actors.actor_detail), name="actor"),
    path("matrix/", cache_public_page(matrix.matrix), name="matrix"),
    path("search/", cache_public_page(search.search), name="search"),
    path(
        "downloads/programme.csv",
        cache_public_page(activities.programme_csv),
        name="programme_csv",
    ),
    path("downloads/matrix.csv", cache_public_page(matrix.matrix_csv), name="matrix_csv"),
]

species_patterns = [
    path("", cache_public_page(species.species_list), name="list"),
    path("<slug:slug>/", cache_public_page(species.species_detail), name="detail"),
]

rangestates_patterns = [
    path("", cache_public_page(rangestates.range_state_list), name="list"),
    path(
        "landscapes/<slug:slug>/",
        cache_public_page(rangestates.landscape_detail),
        name="landscape",
    ),
    path(
        "<str:iso_code>/",
        cache_public_page(rangestates.range_state_detail, scope=range_state_scope),
        name="detail",
    ),
]

urlpatterns = [
    path("", include((programme_patterns, "programme"))),
    path("species/", include((species_patterns, "species"))),
    path("range-states/", include((rangestates_patterns, "rangestates"))),
]
