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
from ..forms import (
    BatchStatusFormSet,
)
from ..models import Report, ReportingCycle
from ..querysets import activities_in_scope
from .common import (
    report_url,
    resolve_subject,
    subject_kwargs,
)


@login_required
def batch(request, cycle_pk, segment, key):
    """Fill the status of many activities in one go, before going into detail."""
    cycle = get_object_or_404(ReportingCycle.objects.select_related("programme"), pk=cycle_pk)
    subject = resolve_subject(segment, key)
    if not services.reports_for(request.user, **subject_kwargs(subject)) or not cycle.has_opened():
        raise Http404("Not a subject this user reports for.")
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
            reports[activity.pk].author_id == request.user.pk
            and reports[activity.pk].state in ReportState.editable()
        )
    ]
    initial = [
        {
            "activity": activity.pk,
            "version": reports[activity.pk].version if activity.pk in reports else None,
            "status": reports[activity.pk].status if activity.pk in reports else "",
        }
        for activity in editable
    ]
    # A POST answered with the page again was refused (a successful one is redirected).
    answer = 400 if request.method == "POST" else 200
    if request.method == "POST":
        formset = BatchStatusFormSet(request.POST, initial=initial, prefix="rows")
        if formset.is_valid():
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
            try:
                services.save_statuses(cycle, by=request.user, rows=rows, **subject_kwargs(subject))
            except PermissionDenied as exc:
                messages.error(request, str(exc))
                answer = 403
            except ValidationError as exc:
                for message in exc.messages:
                    messages.error(request, message)
            else:
                messages.success(
                    request,
                    ngettext(
                        "%(count)d status was saved in your drafts.",
                        "%(count)d statuses were saved in your drafts.",
                        len(rows),
                    )
                    % {"count": len(rows)},
                )
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
