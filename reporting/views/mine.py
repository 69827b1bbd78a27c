"""Where a focal point starts: "My reporting", what needs their attention first, and the
drafts started from their last accepted reports."""

from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from programme.filtersets import ActivityFilterSet
from programme.models import Activity, Objective

from .. import services
from ..access import can_review, focal_point_of
from ..choices import ReportProgress, ReportState, SubjectKind
from ..forms import MyReportingOptions
from ..models import Report, ReportingCycle, ReportTransition
from ..querysets import activities_in_scope_of
from ..rows import MyReportingRows
from ..subjects import Subject
from .common import report_urls, subject_args, subject_kwargs


@require_safe
def start(request):
    """Where signing in leads: the review queue, "My reporting", or the accepted reports."""
    if can_review(request.user):
        return redirect("reporting:review")
    if focal_point_of(request.user) is not None:
        return redirect("reporting:mine")
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return redirect("reporting:accepted")


def _choose_cycle(request, cycles, today):
    wanted = request.GET.get("cycle")
    if wanted:
        for cycle in cycles:
            if str(cycle.pk) == wanted:
                return cycle
        raise Http404("No such reporting cycle.")
    open_cycles = [c for c in cycles if c.accepts_submissions(today)]
    if open_cycles:
        return min(open_cycles, key=lambda c: (c.deadline, c.pk))
    return cycles[0] if cycles else None


def _row(user, url, subject, activity, report):
    return {
        "activity": activity,
        "report": report,
        "progress": ReportProgress.of(report),
        "mine": report is not None and report.author_id == user.pk,
        "url": url(activity),
        "subject": subject,
    }


def _shown(row, filtered, options):
    """Whether the row passes the programme's filters and the report-state options."""
    states = options.get("state") or []
    return (
        row["activity"].pk in filtered
        and (not states or row["progress"] in states)
        and not (options.get("hide_xref") and row["activity"].is_cross_reference)
    )


def _groups(rows, by_state):
    """The rows by issue of the programme (collapsible: folded on a phone but for those with
    something to do), or in one list sorted by report state, what needs the focal point
    first."""
    if by_state:
        rows = sorted(rows, key=lambda row: ReportProgress.rank(row["progress"]))
        return [{"issue": None, "rows": rows, "attention": True}] if rows else []
    groups = []
    for row in rows:
        issue = row["activity"].issue
        if not groups or groups[-1]["issue"] != issue:
            groups.append({"issue": issue, "rows": [], "attention": False})
        groups[-1]["rows"].append(row)
        if row["progress"] in (ReportProgress.RETURNED, ReportProgress.DRAFT):
            groups[-1]["attention"] = True
    return groups


def _section(user, cycle, subject, reports, filtered, options):
    """One range state's (or species') part of "My reporting": its activities in the filter,
    each with its report in the cycle, grouped by issue, and the counts by report state of
    all its activities."""
    is_state = Subject.of(subject).kind == SubjectKind.RANGE_STATE
    scope = activities_in_scope_of(cycle.programme_id, **subject_kwargs(subject))
    url = report_urls(cycle, subject)
    all_rows = [
        _row(
            user,
            url,
            subject,
            activity,
            reports.get(
                (activity.pk, subject.pk if is_state else None, None if is_state else subject.pk)
            ),
        )
        for activity in scope
    ]
    counts = Counter(row["progress"] for row in all_rows)
    done = sum(counts[state] for state in ReportState.done())
    rows = [row for row in all_rows if _shown(row, filtered, options)]
    return {
        "subject": subject,
        "is_state": is_state,
        "rows": rows,
        "all_rows": all_rows,
        "groups": _groups(rows, options.get("sort") == "state"),
        "counts": counts,
        "total": len(scope),
        "done": done,
        "percent": round(100 * done / len(scope)) if scope else 0,
        "batch_url": reverse("reporting:batch", args=[cycle.pk, *subject_args(subject)]),
    }


def _attention(sections):
    """What needs the focal point first, over all their subjects: the reports returned to them
    with the secretariat's comment, their drafts not yet submitted, and the counts by report
    state."""
    rows = [row for section in sections for row in section["all_rows"]]
    returned = [r for r in rows if r["mine"] and r["progress"] == ReportProgress.RETURNED]
    comments = {}
    if returned:
        for transition in ReportTransition.objects.filter(
            report__in=[row["report"].pk for row in returned], to_state=ReportState.RETURNED
        ).order_by("at", "pk"):
            if transition.comment:
                comments[transition.report_id] = transition
    for row in returned:
        row["comment"] = comments.get(row["report"].pk)
    totals = Counter()
    for section in sections:
        totals.update(section["counts"])
    return {
        "returned": returned,
        "drafts": [r for r in rows if r["mine"] and r["progress"] == ReportProgress.DRAFT],
        "counts": [(value, label, totals[value]) for value, label in ReportProgress.choices],
        "total": len(rows),
    }


@login_required
@require_safe
def my_reporting(request):
    focal_point = focal_point_of(request.user)
    if focal_point is None:
        return render(request, "reporting/not_focal_point.html", status=403)
    today = timezone.localdate()
    # Every opened cycle for the menu: the page reads the chosen one's programme by its id only.
    cycles = list(ReportingCycle.objects.opened(today).order_by("-deadline", "-pk"))
    cycle = _choose_cycle(request, cycles, today)
    context = {"focal_point": focal_point, "cycles": cycles, "cycle": cycle, "today": today}
    if cycle is None:
        return render(request, "reporting/my_reporting.html", context)

    states = list(focal_point.range_states.order_by("name_en"))
    species = list(focal_point.species.order_by("position", "slug"))
    activities = Activity.objects.filter(programme=cycle.programme_id)
    filterset = ActivityFilterSet(request.GET, queryset=activities)
    options = MyReportingOptions(request.GET)
    valid = filterset.is_valid() and options.is_valid()
    filtered = set(filterset.qs.values_list("pk", flat=True)) if valid else set()
    reports = {}
    # One filter (not two querysets combined with |, whose merging cost more than the query).
    for report in Report.objects.filter(
        Q(range_state__in=states) | Q(species__in=species), cycle=cycle
    ).select_related("author"):
        report.cycle = cycle
        reports[(report.activity_id, report.range_state_id, report.species_id)] = report

    chosen = options.cleaned_data if valid else {}
    sections = [
        _section(request.user, cycle, subject, reports, filtered, chosen)
        for subject in [*states, *species]
    ]
    is_filtered = any(
        request.GET.get(name) or request.GET.getlist(name)
        for name in ("objective", "priority", "state", "sort", "hide_xref")
    )
    writer = MyReportingRows()  # each row's and group's markup (reporting/rows.py)
    for section in sections:
        for row in section["rows"]:
            row["markup"] = writer.row(row)
        for group in section["groups"]:
            group["markup"] = writer.group(group, section, group["attention"] or is_filtered)
    context.update(
        sections=sections,
        attention=_attention(sections),
        filterset=filterset,
        options=options,
        objectives=Objective.objects.filter(programme=cycle.programme_id).order_by("number"),
        priorities=filterset.form.fields["priority"].choices,
        selected_priorities=request.GET.getlist("priority"),
        selected_objective=request.GET.get("objective", ""),
        selected_states=request.GET.getlist("state"),
        report_states=ReportProgress.choices,
        is_filtered=is_filtered,
        accepts_submissions=cycle.accepts_submissions(today),
        days_left=cycle.days_left(today),
    )
    return render(request, "reporting/my_reporting.html", context, status=200 if valid else 400)


@login_required
@require_POST
def prefill(request, cycle_pk):
    cycle = get_object_or_404(ReportingCycle, pk=cycle_pk)
    try:
        created = services.prefill_cycle(cycle, by=request.user)
    except (PermissionDenied, ValidationError) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        if created:
            messages.success(
                request,
                ngettext(
                    "%(count)d draft was started from your last accepted reports.",
                    "%(count)d drafts were started from your last accepted reports.",
                    len(created),
                )
                % {"count": len(created)},
            )
        else:
            messages.info(request, _("No earlier accepted report to start from."))
    return redirect(cycle.get_absolute_url())
