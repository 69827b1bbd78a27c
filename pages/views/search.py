"""Search across activities, species, range states, landscapes and actors."""

from django.db.models import Q
from django.shortcuts import render
from django.views.decorators.http import require_safe

from programme.filtersets import ActivityFilterSet
from programme.models import Activity, Actor
from rangestates.models import Landscape, RangeState
from species.models import Species

from ..listing import current_programme_or_404, filtered_activities


@require_safe
def search(request):
    """Activities, species, range states, landscapes and actors matching every word."""
    programme = current_programme_or_404(request)
    query = " ".join(request.GET.get("q", "").split())[:200]
    context = {
        "programme": programme,
        "query": query,
        "search_query": query,
        "searched": bool(query),
    }
    if query:
        words = query.split()
        filterset = ActivityFilterSet(
            {"q": query},
            queryset=Activity.objects.in_programme(programme).for_public_listing(),
            request=request,
        )
        context.update(
            activities=list(filtered_activities(filterset)),
            species=list(
                Species.objects.filter(
                    _all_words(words, "common_name", "other_names", "scientific_name", "slug")
                ).order_by("position", "slug")
            ),
            range_states=list(
                RangeState.objects.filter(_all_words(words, "name", "iso_code")).order_by(
                    "name_en", "pk"
                )
            ),
            landscapes=list(
                Landscape.objects.filter(_all_words(words, "name")).order_by("position", "slug")
            ),
            actors=list(
                Actor.objects.filter(_all_words(words, "name", "slug")).order_by("name_en", "pk")
            ),
        )
        context["result_count"] = sum(
            len(context[k])
            for k in ("activities", "species", "range_states", "landscapes", "actors")
        )
    return render(request, "pages/search.html", context)


TRANSLATED = {"common_name", "other_names", "name"}


def _all_words(words, *fields):
    """Every word in one of `fields` (translated ones in every language, so that a search
    in French also finds a record only named in English)."""
    condition = Q()
    for word in words:
        any_field = Q()
        for field in fields:
            columns = (
                [f"{field}_{lang}" for lang in ("en", "fr", "ru")]
                if field in TRANSLATED
                else [field]
            )
            for column in columns:
                any_field |= Q(**{f"{column}__icontains": word})
        condition &= any_field
    return condition
