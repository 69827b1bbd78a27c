"""A report's page and its documents, for whoever may see them (the public sees accepted
reports only), and the public list of accepted reports."""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from core.paginator import IdsFirstPaginator
from core.web import filter_status

from .. import public_rows, services
from ..access import can_review
from ..choices import ReportState
from ..files import attachment_response
from ..filtersets import ReportFilterSet, tallied_count
from ..forms import ReviewForm
from ..models import Report, ReportAttachment, ReportTally
from ..querysets import next_to_report
from .common import report_url


@require_safe
def report_detail(request, pk):
    report = get_object_or_404(Report.objects.visible_to(request.user).for_detail(), pk=pk)
    return report_detail_page(request, report, next_url=request.GET.get("next", ""))


def report_detail_page(request, report, *, next_url, review_form=None, status=200):
    reviewer = can_review(request.user)
    author = report.author_id == request.user.pk
    insider = reviewer or author
    following = None
    if author and report.state == ReportState.SUBMITTED:
        activity = next_to_report(report)
        if activity is not None:
            following = {
                "activity": activity,
                "url": report_url(report.cycle, report.subject, activity),
            }
    return render(
        request,
        "reporting/report_detail.html",
        {
            "report": report,
            "insider": insider,
            "reviewer": reviewer,
            "can_edit": services.can_edit(request.user, report),
            "review_form": review_form or (ReviewForm() if reviewer else None),
            "transitions": report.transitions.all() if insider else [],
            "next": next_url,
            "submitted_by_me": author and report.state == ReportState.SUBMITTED,
            "following": following,
            "next_in_queue": Report.objects.waiting_review()
            .select_related("activity", "range_state", "species")
            .exclude(pk=report.pk)
            .first()
            if reviewer
            else None,
            "changes": report.changes_since_return()
            if reviewer and report.state == ReportState.SUBMITTED
            else [],
        },
        status=status,
    )


# --- Attachments --------------------------------------------------------------------------


@require_safe
def attachment(request, pk):
    """A document, to those who may see its report (the public for accepted reports)."""
    document = get_object_or_404(ReportAttachment.objects.visible_to(request.user), pk=pk)
    return attachment_response(request, document)


# --- Public list of accepted reports -------------------------------------------------------


@require_safe
def accepted(request):
    """Newest first (end of the period, then acceptance). The database reads the reports of
    a page cycle by cycle, and sorts their ids before reading the rows of the page."""
    filterset = ReportFilterSet(
        request.GET, queryset=Report.objects.accepted().for_listing().newest_first()
    )
    # The accepted reports, of every cycle or of one: counted by the database's tally.
    page = IdsFirstPaginator(
        filterset.qs if filterset.is_valid() else Report.objects.none(),
        25,
        count=tallied_count(filterset, ReportTally.objects.filter(state=ReportState.ACCEPTED)),
        by_ids=public_rows.rows_by_ids,  # plain rows, as the other public pages read
    ).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "reporting/accepted_list.html",
        {"filterset": filterset, "page": page, "query": query.urlencode()},
        status=filter_status(filterset),
    )
