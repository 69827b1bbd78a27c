"""The home page: the programme at a glance, reporting by range state, latest reports."""

from django.db.models import Prefetch
from django.views.generic import TemplateView

from core.web import shares
from programme.choices import ImplementationStatus
from programme.models import Activity, Issue, Objective
from reporting import public as public_reports
from species.choices import SpeciesScope

from ..entries import report_entries
from ..listing import PRIORITY_ORDER, STATUS_ORDER
from ..switcher import programme_switcher, requested_programme


class HomeView(TemplateView):
    template_name = "pages/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        programme = requested_programme(self.request)
        context["programme"] = programme
        if programme is None:
            return context
        context["programme_switcher"] = programme_switcher(self.request, programme)
        activities = Activity.objects.in_programme(programme)
        status_counts = activities.status_counts()
        total = sum(status_counts.values())
        by_objective = activities.status_counts_by_objective()
        objectives = list(
            Objective.objects.filter(programme=programme).prefetch_related(
                Prefetch("issues", queryset=Issue.objects.order_by("sort_key"))
            )
        )
        for objective in objectives:
            counts = by_objective.get(objective.pk, {})
            objective.activity_count = sum(counts.values())
            objective.completed_count = counts.get(ImplementationStatus.COMPLETED, 0)
            objective.shares = shares(counts, STATUS_ORDER)
        states = public_reports.range_states_with_reporting(programme, report_counts=False)
        country_picture = public_reports.programme_country_picture(programme)
        context.update(
            country_picture=country_picture,
            country_shares=shares(country_picture["by_status"], STATUS_ORDER),
            activity_count=total,
            objectives=objectives,
            status_shares=shares(status_counts, STATUS_ORDER),
            priority_shares=shares(activities.priority_counts(), PRIORITY_ORDER),
            species_count=programme.species_scope.filter(scope=SpeciesScope.INITIATIVE).count(),
            range_states=states,
            map=public_reports.range_state_map(states),
            outline_map=public_reports.range_state_outline_map(states, total),
            reporting_levels=public_reports.REPORTING_LEVELS,
            latest_reports=report_entries(
                public_reports.latest_accepted_reports(programme, limit=6),
                {"programme": programme, "request": self.request},
                show_state=True,
            ),
        )
        return context
