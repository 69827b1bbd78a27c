"""The national report: all of a focal point's reports in one cycle, as one document to
circulate (in a ministry, say) before submitting them: a page, printable, and a PDF laid out
by WeasyPrint with the implementation review's print setup.

Who may read it is decided here, once, for the page and the PDF: the focal point themselves
and the secretariat. What it holds is what the focal point sees of their subjects' reports
in the cycle: their own at any state and the accepted ones (`Report.objects.visible_to`)."""

from django.db.models import Prefetch, Q
from django.http import Http404
from django.template.loader import render_to_string
from django.utils import timezone

from .access import can_review, focal_point_of
from .models import Report, ReportAttachment, ReportLink


def may_read(user, focal_point) -> bool:
    """The focal point themselves (while active), or an officer of the secretariat."""
    if can_review(user):
        return True
    own = focal_point_of(user)
    return own is not None and own.pk == focal_point.pk


def require_read(user, focal_point):
    """A 404 for anyone else, so that the page does not tell who reports."""
    if not may_read(user, focal_point):
        raise Http404("No national report here.")


def subjects(focal_point):
    """The range states and species the focal point reports for, in a fixed order."""
    return (
        list(focal_point.range_states.order_by("name_en", "pk")),
        list(focal_point.species.order_by("position", "slug")),
    )


def reports(focal_point, cycle, states=None, species=None):
    """The focal point's reports in the cycle, in the programme's order, grouped by subject
    in `sections`; a fixed number of queries however many there are."""
    if states is None or species is None:
        states, species = subjects(focal_point)
    return list(
        Report.objects.visible_to(focal_point.user)
        .filter(cycle=cycle)
        .filter(Q(range_state__in=states) | Q(species__in=species))
        .select_related("activity__issue__objective", "range_state", "species", "author")
        .prefetch_related(
            Prefetch("links", queryset=ReportLink.objects.order_by("pk")),
            Prefetch("attachments", queryset=ReportAttachment.objects.order_by("pk")),
        )
        .order_by("activity__sort_key", "range_state__name_en", "species__position", "pk")
    )


def sections(focal_point, cycle):
    """[(subject, [report, …])] for each range state, then each species, of the focal point
    (a subject without a report is listed, empty)."""
    states, species = subjects(focal_point)
    found = reports(focal_point, cycle, states, species)
    by_state = {state.pk: [] for state in states}
    by_species = {item.pk: [] for item in species}
    for report in found:
        report.cycle = cycle
        if report.range_state_id:
            by_state[report.range_state_id].append(report)
        else:
            by_species[report.species_id].append(report)
    return [(state, by_state[state.pk]) for state in states] + [
        (item, by_species[item.pk]) for item in species
    ]


def context(focal_point, cycle):
    parts = sections(focal_point, cycle)
    return {
        "focal_point": focal_point,
        "cycle": cycle,
        "sections": parts,
        "report_count": sum(len(found) for _subject, found in parts),
        "made_on": timezone.localdate(),
    }


def render_pdf(focal_point, cycle, *, base_url=None) -> bytes:
    from weasyprint import HTML  # loaded on demand: it brings in Pango

    html = render_to_string("reporting/national_report_print.html", context(focal_point, cycle))
    return HTML(string=html, base_url=base_url or ".").write_pdf()
