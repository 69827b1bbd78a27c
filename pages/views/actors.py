"""The responsible actors and what the programme asks of each."""

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from programme.models import Actor

from ..listing import current_programme_or_404


@require_safe
def actor_list(request):
    programme = current_programme_or_404(request)
    actors = Actor.objects.annotate(
        activity_count=Count(
            "responsibilities", filter=Q(responsibilities__activity__programme=programme)
        )
    ).order_by("kind", "name_en", "pk")
    return render(request, "pages/actor_list.html", {"programme": programme, "actors": actors})


@require_safe
def actor_detail(request, slug):
    actor = get_object_or_404(Actor, slug=slug)
    programme = current_programme_or_404(request)
    responsibilities = (
        actor.responsibilities.filter(activity__programme=programme)
        .select_related("activity__issue__objective", "activity__status")
        .order_by("activity__sort_key", "pk")
    )
    return render(
        request,
        "pages/actor_detail.html",
        {"actor": actor, "programme": programme, "responsibilities": responsibilities},
    )
