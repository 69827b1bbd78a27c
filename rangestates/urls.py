from django.urls import path

from . import views

app_name = "rangestates"

urlpatterns = [
    path("", views.range_state_list, name="list"),
    path("landscapes/<slug:slug>/", views.landscape_detail, name="landscape"),
    path("<str:iso_code>/", views.range_state_detail, name="detail"),
]
