"""The secretariat's side: the review of a report, the review queue, the bulk acceptance and
the cycle's export. Every decision goes through `reporting.services`."""

from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from core.paginator import IdsFirstPaginator
from core.permissions import read_permissions
from core.web import filter_status

from .. import services
from ..choices import ReportState
from ..exports import CONTENT_TYPES, cycle_export
from ..filtersets import ReviewQueueFilterSet, tallied_count
from ..forms import (
    BulkAcceptForm,
    ReviewForm,
)
from ..models import Report, ReportingCycle, ReportTally
from ..rows import ReviewQueueRows
from .common import require_reviewer, safe_next
from .reports import report_detail_page


@require_POST
def review_report(request, pk):
    report = get_object_or_404(Report.objects.visible_to(request.user), pk=pk)
    require_reviewer(request)
    form = ReviewForm(request.POST)
    action = request.POST.get("action")
    if form.is_valid():
        comment = form.cleaned_data["comment"]
        # The decision applies to the version of the report the reviewer read.
        version = form.cleaned_data["version"]
        try:
            if action == "accept":
                services.accept(report, by=request.user, comment=comment, expected_version=version)
                messages.success(request, _("%(report)s was accepted.") % {"report": report})
            elif action == "return":
                services.return_report(
                    report, by=request.user, comment=comment, expected_version=version
                )
                messages.success(
                    request, _("%(report)s was returned to its author.") % {"report": report}
                )
            elif action == "reopen":
                services.reopen(
                    report,
                    by=request.user,
                    comment=comment,
                    until=form.cleaned_data["until"],
                    expected_version=version,
                )
                messages.success(request, _("%(report)s was reopened.") % {"report": report})
            else:
                raise ValidationError(_("Choose accept, return or reopen."))
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            return redirect(safe_next(request, report.get_absolute_url()))
    # Refused: the report again, with what was typed and why it was refused (the form's
    # errors beside its fields, the rules' in the messages), answered 400.
    report = Report.objects.for_detail().get(pk=report.pk)
    return report_detail_page(
        request,
        report,
        next_url=safe_next(request, ""),
        review_form=form,
        status=400,
    )


# --- The secretariat's side ---------------------------------------------------------------


@login_required
@require_safe
def review_queue(request):
    """Reports by cycle, range state and activity; submitted ones by default."""
    read_permissions(request.user)  # in one query (core/permissions.py)
    require_reviewer(request)
    return _review_queue_page(request, request.GET)


def _review_queue_page(request, query, status=200):
    """The queue filtered by `query` (the page's own, or the one a refused bulk acceptance
    came from)."""
    data = query.copy()
    if "state" not in data:
        data.setlist("state", [ReportState.SUBMITTED])
    # Oldest submissions first: the longest waiting are reviewed first.
    filterset = ReviewQueueFilterSet(
        data, queryset=ReviewQueueRows.reports(ReviewQueueRows.queue())
    )
    reports = filterset.qs if filterset.is_valid() else Report.objects.none()
    counts = ReportTally.objects.by_state()  # every report, counted by the database
    # Counted by the database's tally when only cycles and states are chosen (the default:
    # summed from the counts by state when no cycle is chosen).
    count = tallied_count(filterset, ReportTally.objects.all(), by_state=counts)
    # The page's ids and rows in queries compiled once (reporting/rows.py).
    page = IdsFirstPaginator(
        reports,
        50,
        count=count,
        by_ids=ReviewQueueRows.by_ids,
        ids=ReviewQueueRows.page_ids(filterset) if filterset.is_valid() else None,
    ).get_page(query.get("page"))
    without_page = data.copy()
    without_page.pop("page", None)
    here = reverse("reporting:review") + (f"?{query.urlencode()}" if query else "")
    status = max(status, filter_status(filterset))
    writer = ReviewQueueRows(here)  # each report's row written once (reporting/rows.py)
    rows = [writer.row(report) for report in page.object_list]
    # The exports of the chosen cycle, else of the open ones and the newest: the page stays
    # the same size however many cycles there are (the filter's menu reaches every cycle).
    chosen = filterset.form.cleaned_data.get("cycle") if filterset.is_valid() else None
    if chosen is not None:
        export_cycles = [chosen]
    else:
        export_cycles = list(ReportingCycle.objects.offered_for_export(timezone.localdate()))
    return render(
        request,
        "reporting/review_queue.html",
        {
            "filterset": filterset,
            "page": page,
            "here": here,
            "query": without_page.urlencode(),
            "counts": [
                (value, label, counts.get(value, 0)) for value, label in ReportState.choices
            ],
            "selected_states": data.getlist("state"),
            "export_cycles": export_cycles,
            "cycle_chosen": chosen is not None,
            "rows": rows,
        },
        status=status,
    )


@login_required
@require_POST
def bulk_accept(request):
    require_reviewer(request)
    form = BulkAcceptForm(request.POST)
    back = safe_next(request, reverse("reporting:review"))
    if form.is_valid():
        reports = list(form.cleaned_data["reports"].order_by("pk"))
        try:
            services.accept_bulk(reports, by=request.user)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)d report was accepted.",
                    "%(count)d reports were accepted.",
                    len(reports),
                )
                % {"count": len(reports)},
            )
            return redirect(back)
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    # Refused: the queue the request came from, with why, answered 400 (nothing accepted).
    parts = urlsplit(back)
    query = QueryDict(parts.query) if parts.path == reverse("reporting:review") else QueryDict()
    return _review_queue_page(request, query, status=400)


@login_required
@require_safe
def export(request, cycle_pk, fmt):
    require_reviewer(request)
    cycle = get_object_or_404(ReportingCycle, pk=cycle_pk)
    if fmt not in CONTENT_TYPES:
        raise Http404("Unknown format.")
    return cycle_export(cycle, fmt)
