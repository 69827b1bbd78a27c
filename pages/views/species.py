"""Public pages of the species."""

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from programme.models import Activity
from rangestates.models import Landscape, RangeState
from species.choices import SpeciesScope
from species.models import Species

from ..listing import current_programme_or_404


@require_safe
def species_list(request):
    programme = current_programme_or_404(request)
    species = Species.objects.annotate(
        activity_count=Count("activities", filter=Q(activities__programme=programme))
    ).order_by("position", "slug")
    groups = [(scope, [s for s in species if s.scope == scope.value]) for scope in SpeciesScope]
    return render(
        request,
        "pages/species_list.html",
        {"programme": programme, "groups": [(s, items) for s, items in groups if items]},
    )


@require_safe
def species_detail(request, slug):
    species = get_object_or_404(Species, slug=slug)
    programme = current_programme_or_404(request)
    activities = list(
        Activity.objects.in_programme(programme).filter(species=species).for_public_listing()
    )
    naming = Activity.objects.in_programme(programme).filter(species=species)
    return render(
        request,
        "pages/species_detail.html",
        {
            "species": species,
            "programme": programme,
            "activities": activities,
            "range_states": RangeState.objects.filter(
                Q(activities__in=naming) | Q(landscapes__activities__in=naming)
            )
            .distinct()
            .order_by("name_en", "pk"),
            "landscapes": Landscape.objects.filter(activities__in=naming)
            .distinct()
            .order_by("position", "slug"),
        },
    )
