from django.urls import path

from . import views

app_name = "species"

urlpatterns = [
    path("<slug:slug>/", views.species_detail, name="detail"),
]
