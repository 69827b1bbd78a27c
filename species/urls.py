from django.urls import path

from . import views

app_name = "species"

urlpatterns = [
    path("", views.species_list, name="list"),
    path("<slug:slug>/", views.species_detail, name="detail"),
]
