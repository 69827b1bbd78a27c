from django.shortcuts import get_object_or_404, render

from programme.views import current_programme_or_404

from .models import Species


def species_detail(request, slug):
    species = get_object_or_404(Species, slug=slug)
    programme = current_programme_or_404(request)
    activities = species.activities.filter(programme=programme).select_related("issue")
    return render(
        request,
        "species/species_detail.html",
        {"species": species, "programme": programme, "activities": activities},
    )
