"""The activity browser, the programme as CSV, and an activity's page."""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe
from django.views.generic import DetailView

from core.web import filter_status, invalid_filter_csv
from programme.history import status_history
from programme.linked import linked_records
from programme.models import Activity
from programme.services import status_of
from reporting import public as public_reports

from .. import exports
from ..entries import report_entries
from ..listing import (
    active_filter_chips,
    activity_filterset,
    attach_issues,
    current_programme_or_404,
    dress_filter_form,
    filtered_activities,
    is_filtered,
    programme_issues,
)
from ..rows import activity_rows
from ..switcher import programme_switcher

# --- Programme browser and downloads ------------------------------------------------------


@require_safe
def activity_browser(request):
    programme = current_programme_or_404(request)
    filterset = activity_filterset(request, programme, joined=False)
    issues = programme_issues(programme)
    dress_filter_form(filterset, programme, issues)
    activities = attach_issues(list(filtered_activities(filterset)), issues, programme)
    public_reports.attach_country_pictures(activities)
    filtered = is_filtered(filterset)
    ordering = filterset.form.data.get("ordering") if filterset.is_bound else None
    query = request.GET.urlencode()
    return render(
        request,
        "pages/activity_browser.html",
        {
            "programme": programme,
            "programme_switcher": programme_switcher(request, programme),
            "filterset": filterset,
            "form": filterset.form,
            "activities": activities,
            "rows": activity_rows(
                activities, {"programme": programme, "request": request}, country_column=True
            ),
            "filtered": filtered,
            "grouped": not ordering,
            "chips": active_filter_chips(request, filterset),
            "query": query,
        },
        status=filter_status(filterset),
    )


@require_safe
def programme_csv(request):
    """The (filtered) programme as CSV, one activity a row, in the current language."""
    programme = current_programme_or_404(request)
    filterset = activity_filterset(request, programme)
    if (invalid := invalid_filter_csv(filterset)) is not None:
        return invalid
    return exports.programme_csv(
        programme,
        filtered_activities(filterset).prefetch_related(
            "subactivities", "species", "range_states", "landscapes", "responsibilities__actor"
        ),
    )


class ActivityDetailView(DetailView):
    template_name = "pages/activity_detail.html"
    context_object_name = "activity"

    def get_object(self, queryset=None):
        self.programme = current_programme_or_404(self.request)
        # The linked records are read by `linked_records`, not prefetched.
        return get_object_or_404(
            Activity.objects.select_related("issue__objective", "programme", "status").filter(
                programme=self.programme
            ),
            code=self.kwargs["code"],
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        activity = self.object
        status = status_of(activity)
        history = status_history(status) if status.pk else []
        reports_by_state = public_reports.accepted_reports_for_activity(activity)
        links = {"programme": self.programme, "request": self.request}
        linked = linked_records(activity)
        # All groups' entries at once: what they share is made once for the page.
        report_entries(
            [entry for group in reports_by_state for entry in group.entries],
            links,
            hide_activity=True,
        )
        context.update(
            programme=self.programme,
            status=status,
            status_history=history,
            linked=linked,
            referenced_by=linked.referenced_by,
            reports_by_state=reports_by_state,
            reports_per_subject=public_reports.REPORTS_PER_SUBJECT,
            reports_total=public_reports.accepted_report_count_for_activity(activity),
            state_statuses=public_reports.state_statuses_for_activity(activity),
            # What it continues (crosswalk), with each earlier activity's per-country statuses.
            earlier=[
                (earlier, public_reports.state_statuses_for_activity(earlier))
                for earlier in linked.continues
            ],
        )
        context["country_picture"] = public_reports.country_picture(context["state_statuses"])
        return context
