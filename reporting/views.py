"""Pages of the reporting workflow. Views read through the querysets (`visible_to`,
`editable_by`) and write through `reporting.services`; they hold no rule of their own."""

from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import FileResponse, Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from cami_portal.paginator import IdsFirstPaginator
from programme.filtersets import ActivityFilterSet
from programme.models import Activity, Objective
from programme.views import filter_status
from rangestates.models import RangeState
from species.models import Species

from . import services
from .access import can_review, focal_point_of
from .choices import ReportState, SubjectKind
from .filtersets import ReportFilterSet
from .forms import BatchStatusFormSet, BulkAcceptForm, LinkFormSet, ReportForm, ReviewForm, links_of
from .models import Report, ReportAttachment, ReportingCycle
from .querysets import activities_in_scope
from .resources import ReportResource

# URL segments naming the kind of subject a report speaks for.
SUBJECT_SEGMENTS = {"range-states": SubjectKind.RANGE_STATE, "species": SubjectKind.SPECIES}
UNSAVED_KEY = "reporting_unsaved"
INLINE_TYPES = {"application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp"}


def subject_segment(subject) -> str:
    return "range-states" if isinstance(subject, RangeState) else "species"


def subject_key(subject) -> str:
    return subject.iso_code if isinstance(subject, RangeState) else subject.slug


def subject_kwargs(subject) -> dict:
    if isinstance(subject, RangeState):
        return {"range_state": subject}
    return {"species": subject}


def resolve_subject(segment, key):
    kind = SUBJECT_SEGMENTS.get(segment)
    if kind == SubjectKind.RANGE_STATE:
        return get_object_or_404(RangeState, iso_code=key.upper())
    if kind == SubjectKind.SPECIES:
        return get_object_or_404(Species, slug=key)
    raise Http404("Unknown kind of subject.")


def report_url(cycle, subject, activity) -> str:
    return reverse(
        "reporting:report_for",
        args=[cycle.pk, subject_segment(subject), subject_key(subject), activity.code],
    )


def _require_reviewer(request):
    if not can_review(request.user):
        raise PermissionDenied(_("Only the secretariat reviews reports."))


def _safe_next(request, fallback):
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


# --- Entry --------------------------------------------------------------------------------


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


# --- My reporting -------------------------------------------------------------------------


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


@login_required
@require_safe
def my_reporting(request):
    focal_point = focal_point_of(request.user)
    if focal_point is None:
        return render(request, "reporting/not_focal_point.html", status=403)
    today = timezone.localdate()
    cycles = list(
        ReportingCycle.objects.opened(today)
        .select_related("programme")
        .order_by("-deadline", "-pk")
    )
    cycle = _choose_cycle(request, cycles, today)
    context = {"focal_point": focal_point, "cycles": cycles, "cycle": cycle, "today": today}
    if cycle is None:
        return render(request, "reporting/my_reporting.html", context)

    states = list(focal_point.range_states.order_by("name_en"))
    species = list(focal_point.species.order_by("position", "slug"))
    activities = Activity.objects.filter(programme=cycle.programme_id)
    filterset = ActivityFilterSet(request.GET, queryset=activities)
    filtered = set(filterset.qs.values_list("pk", flat=True)) if filterset.is_valid() else set()
    reports = {}
    for report in (
        Report.objects.filter(cycle=cycle, range_state__in=states)
        | Report.objects.filter(cycle=cycle, species__in=species)
    ).select_related("author"):
        reports[(report.activity_id, report.range_state_id, report.species_id)] = report

    sections = []
    for subject in [*states, *species]:
        scope = list(
            activities_in_scope(
                activities.select_related("issue__objective"), **subject_kwargs(subject)
            )
        )
        rows = []
        done = 0
        for activity in scope:
            is_state = isinstance(subject, RangeState)
            report = reports.get(
                (activity.pk, subject.pk if is_state else None, None if is_state else subject.pk)
            )
            if report is not None and report.state in ReportState.done():
                done += 1
            if activity.pk in filtered:
                rows.append(
                    {
                        "activity": activity,
                        "report": report,
                        "mine": report is not None and report.author_id == request.user.pk,
                        "url": report_url(cycle, subject, activity),
                    }
                )
        sections.append(
            {
                "subject": subject,
                "is_state": isinstance(subject, RangeState),
                "rows": rows,
                "total": len(scope),
                "done": done,
                "percent": round(100 * done / len(scope)) if scope else 0,
                "batch_url": reverse(
                    "reporting:batch",
                    args=[cycle.pk, subject_segment(subject), subject_key(subject)],
                ),
            }
        )
    context.update(
        sections=sections,
        filterset=filterset,
        objectives=Objective.objects.filter(programme=cycle.programme_id).order_by("number"),
        priorities=filterset.form.fields["priority"].choices,
        selected_priorities=request.GET.getlist("priority"),
        selected_objective=request.GET.get("objective", ""),
        is_filtered=bool(request.GET.get("objective") or request.GET.getlist("priority")),
        accepts_submissions=cycle.accepts_submissions(today),
        days_left=cycle.days_left(today),
    )
    return render(
        request,
        "reporting/my_reporting.html",
        context,
        status=filter_status(filterset),
    )


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


# --- The report form ----------------------------------------------------------------------


def _stash_unsaved(request, pk):
    """Keep what was typed when the session had expired, to give it back after sign-in."""
    data = {
        key: request.POST.getlist(key)
        for key in request.POST
        if key != "csrfmiddlewaretoken" and key != "action"
    }
    unsaved = request.session.get(UNSAVED_KEY, {})
    unsaved[str(pk)] = data
    request.session[UNSAVED_KEY] = unsaved


def _take_unsaved(request, pk):
    unsaved = request.session.get(UNSAVED_KEY, {})
    data = unsaved.pop(str(pk), None)
    if data is not None:
        request.session[UNSAVED_KEY] = unsaved
    return data


def _to_querydict(data):
    from django.http import QueryDict

    result = QueryDict(mutable=True)
    for key, values in data.items():
        result.setlist(key, values)
    return result


def _save(request, form, links, *, report=None, new=None):
    """Save the draft (creating it if `new`), its links and documents, then submit it when
    asked. The draft is kept even when the submission is refused. Returns the report or None
    when nothing could be saved."""
    attachment_errors = form.errors.get("new_attachments")
    content = form.content()
    try:
        if report is None:
            cycle, activity, subject = new
            report = services.create_draft(
                cycle,
                activity,
                by=request.user,
                data=content,
                links=links_of(links),
                **subject_kwargs(subject),
            )
        else:
            report = services.update_draft(
                report,
                by=request.user,
                data=content,
                expected_version=form.cleaned_data.get("version"),
                links=links_of(links),
            )
        for attachment in form.cleaned_data.get("remove_attachments") or []:
            services.remove_attachment(attachment, by=request.user)
        if not attachment_errors:
            for upload in form.cleaned_data.get("new_attachments") or []:
                services.add_attachment(report, by=request.user, upload=upload)
    except ValidationError as exc:
        form.add_service_errors(exc)
        return None
    return report


def _report_form_page(request, *, report=None, new=None):
    if report is not None:
        cycle, activity, subject = report.cycle, report.activity, report.subject
    else:
        cycle, activity, subject = new
    if request.method == "POST":
        form = ReportForm(request.POST, request.FILES, instance=report, report=report)
        links = LinkFormSet(request.POST, prefix="links")
        form_ok = form.is_valid() or set(form.errors) <= {"new_attachments"}
        if form_ok and links.is_valid():
            saved = _save(request, form, links, report=report, new=new)
            if saved is not None and not form.errors:
                if request.POST.get("action") == "submit":
                    try:
                        services.submit(saved, by=request.user, expected_version=saved.version)
                    except ValidationError as exc:
                        messages.warning(
                            request, _("Your draft was saved, but it cannot be submitted yet.")
                        )
                        data = request.POST.copy()
                        data["version"] = str(saved.version)
                        saved.refresh_from_db()
                        form = ReportForm(data, instance=saved, report=saved)
                        form.is_valid()
                        form.add_service_errors(exc)
                        links = LinkFormSet(data, prefix="links")
                        links.is_valid()
                        report = saved
                    else:
                        messages.success(
                            request,
                            _("Your report was submitted to the secretariat. Thank you."),
                        )
                        return redirect(saved.get_absolute_url())
                else:
                    messages.success(request, _("Your draft was saved."))
                    return redirect(saved.get_edit_url())
            elif saved is not None:
                # Saved, but a document was refused: show the errors on the saved draft.
                messages.warning(request, _("Your draft was saved, but not every document."))
                data = request.POST.copy()
                data["version"] = str(saved.version)
                errors = form.errors.get("new_attachments")
                form = ReportForm(data, instance=saved, report=saved)
                form.is_valid()
                for error in errors or []:
                    form.add_error("new_attachments", error)
                report = saved
    else:
        unsaved = _take_unsaved(request, report.pk) if report is not None else None
        if unsaved is not None:
            data = _to_querydict(unsaved)
            form = ReportForm(data, instance=report, report=report)
            form.is_valid()
            links = LinkFormSet(data, prefix="links")
            messages.warning(
                request,
                _(
                    "Your session had ended before your changes were saved. They are restored "
                    "below: check them and save."
                ),
            )
        elif report is not None:
            form = ReportForm(instance=report, report=report)
            links = LinkFormSet(
                prefix="links",
                initial=[{"url": link.url, "title": link.title} for link in report.links.all()],
            )
        else:
            source = services.last_accepted(activity, before=cycle, **subject_kwargs(subject))
            form = ReportForm(initial=services.prefill_values(source), report=None)
            links = LinkFormSet(
                prefix="links",
                initial=[{"url": link.url, "title": link.title} for link in source.links.all()]
                if source
                else [],
            )
            if source is not None:
                messages.info(
                    request,
                    _(
                        "This form starts from your accepted report of “%(cycle)s”: change "
                        "what is no longer true."
                    )
                    % {"cycle": source.cycle},
                )
    today = timezone.localdate()
    transitions = list(report.transitions.select_related("by")) if report is not None else []
    return render(
        request,
        "reporting/report_form.html",
        {
            "form": form,
            "links": links,
            "report": report,
            "cycle": cycle,
            "activity": activity,
            "subject": subject,
            "transitions": transitions,
            "comment": next((t for t in reversed(transitions) if t.comment), None),
            "attachments": list(report.attachments.all()) if report is not None else [],
            "can_submit": (
                report.can_be_submitted_on(today) if report else cycle.accepts_submissions(today)
            ),
            "deadline": report.submission_deadline() if report else cycle.deadline,
        },
        # A POST that is answered with the form again was refused, in whole or in part (the
        # errors are shown beside the fields); one that succeeded was redirected above.
        status=400 if request.method == "POST" else 200,
    )


@login_required
def report_for(request, cycle_pk, segment, key, code):
    """The report of the signed-in focal point on an activity: starts it, or leads to it."""
    cycle = get_object_or_404(ReportingCycle.objects.select_related("programme"), pk=cycle_pk)
    subject = resolve_subject(segment, key)
    activity = get_object_or_404(
        Activity.objects.select_related("issue__objective"), programme=cycle.programme_id, code=code
    )
    existing = Report.objects.filter(cycle=cycle, activity=activity, **subject_kwargs(subject))
    report = existing.editable_by(request.user).first()
    if report is not None:
        return redirect(report.get_edit_url())
    report = existing.visible_to(request.user).first()
    if report is not None:
        return redirect(report.get_absolute_url())
    if existing.exists() or not services.reports_for(request.user, **subject_kwargs(subject)):
        raise Http404("No report you may see or start here.")
    if not services.concerns(activity, **subject_kwargs(subject)):
        raise Http404("This activity is not one this focal point reports on.")
    if not cycle.has_opened():
        raise Http404("This cycle has not opened yet.")
    return _report_form_page(request, new=(cycle, activity, subject))


def report_edit(request, pk):
    if not request.user.is_authenticated:
        if request.method == "POST":
            _stash_unsaved(request, pk)
        return redirect_to_login(reverse("reporting:edit", args=[pk]))
    report = (
        Report.objects.editable_by(request.user)
        .select_related("cycle", "activity__issue__objective", "range_state", "species")
        .filter(pk=pk)
        .first()
    )
    if report is None:
        if Report.objects.visible_to(request.user).filter(pk=pk).exists():
            messages.info(request, _("This report can no longer be changed."))
            return redirect("reporting:report", pk=pk)
        raise Http404("No report you may change here.")
    return _report_form_page(request, report=report)


@require_safe
def report_detail(request, pk):
    report = get_object_or_404(Report.objects.visible_to(request.user).for_detail(), pk=pk)
    return _report_detail_page(request, report, next_url=request.GET.get("next", ""))


def _report_detail_page(request, report, *, next_url, review_form=None, status=200):
    reviewer = can_review(request.user)
    insider = reviewer or report.author_id == request.user.pk
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
        },
        status=status,
    )


@require_POST
def review_report(request, pk):
    report = get_object_or_404(Report.objects.visible_to(request.user), pk=pk)
    _require_reviewer(request)
    form = ReviewForm(request.POST)
    action = request.POST.get("action")
    if form.is_valid():
        comment = form.cleaned_data["comment"]
        try:
            if action == "accept":
                services.accept(report, by=request.user, comment=comment)
                messages.success(request, _("%(report)s was accepted.") % {"report": report})
            elif action == "return":
                services.return_report(report, by=request.user, comment=comment)
                messages.success(
                    request, _("%(report)s was returned to its author.") % {"report": report}
                )
            elif action == "reopen":
                services.reopen(
                    report, by=request.user, comment=comment, until=form.cleaned_data["until"]
                )
                messages.success(request, _("%(report)s was reopened.") % {"report": report})
            else:
                raise ValidationError(_("Choose accept, return or reopen."))
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            return redirect(_safe_next(request, report.get_absolute_url()))
    # Refused: the report again, with what was typed and why it was refused (the form's
    # errors beside its fields, the rules' in the messages), answered 400.
    report = Report.objects.for_detail().get(pk=report.pk)
    return _report_detail_page(
        request,
        report,
        next_url=_safe_next(request, ""),
        review_form=form,
        status=400,
    )


# --- Batch page ---------------------------------------------------------------------------


@login_required
def batch(request, cycle_pk, segment, key):
    """Fill the status of many activities in one go, before going into detail."""
    cycle = get_object_or_404(ReportingCycle.objects.select_related("programme"), pk=cycle_pk)
    subject = resolve_subject(segment, key)
    if not services.reports_for(request.user, **subject_kwargs(subject)) or not cycle.has_opened():
        raise Http404("Not a subject this user reports for.")
    scope = list(
        activities_in_scope(
            Activity.objects.filter(programme=cycle.programme_id).select_related(
                "issue__objective"
            ),
            **subject_kwargs(subject),
        )
    )
    reports = {
        report.activity_id: report
        for report in Report.objects.filter(cycle=cycle, **subject_kwargs(subject)).select_related(
            "author"
        )
    }
    editable = [
        activity
        for activity in scope
        if activity.pk not in reports
        or (
            reports[activity.pk].author_id == request.user.pk
            and reports[activity.pk].state in ReportState.editable()
        )
    ]
    initial = [
        {
            "activity": activity.pk,
            "version": reports[activity.pk].version if activity.pk in reports else None,
            "status": reports[activity.pk].status if activity.pk in reports else "",
        }
        for activity in editable
    ]
    # A POST answered with the page again was refused (a successful one is redirected).
    answer = 400 if request.method == "POST" else 200
    if request.method == "POST":
        formset = BatchStatusFormSet(request.POST, initial=initial, prefix="rows")
        if formset.is_valid():
            by_pk = {activity.pk: activity for activity in editable}
            rows = []
            for form in formset.forms:
                if not form.has_changed():
                    continue
                activity = by_pk.get(form.cleaned_data["activity"])
                if activity is None:
                    continue  # not (or no longer) editable by this user
                status = form.cleaned_data["status"]
                version = form.cleaned_data["version"]
                if version is None and not status:
                    continue
                rows.append((activity, status, version))
            try:
                services.save_statuses(cycle, by=request.user, rows=rows, **subject_kwargs(subject))
            except PermissionDenied as exc:
                messages.error(request, str(exc))
                answer = 403
            except ValidationError as exc:
                for message in exc.messages:
                    messages.error(request, message)
            else:
                messages.success(
                    request,
                    ngettext(
                        "%(count)d status was saved in your drafts.",
                        "%(count)d statuses were saved in your drafts.",
                        len(rows),
                    )
                    % {"count": len(rows)},
                )
                return redirect(request.get_full_path())
    else:
        formset = BatchStatusFormSet(initial=initial, prefix="rows")
    forms_by_activity = {form.initial["activity"]: form for form in formset.forms}
    rows = [
        {
            "activity": activity,
            "report": reports.get(activity.pk),
            "form": forms_by_activity.get(activity.pk),
            "url": report_url(cycle, subject, activity),
        }
        for activity in scope
    ]
    return render(
        request,
        "reporting/batch.html",
        {"cycle": cycle, "subject": subject, "formset": formset, "rows": rows},
        status=answer,
    )


# --- Attachments --------------------------------------------------------------------------


@require_safe
def attachment(request, pk):
    """A document, to those who may see its report (the public for accepted reports)."""
    document = get_object_or_404(ReportAttachment.objects.visible_to(request.user), pk=pk)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("The file is missing.") from exc
    response = FileResponse(
        handle,
        content_type=document.content_type,
        as_attachment=document.content_type not in INLINE_TYPES,
        filename=document.original_name,
    )
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cache-Control"] = "private, max-age=0"
    return response


# --- Public list of accepted reports -------------------------------------------------------


@require_safe
def accepted(request):
    """Newest first (end of the period, then acceptance). The database reads the reports of
    a page cycle by cycle, and sorts their ids before reading the rows of the page."""
    filterset = ReportFilterSet(
        request.GET, queryset=Report.objects.accepted().for_listing().newest_first()
    )
    page = IdsFirstPaginator(
        filterset.qs if filterset.is_valid() else Report.objects.none(), 25
    ).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "reporting/accepted_list.html",
        {"filterset": filterset, "page": page, "query": query.urlencode()},
        status=filter_status(filterset),
    )


# --- The secretariat's side ---------------------------------------------------------------


@login_required
@require_safe
def review_queue(request):
    """Reports by cycle, range state and activity; submitted ones by default."""
    _require_reviewer(request)
    return _review_queue_page(request, request.GET)


def _review_queue_page(request, query, status=200):
    """The queue filtered by `query` (the page's own, or the one a refused bulk acceptance
    came from)."""
    data = query.copy()
    if "state" not in data:
        data.setlist("state", [ReportState.SUBMITTED])
    filterset = ReportFilterSet(
        data,
        queryset=Report.objects.for_listing().order_by(
            "-cycle__deadline",
            "cycle_id",
            "range_state__name_en",
            "species__slug",
            "activity__sort_key",
            "pk",
        ),
    )
    reports = filterset.qs if filterset.is_valid() else Report.objects.none()
    page = Paginator(reports, 50).get_page(query.get("page"))
    counts = {
        row["state"]: row["total"]
        for row in Report.objects.order_by().values("state").annotate(total=Count("pk"))
    }
    without_page = data.copy()
    without_page.pop("page", None)
    here = reverse("reporting:review") + (f"?{query.urlencode()}" if query else "")
    status = max(status, filter_status(filterset))
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
            "cycles": filterset.form.fields["cycle"].queryset,
        },
        status=status,
    )


@login_required
@require_POST
def bulk_accept(request):
    _require_reviewer(request)
    form = BulkAcceptForm(request.POST)
    back = _safe_next(request, reverse("reporting:review"))
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
    _require_reviewer(request)
    cycle = get_object_or_404(ReportingCycle, pk=cycle_pk)
    if fmt not in ("xlsx", "csv"):
        raise Http404("Unknown format.")
    dataset = ReportResource().export(ReportResource.queryset_for(cycle))
    content_types = {
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "csv": "text/csv; charset=utf-8",
    }
    body = dataset.export(fmt)
    if fmt == "csv":
        body = "\ufeff" + body  # a byte-order mark, so that spreadsheet programs read UTF-8
    response = HttpResponse(body, content_type=content_types[fmt])
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = (
        f'attachment; filename="cami-reports-{cycle.pk}-{stamp}.{fmt}"'
    )
    return response
