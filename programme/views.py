from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.generic import DetailView, TemplateView

from .models import Activity, Actor, Issue, Objective, Programme


def current_programme_or_404(request):
    """The programme a page shows: `?programme=<code>`, else the current one."""
    code = request.GET.get("programme")
    if code:
        return get_object_or_404(Programme, code=code)
    programme = Programme.objects.current()
    if programme is None:
        raise Http404("No programme has been loaded yet.")
    return programme


class HomeView(TemplateView):
    template_name = "programme/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        programme = Programme.objects.current()
        context["programme"] = programme
        if programme is not None:
            issues = Issue.objects.filter(programme=programme).annotate(
                activity_count=Count("activities")
            )
            context["objectives"] = (
                Objective.objects.filter(programme=programme)
                .annotate(activity_count=Count("issues__activities"))
                .prefetch_related(Prefetch("issues", queryset=issues))
            )
            context["activity_count"] = sum(o.activity_count for o in context["objectives"])
        return context


class ActivityDetailView(DetailView):
    template_name = "programme/activity_detail.html"
    context_object_name = "activity"

    def get_object(self, queryset=None):
        programme = current_programme_or_404(self.request)
        return get_object_or_404(
            Activity.objects.for_detail().filter(programme=programme), code=self.kwargs["code"]
        )


def actor_detail(request, slug):
    actor = get_object_or_404(Actor, slug=slug)
    programme = current_programme_or_404(request)
    responsibilities = (
        actor.responsibilities.filter(activity__programme=programme)
        .select_related("activity__issue")
        .order_by("activity__sort_key")
    )
    return render(
        request,
        "programme/actor_detail.html",
        {"actor": actor, "programme": programme, "responsibilities": responsibilities},
    )
