"""Search across activities, species, range states, landscapes, actors and accepted reports:
one search (core/search.py), each room answering for its own records."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from core import search as portal_search
from programme.filtersets import ActivityFilterSet
from programme.models import Activity, Actor
from rangestates.models import Landscape, RangeState
from reporting.models import Report
from species.models import Species

from ..listing import current_programme_or_404, filtered_activities

RESULTS = ("activities", "species", "range_states", "landscapes", "actors", "reports")


@require_safe
def search(request):
    """The records matching every word in one language, whatever its inflection, best
    first, with the matching words highlighted."""
    programme = current_programme_or_404(request)
    query = portal_search.normalise(request.GET.get("q", ""))
    context = {
        "programme": programme,
        "query": query,
        "search_query": query,
        "searched": bool(query),
    }
    if query:
        filterset = ActivityFilterSet(
            {"q": query},
            queryset=Activity.objects.in_programme(programme).for_public_listing(),
            request=request,
        )
        context.update(
            activities=list(filtered_activities(filterset)),
            species=list(portal_search.ranked(Species.objects.all(), "species", query)),
            range_states=list(
                portal_search.ranked(RangeState.objects.all(), "rangestate", query)
            ),
            landscapes=list(portal_search.ranked(Landscape.objects.all(), "landscape", query)),
            actors=list(portal_search.ranked(Actor.objects.all(), "actor", query)),
            reports=list(
                portal_search.ranked(
                    Report.objects.accepted().select_related(
                        "activity", "range_state", "species", "cycle"
                    ),
                    "report",
                    query,
                )[:50]
            ),
        )
        context["result_count"] = sum(len(context[k]) for k in RESULTS)
    return render(request, "pages/search.html", context)
