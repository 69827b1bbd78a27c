"""The focal point's batch page: the statuses of many activities set at once, as drafts."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import ngettext

from programme.models import Activity

from .. import services
from ..choices import ReportState
from ..forms import BatchStatusFormSet
from ..models import Report, ReportingCycle
from ..querysets import activities_in_scope
from .common import (
    report_url,
    resolve_subject,
    subject_kwargs,
)


def _scope_and_reports(user, cycle, subject):
    """The activities the subject reports on, its reports in the cycle by activity, and the
    activities this user may still set a status for (no report yet, or their own draft)."""
    scope = list(
        activities_in_scope(
            Activity.objects.filter(programme=cycle.programme_id).select_related(
                "issue__objective"
            ),
            **subject_kwargs(subject),
        )
    )
    reports = {
        report.activity_id: report
        for report in Report.objects.filter(cycle=cycle, **subject_kwargs(subject)).select_related(
            "author"
        )
    }
    editable = [
        activity
        for activity in scope
        if activity.pk not in reports
        or (
            reports[activity.pk].author_id == user.pk
            and reports[activity.pk].state in ReportState.editable()
        )
    ]
    return scope, reports, editable


def _changed_rows(formset, editable):
    """(activity, status, version) of each row the focal point changed, on an activity they
    may still edit."""
    by_pk = {activity.pk: activity for activity in editable}
    rows = []
    for form in formset.forms:
        if not form.has_changed():
            continue
        activity = by_pk.get(form.cleaned_data["activity"])
        if activity is None:
            continue  # not (or no longer) editable by this user
        status = form.cleaned_data["status"]
        version = form.cleaned_data["version"]
        if version is None and not status:
            continue
        rows.append((activity, status, version))
    return rows


def _save(request, cycle, subject, rows) -> int | None:
    """Save the rows through the service: None when saved, else the status of the page that
    shows why not."""
    try:
        services.save_statuses(cycle, by=request.user, rows=rows, **subject_kwargs(subject))
    except PermissionDenied as exc:
        messages.error(request, str(exc))
        return 403
    except services.AlreadySubmitted as exc:
        messages.error(request, exc.messages[0])
        return 409
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return 400
    messages.success(
        request,
        ngettext(
            "%(count)d status was saved in your drafts.",
            "%(count)d statuses were saved in your drafts.",
            len(rows),
        )
        % {"count": len(rows)},
    )
    return None


@login_required
def batch(request, cycle_pk, segment, key):
    """Fill the status of many activities in one go, before going into detail."""
    cycle = get_object_or_404(ReportingCycle.objects.select_related("programme"), pk=cycle_pk)
    subject = resolve_subject(segment, key)
    if not services.reports_for(request.user, **subject_kwargs(subject)) or not cycle.has_opened():
        raise Http404("Not a subject this user reports for.")
    scope, reports, editable = _scope_and_reports(request.user, cycle, subject)
    initial = [
        {
            "activity": activity.pk,
            "version": reports[activity.pk].version if activity.pk in reports else None,
            "status": reports[activity.pk].status if activity.pk in reports else "",
        }
        for activity in editable
    ]
    answer = 200
    if request.method == "POST":
        formset = BatchStatusFormSet(request.POST, initial=initial, prefix="rows")
        # A POST answered with the page again was refused (a successful one is redirected).
        answer = 400
        if formset.is_valid():
            answer = _save(request, cycle, subject, _changed_rows(formset, editable))
            if answer is None:
                return redirect(request.get_full_path())
    else:
        formset = BatchStatusFormSet(initial=initial, prefix="rows")
    forms_by_activity = {form.initial["activity"]: form for form in formset.forms}
    rows = [
        {
            "activity": activity,
            "report": reports.get(activity.pk),
            "form": forms_by_activity.get(activity.pk),
            "url": report_url(cycle, subject, activity),
        }
        for activity in scope
    ]
    return render(
        request,
        "reporting/batch.html",
        {"cycle": cycle, "subject": subject, "formset": formset, "rows": rows},
        status=answer,
    )
