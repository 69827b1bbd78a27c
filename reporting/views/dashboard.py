"""The secretariat's dashboard of a cycle: who reported what, who is late, who was reminded,
and "remind now"."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from .. import services
from ..choices import ReportProgress
from ..dashboard import cycle_rows
from ..models import FocalPoint, ReportingCycle
from .common import require_reviewer


@login_required
@require_safe
def dashboard(request):
    require_reviewer(request)
    today = timezone.localdate()
    cycles = list(ReportingCycle.objects.select_related("programme").order_by("-deadline", "-pk"))
    wanted = request.GET.get("cycle")
    if wanted:
        cycle = next((c for c in cycles if str(c.pk) == wanted), None)
        if cycle is None:
            raise Http404("No such reporting cycle.")
    else:
        open_cycles = [c for c in cycles if c.accepts_submissions(today)]
        cycle = min(open_cycles, key=lambda c: (c.deadline, c.pk)) if open_cycles else None
        cycle = cycle or (cycles[0] if cycles else None)
    rows = cycle_rows(cycle, today) if cycle else []
    return render(
        request,
        "reporting/dashboard.html",
        {
            "cycle": cycle,
            "cycles": cycles,
            "rows": rows,
            "states": ReportProgress.choices,
            "today": today,
            "late": cycle is not None and today > cycle.deadline,
            "days_left": cycle.days_left(today) if cycle else None,
        },
    )


@login_required
@require_POST
def remind(request, cycle_pk, focal_point_pk):
    require_reviewer(request)
    cycle = get_object_or_404(ReportingCycle, pk=cycle_pk)
    focal_point = get_object_or_404(FocalPoint.objects.select_related("user"), pk=focal_point_pk)
    try:
        missing = services.remind_now(cycle, focal_point, by=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("A reminder of %(count)d missing reports was sent to %(name)s.")
            % {"count": missing.count, "name": focal_point},
        )
    return redirect(reverse("reporting:dashboard") + f"?cycle={cycle.pk}")
