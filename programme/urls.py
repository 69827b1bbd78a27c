from django.urls import path

from . import views

app_name = "programme"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("activities/<str:code>/", views.ActivityDetailView.as_view(), name="activity"),
    path("actors/<slug:slug>/", views.actor_detail, name="actor"),
]
