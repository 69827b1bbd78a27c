"""The implementation review of a cycle: the secretariat's draft (a page, the PDF and the
Word document, in every language) and its publication; the public pages of a published
review. What the review holds is built by `reporting.review_document`."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language, override
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from ..models import DraftReviewFile, PublishedReview, ReportingCycle, ReviewFormat
from ..review_document import background, publishing
from ..review_document.content import build_review
from ..review_document.pdf import review_context


def _language(request):
    """The language asked for with ?lang=, else the page's; 404 for one the site lacks."""
    language = request.GET.get("lang") or get_language()
    if language not in publishing.languages():
        raise Http404("Unknown language.")
    return language


def _format(fmt):
    if fmt not in ReviewFormat.values:
        raise Http404("Unknown format.")
    return fmt


def _file_response(data, fmt, filename):
    response = HttpResponse(data, content_type=publishing.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


def _language_links():
    return [(code, name) for code, name in settings.LANGUAGES]


@require_safe
def cycle_review(request, cycle_pk):
    """The secretariat's page of a cycle's review: the review as it stands, its files in
    every language, and its publications."""
    publishing.require_review_access(request.user)
    cycle = get_object_or_404(ReportingCycle, pk=cycle_pk)
    content = build_review(cycle)
    return render(
        request,
        "reporting/review_document/cycle_review.html",
        {
            **review_context(content),
            "cycle": cycle,
            "review_languages": _language_links(),
            "publications": cycle.published_reviews.all(),
        },
    )


@require_safe
def review_file(request, cycle_pk, fmt):
    """The review of a cycle as it stands now, as a PDF or a Word document (?lang=). A large
    cycle's file is made in the background: until it is ready, a page shows its progress
    and reloads itself (202)."""
    publishing.require_review_access(request.user)
    cycle = get_object_or_404(ReportingCycle, pk=cycle_pk)
    fmt, language = _format(fmt), _language(request)
    stamp = timezone.localdate().isoformat()
    filename = f"cami-review-{cycle.pk}-{language}-{stamp}"
    report_count, reports_stamp = background.cycle_stamp(cycle)
    if not background.in_background(report_count):
        data = publishing.draft_file(cycle, fmt, language, by=request.user)
        return _file_response(data, fmt, filename)
    job = background.request_file(cycle, fmt, language, reports_stamp)
    if job.state == DraftReviewFile.State.READY:
        return _file_response(bytes(job.data), fmt, filename)
    return render(
        request,
        "reporting/review_document/progress.html",
        {"cycle": cycle, "job": job, "reports": report_count},
        status=202,
    )


@require_POST
def publish(request, cycle_pk):
    publishing.require_review_access(request.user)
    cycle = get_object_or_404(ReportingCycle, pk=cycle_pk)
    if request.POST.get("confirm") != "publish":
        # Only the page's button publishes: a bare POST changes nothing.
        return HttpResponseBadRequest(_("Publish the review with the button on its page."))
    review = publishing.publish_review(cycle, by=request.user)
    messages.success(request, _("The review was published."))
    return redirect(review.get_absolute_url())


@require_safe
def published_review(request, pk):
    """A published review's public page: its content as published, and its files."""
    review = get_object_or_404(PublishedReview.objects.select_related("cycle"), pk=pk)
    language = get_language()
    content = review.content_in(language)
    with override(content["language"]):
        context = review_context(
            content, published_at=publishing.published_date(review, language)
        )
    return render(
        request,
        "reporting/review_document/published.html",
        {**context, "review": review, "review_languages": _language_links()},
    )


@require_safe
def published_review_file(request, pk, fmt):
    review = get_object_or_404(PublishedReview, pk=pk)
    fmt, language = _format(fmt), _language(request)
    data = publishing.published_file(review, fmt, language)
    stamp = timezone.localtime(review.published_at).date().isoformat()
    return _file_response(data, fmt, f"cami-review-{review.cycle_id}-{language}-{stamp}")


@require_safe
def published_reviews(request):
    reviews = PublishedReview.objects.select_related("cycle")
    return render(request, "reporting/review_document/published_list.html", {"reviews": reviews})
