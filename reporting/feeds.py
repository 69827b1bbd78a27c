"""An Atom feed of newly accepted reports (Django's syndication framework), for partners who
follow the progress without polling the API: `/reporting/reports/feed/`, filtered as the list
of accepted reports is (`?range_state=KG&species=saiga&activity=2.3.15`, the shared
`ReportFilterSet`); an invalid filter is a 400."""

from django.contrib.syndication.views import Feed
from django.http import HttpResponseBadRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from .filtersets import ReportFilterSet
from .models import Report

FEED_FILTERS = ("range_state", "species", "activity")
FEED_LENGTH = 50


class InvalidFilter(Exception):
    def __init__(self, errors):
        self.errors = errors


def _with_query(url, filterset):
    query = filterset.data.urlencode()
    return f"{url}?{query}" if query else url


class AcceptedReportsFeed(Feed):
    feed_type = Atom1Feed

    def __call__(self, request, *args, **kwargs):
        try:
            return super().__call__(request, *args, **kwargs)
        except InvalidFilter as invalid:
            return HttpResponseBadRequest(
                "\n".join(f"{name}: {' '.join(errors)}" for name, errors in invalid.errors.items()),
                content_type="text/plain; charset=utf-8",
            )

    def get_object(self, request, *args, **kwargs):
        data = request.GET.copy()
        for name in list(data):
            if name not in FEED_FILTERS:
                raise InvalidFilter({name: [_("Unknown parameter.")]})
        filterset = ReportFilterSet(
            data,
            queryset=Report.objects.accepted().for_listing().order_by("-accepted_at", "-pk"),
        )
        if not filterset.is_valid():
            raise InvalidFilter({k: [str(e) for e in v] for k, v in filterset.errors.items()})
        return filterset

    def title(self, filterset):
        return _("CAMI Portal: newly accepted reports")

    def subtitle(self, filterset):
        return _("Progress reports on the Programme of Work accepted by the CMS Secretariat.")

    def link(self, filterset):
        return _with_query(reverse("reporting:accepted"), filterset)

    def feed_url(self, filterset):
        return _with_query(reverse("reporting:feed"), filterset)

    def items(self, filterset):
        return filterset.qs[:FEED_LENGTH]

    def item_title(self, report):
        return str(report)

    def item_description(self, report):
        return Truncator(report.progress).words(80) or report.get_status_display()

    def item_link(self, report):
        return report.get_absolute_url()

    def item_pubdate(self, report):
        return report.accepted_at

    def item_updateddate(self, report):
        return report.updated_at

    def item_categories(self, report):
        subject = report.range_state.iso_code if report.range_state else report.species.slug
        return [report.activity.code, subject, report.status]
