"""The national report of a focal point in a cycle: a page to read and print, and its PDF
(`reporting.national` holds who may read it and what it holds)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from .. import national
from ..models import FocalPoint, ReportingCycle


def _objects(request, cycle_pk, focal_point_pk):
    focal_point = get_object_or_404(FocalPoint.objects.select_related("user"), pk=focal_point_pk)
    national.require_read(request.user, focal_point)
    cycle = get_object_or_404(ReportingCycle.objects.select_related("programme"), pk=cycle_pk)
    return focal_point, cycle


@login_required
@require_safe
def national_report(request, cycle_pk, focal_point_pk):
    focal_point, cycle = _objects(request, cycle_pk, focal_point_pk)
    return render(request, "reporting/national_report.html", national.context(focal_point, cycle))


@login_required
@require_safe
def national_report_pdf(request, cycle_pk, focal_point_pk):
    focal_point, cycle = _objects(request, cycle_pk, focal_point_pk)
    data = national.render_pdf(focal_point, cycle, base_url=request.build_absolute_uri("/"))
    response = HttpResponse(data, content_type="application/pdf")
    name = f"cami-national-report-{cycle.pk}-{focal_point.pk}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response
