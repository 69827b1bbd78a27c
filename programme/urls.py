from django.urls import path

from . import views

app_name = "programme"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("activities/", views.activity_browser, name="activities"),
    path("activities/<str:code>/", views.ActivityDetailView.as_view(), name="activity"),
    path("actors/", views.actor_list, name="actors"),
    path("actors/<slug:slug>/", views.actor_detail, name="actor"),
    path("matrix/", views.matrix, name="matrix"),
    path("search/", views.search, name="search"),
    path("downloads/programme.csv", views.programme_csv, name="programme_csv"),
    path("downloads/matrix.csv", views.matrix_csv, name="matrix_csv"),
]
