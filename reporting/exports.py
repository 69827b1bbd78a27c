"""The secretariat's export of a cycle's reports, to XLSX and CSV (django-import-export),
defined once here. What focal points wrote never becomes a formula (core/exports.py); the
API's CSV of reports is reporting/api/csv.py, through the same rule."""

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources

from core.exports import safe_cell

from .models import Report


class ReportResource(resources.ModelResource):
    cycle = fields.Field(attribute="cycle__name", column_name=_("Cycle"))
    activity = fields.Field(attribute="activity__code", column_name=_("Activity"))
    objective = fields.Field(
        attribute="activity__issue__objective__number", column_name=_("Objective")
    )
    range_state = fields.Field(column_name=_("Range state"))
    iso_code = fields.Field(attribute="range_state__iso_code", column_name=_("ISO code"))
    species = fields.Field(column_name=_("Species"))
    author = fields.Field(column_name=_("Focal point"))
    state = fields.Field(column_name=_("State"))
    status = fields.Field(column_name=_("Implementation status"))
    status_code = fields.Field(attribute="status", column_name=_("Status code"))
    progress = fields.Field(attribute="progress", column_name=_("What was done"))
    results = fields.Field(attribute="results", column_name=_("Results achieved"))
    obstacles = fields.Field(attribute="obstacles", column_name=_("Obstacles"))
    next_steps = fields.Field(attribute="next_steps", column_name=_("Next steps"))
    partners = fields.Field(attribute="partners", column_name=_("Partners involved"))
    funding_amount = fields.Field(attribute="funding_amount", column_name=_("Funding used"))
    funding_currency = fields.Field(attribute="funding_currency", column_name=_("Currency"))
    funding_source = fields.Field(attribute="funding_source", column_name=_("Source of funding"))
    links = fields.Field(column_name=_("Links"))
    attachments = fields.Field(column_name=_("Attachments"))
    submitted_at = fields.Field(attribute="submitted_at", column_name=_("Submitted"))
    accepted_at = fields.Field(attribute="accepted_at", column_name=_("Accepted"))

    class Meta:
        model = Report
        # Only the columns declared above, in this order.
        fields = (
            "cycle", "objective", "activity", "range_state", "iso_code", "species", "author",
            "state", "status", "status_code", "progress", "results", "obstacles", "next_steps",
            "partners", "funding_amount", "funding_currency", "funding_source", "links",
            "attachments", "submitted_at", "accepted_at",
        )  # fmt: skip

    @classmethod
    def queryset_for(cls, cycle):
        return (
            Report.objects.filter(cycle=cycle)
            .for_listing()
            .prefetch_related("links", "attachments")
            .in_natural_order()
        )

    def export_field(self, field, instance, **kwargs):
        return safe_cell(super().export_field(field, instance, **kwargs))

    def dehydrate_range_state(self, report):
        return str(report.range_state) if report.range_state_id else ""

    def dehydrate_species(self, report):
        return str(report.species) if report.species_id else ""

    def dehydrate_author(self, report):
        return report.author.get_full_name() or report.author.get_username()

    def dehydrate_state(self, report):
        return str(report.get_state_display())

    def dehydrate_status(self, report):
        return str(report.get_status_display()) if report.status else ""

    def dehydrate_links(self, report):
        return "\n".join(link.url for link in report.links.all())

    def dehydrate_attachments(self, report):
        return "\n".join(attachment.original_name for attachment in report.attachments.all())


CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def cycle_export(cycle, fmt) -> HttpResponse:
    """The cycle's reports as a file to download, in `fmt` (one of CONTENT_TYPES)."""
    dataset = ReportResource().export(ReportResource.queryset_for(cycle))
    body = dataset.export(fmt)
    if fmt == "csv":
        body = "\ufeff" + body  # a byte-order mark, so that spreadsheet programs read UTF-8
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = (
        f'attachment; filename="cami-reports-{cycle.pk}-{stamp}.{fmt}"'
    )
    return response
