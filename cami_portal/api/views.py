"""The pages around the API: "Using the API" (with curl examples that the test suite runs)
and the signed-in user's token page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django.views.generic import TemplateView
from rest_framework.authtoken.models import Token

from core.api.pagination import PagePagination
from programme.models import Activity, Programme
from rangestates.models import RangeState
from reporting.models import ReportingCycle


class ApiGuideView(TemplateView):
    template_name = "api/guide.html"

    def example_activity(self, programme):
        if programme is None:
            return None
        activities = Activity.objects.filter(programme=programme).select_related(
            "status", "issue__objective"
        )
        # 2.3.15 is the activity the documentation speaks of; any other will do.
        return activities.filter(code="2.3.15").first() or activities.order_by("sort_key").first()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        programme = Programme.objects.current()
        activity = self.example_activity(programme)
        state = None
        if activity is not None:
            state = activity.range_states.order_by("iso_code").first()
        state = state or RangeState.objects.order_by("iso_code").first()
        cycle = None
        if programme is not None:
            cycle = (
                ReportingCycle.objects.filter(programme=programme)
                .accepting_submissions(timezone.localdate())
                .order_by("deadline", "pk")
                .first()
            )
        context.update(
            {
                "base": self.request.build_absolute_uri("/").rstrip("/"),
                "programme": programme,
                "activity_code": activity.code if activity else "2.3.15",
                "objective_number": activity.issue.objective.number if activity else 2,
                "iso_code": state.iso_code if state else "KZ",
                "since": timezone.now().replace(
                    month=1, day=1, hour=0, minute=0, second=0, microsecond=0
                ),
                "max_page_size": PagePagination.max_page_size,
                "cycle_id": cycle.pk if cycle else 1,
                "cycle_id_known": cycle is not None,
            }
        )
        return context


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def token_page(request):
    """The signed-in user's API token: see it, create or replace it, revoke it."""
    if request.method == "POST":
        action = request.POST.get("action")
        if action not in ("create", "revoke"):
            return HttpResponseBadRequest(_("Choose to create or to revoke your token."))
        with transaction.atomic():
            Token.objects.filter(user=request.user).delete()
            if action == "create":
                Token.objects.create(user=request.user)
                messages.success(
                    request,
                    _("Your new token is below. The previous one, if any, no longer works."),
                )
            else:
                messages.success(request, _("Your token was revoked: it no longer works."))
        return redirect("api:token")
    token = Token.objects.filter(user=request.user).first()
    return render(request, "api/token.html", {"token": token})
