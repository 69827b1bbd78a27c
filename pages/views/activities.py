"""The activity browser, the programme as CSV, and an activity's page."""

from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django.views.generic import DetailView

from core.web import SafeCsvWriter, csv_response, filter_status, invalid_filter_csv
from programme.choices import ImplementationStatus
from programme.models import Activity
from programme.services import status_of
from reporting import public as public_reports

from ..listing import (
    active_filter_chips,
    activity_filterset,
    current_programme_or_404,
    dress_filter_form,
    filtered_activities,
    is_filtered,
)

# --- Programme browser and downloads ------------------------------------------------------


@require_safe
def activity_browser(request):
    programme = current_programme_or_404(request)
    filterset = activity_filterset(request, programme)
    dress_filter_form(filterset, programme)
    activities = list(filtered_activities(filterset))
    filtered = is_filtered(filterset)
    ordering = filterset.form.data.get("ordering") if filterset.is_bound else None
    query = request.GET.urlencode()
    return render(
        request,
        "pages/activity_browser.html",
        {
            "programme": programme,
            "filterset": filterset,
            "form": filterset.form,
            "activities": activities,
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
    activities = filtered_activities(filterset).prefetch_related("subactivities")
    response = csv_response(f"{programme.code}-activities.csv")
    writer = SafeCsvWriter(response)
    writer.writerow(
        [
            _("Number"), _("Objective"), _("Issue"), _("Sub-heading"), _("Activity"),
            _("Sub-items"), _("Priority"), _("Priority as worded"), _("Status"), _("Status as of"),
            _("Responsible actors"), _("Species"), _("Range states"), _("Landscapes"),
        ]
    )  # fmt: skip
    for activity in activities:
        status = activity_status(activity)
        writer.writerow(
            [
                activity.code,
                activity.issue.objective.number,
                f"{activity.issue.code} {activity.issue.title}",
                activity.heading,
                activity.text,
                "; ".join(f"{sub.letter}) {sub.text}" for sub in activity.subactivities.all()),
                activity.get_priority_display(),
                activity.priority_text,
                status.get_status_display(),
                status.status_date.isoformat() if status.status_date else "",
                "; ".join(responsibility_label(r) for r in activity.responsibilities.all()),
                "; ".join(str(s) for s in activity.species.all()),
                "; ".join(str(s) for s in activity.range_states.all()),
                "; ".join(str(s) for s in activity.landscapes.all()),
            ]
        )
    return response


def responsibility_label(responsibility):
    label = str(responsibility.actor)
    if responsibility.qualifier:
        label += f" ({responsibility.qualifier})"
    if responsibility.proposed:
        label += " " + _("(to be confirmed)")
    return label


def activity_status(activity):
    """The activity's recorded status, or an unsaved "not started" one."""
    return status_of(activity)


def status_history(status):
    """The status's changes, newest first, as the public reads them. The empty "not started"
    record every activity starts with (the loader creates it) is not a change, and a change
    that repeats the one before it is left out."""
    kept = []
    for entry in status.history.order_by("history_date", "history_id"):
        placeholder = (
            entry.status == ImplementationStatus.NOT_STARTED
            and not entry.note
            and entry.status_date is None
        )
        if not kept and placeholder:
            continue
        seen = (entry.status, entry.note, entry.status_date)
        if kept and seen == (kept[-1].status, kept[-1].note, kept[-1].status_date):
            continue
        kept.append(entry)
    return kept[::-1]


class ActivityDetailView(DetailView):
    template_name = "pages/activity_detail.html"
    context_object_name = "activity"

    def get_object(self, queryset=None):
        self.programme = current_programme_or_404(self.request)
        return get_object_or_404(
            Activity.objects.for_public_detail().filter(programme=self.programme),
            code=self.kwargs["code"],
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        activity = self.object
        status = activity_status(activity)
        history = status_history(status) if status.pk else []
        context.update(
            programme=self.programme,
            status=status,
            status_history=history,
            referenced_by=activity.referenced_by.order_by("sort_key"),
            reports_by_state=public_reports.accepted_reports_for_activity(activity),
            reports_per_subject=public_reports.REPORTS_PER_SUBJECT,
            reports_total=public_reports.accepted_report_count_for_activity(activity),
            state_statuses=public_reports.state_statuses_for_activity(activity),
        )
        return context
