from django.shortcuts import get_object_or_404, render

from programme.views import current_programme_or_404

from .models import Landscape, RangeState


def range_state_detail(request, iso_code):
    state = get_object_or_404(RangeState, iso_code=iso_code.upper())
    programme = current_programme_or_404(request)
    activities = state.activities.filter(programme=programme).select_related("issue")
    return render(
        request,
        "rangestates/rangestate_detail.html",
        {
            "state": state,
            "programme": programme,
            "activities": activities,
            "landscapes": state.landscapes.all(),
        },
    )


def landscape_detail(request, slug):
    landscape = get_object_or_404(Landscape, slug=slug)
    programme = current_programme_or_404(request)
    activities = landscape.activities.filter(programme=programme).select_related("issue")
    return render(
        request,
        "rangestates/landscape_detail.html",
        {
            "landscape": landscape,
            "programme": programme,
            "activities": activities,
            "range_states": landscape.range_states.all(),
        },
    )
