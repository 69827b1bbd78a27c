"""Public pages of the range states and landscapes."""

from django.db.models import (
    BooleanField,
    Count,
    ExpressionWrapper,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from programme.linked import state_landscapes, state_species
from programme.models import Activity
from rangestates.models import Landscape, RangeState
from reporting import public as public_reports
from species.models import Species

from ..entries import report_entries
from ..listing import attach_issues, current_programme_or_404, programme_issues
from ..rows import activity_rows


@require_safe
def range_state_list(request):
    programme = current_programme_or_404(request)
    states = public_reports.range_states_with_reporting(
        programme,
        # The activities its page lists as its own (named for it or one of its landscapes).
        RangeState.objects.annotate(
            activity_count=Coalesce(
                Subquery(
                    Activity.objects.in_programme(programme)
                    .filter(pk__in=Activity.objects.naming_range_state(OuterRef(OuterRef("pk"))))
                    .order_by()
                    .values("programme")
                    .annotate(total=Count("pk"))
                    .values("total")[:1],
                    output_field=IntegerField(),
                ),
                Value(0),
            )
        ),
    )
    landscapes = Landscape.objects.prefetch_related("range_states").order_by("position", "slug")
    return render(
        request,
        "pages/rangestate_list.html",
        {
            "programme": programme,
            "states": states,
            "map": public_reports.range_state_map(states),
            "reporting_levels": public_reports.REPORTING_LEVELS,
            "landscapes": landscapes,
        },
    )


@require_safe
def range_state_detail(request, iso_code):
    state = get_object_or_404(RangeState, iso_code=iso_code.upper())
    programme = current_programme_or_404(request)
    activities = Activity.objects.in_programme(programme)
    # Named for the country or one of its landscapes; then those named for no country, which
    # concern every range state (the scope its focal points report on).
    named_ids = activities.naming_range_state(state).values("pk")
    # Both lists in one query, each row with its issue and programme as the page read them
    # once (`attach_issues`), not joined to every row.
    in_scope = attach_issues(
        list(
            public_reports.activities_concerning(state, activities)
            .annotate(named=ExpressionWrapper(Q(pk__in=named_ids), output_field=BooleanField()))
            .for_public_rows(joined=False)
        ),
        programme_issues(programme),
        programme,
    )
    named = [activity for activity in in_scope if activity.named]
    general = [activity for activity in in_scope if not activity.named]
    public_reports.attach_state_statuses(state, in_scope)
    reports, reports_total = public_reports.accepted_reports_for_state(state, programme)
    links = {"programme": programme, "request": request}
    return render(
        request,
        "pages/rangestate_detail.html",
        {
            "state": state,
            "programme": programme,
            "activities": named,
            "rows": activity_rows(named, links, state_column=True),
            "general_activities": general,
            "general_rows": activity_rows(general, links, state_column=True),
            "landscapes": state_landscapes(state),
            "species_list": state_species(programme, state),
            "reports": report_entries(reports, links, hide_cycle=True),
            "reports_total": reports_total,
            "focal_points": public_reports.focal_points_for_state(state),
        },
    )


@require_safe
def landscape_detail(request, slug):
    landscape = get_object_or_404(Landscape, slug=slug)
    programme = current_programme_or_404(request)
    activities = list(
        Activity.objects.in_programme(programme).filter(landscapes=landscape).for_public_listing()
    )
    species = (
        Species.objects.filter(activities__programme=programme, activities__landscapes=landscape)
        .distinct()
        .order_by("position", "slug")
    )
    return render(
        request,
        "pages/landscape_detail.html",
        {
            "landscape": landscape,
            "programme": programme,
            "activities": activities,
            "range_states": landscape.range_states.order_by("name_en", "pk"),
            "species_list": species,
        },
    )
