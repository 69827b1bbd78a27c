"""The focal point's report form (new, saved, restored after a session ended, refused).
It reads through the querysets (`editable_by`) and writes through `reporting.services`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from programme.models import Activity

from .. import services
from ..forms import (
    LinkFormSet,
    ReportForm,
    links_of,
)
from ..models import Report, ReportingCycle
from . import unsaved
from .common import (
    resolve_subject,
    subject_kwargs,
)
from .reports import report_detail_page

# --- The report form ----------------------------------------------------------------------


def _to_querydict(data):
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
        services.reply(report, by=request.user, text=form.cleaned_data.get("reply"))
    except services.AlreadySubmitted:
        raise
    except ValidationError as exc:
        form.add_service_errors(exc)
        return None
    return report


def _form_on_saved(request, saved, version):
    """The form again, bound to what was sent, on the draft just saved: `version` is the one
    this save wrote (the next save is refused if someone else changed the draft since)."""
    data = request.POST.copy()
    data["version"] = str(version)
    form = ReportForm(data, instance=saved, report=saved)
    form.is_valid()
    return data, form


def _already_submitted(request, refusal):
    """The report went to the secretariat while this request was on its way (a second click
    on Submit, another tab): its page, saying so (409), never "nothing was saved"."""
    messages.warning(request, refusal.messages[0])
    report = Report.objects.visible_to(request.user).for_detail().get(pk=refusal.current.pk)
    return report_detail_page(request, report, next_url="", status=409)


def _posted_form(request, report, new):
    """Save (and submit, when asked) what was sent: a redirect when it all went through, else
    (form, links, report) to show again with the errors, on the saved draft if there is one.

    The save and the submission are one transaction: a second click on Submit waits for the
    first one's, then finds the report submitted."""
    form = ReportForm(request.POST, request.FILES, instance=report, report=report)
    links = LinkFormSet(request.POST, prefix="links")
    form_ok = form.is_valid() or set(form.errors) <= {"new_attachments"}
    if not (form_ok and links.is_valid()):
        return form, links, report
    if report is None and form.is_empty() and not links_of(links):
        # An untouched form makes no empty draft: it says what is missing, saves nothing.
        if request.POST.get("action") == "submit":
            form.add_service_errors(
                ValidationError(services.missing_for_submission(Report(**form.content())))
            )
        else:
            form.add_error(None, _("Nothing was saved: the form is empty."))
        return form, links, None
    try:
        with transaction.atomic():
            return _save_and_submit(request, form, links, report, new)
    except services.AlreadySubmitted as refusal:
        return _already_submitted(request, refusal)


def _save_and_submit(request, form, links, report, new):
    """What `_posted_form` answers, once the form is valid."""
    saved = _save(request, form, links, report=report, new=new)
    if saved is None:
        return form, links, report
    if form.errors:
        # Saved, but a document was refused: show the errors on the saved draft.
        messages.warning(request, _("Your draft was saved, but not every document."))
        errors = form.errors.get("new_attachments")
        _data, form = _form_on_saved(request, saved, saved.version)
        for error in errors or []:
            form.add_error("new_attachments", error)
        return form, links, saved
    if request.POST.get("action") != "submit":
        messages.success(request, _("Your draft was saved."))
        return redirect(saved.get_edit_url())
    try:
        services.submit(saved, by=request.user, expected_version=saved.version)
    except ValidationError as exc:
        messages.warning(request, _("Your draft was saved, but it cannot be submitted yet."))
        version = saved.version
        saved.refresh_from_db()
        data, form = _form_on_saved(request, saved, version)
        form.add_service_errors(exc)
        links = LinkFormSet(data, prefix="links")
        links.is_valid()
        return form, links, saved
    messages.success(request, _("Your report was submitted to the secretariat. Thank you."))
    return redirect(saved.get_absolute_url())


def _first_form(request, report, cycle, activity, subject):
    """(form, links) as the form opens: what was typed before the session ended, the
    report as saved, or a new report started from the last accepted one."""
    kept = unsaved.take(request, report.pk) if report is not None else None
    if kept is not None:
        data = _to_querydict(kept)
        form = ReportForm(data, instance=report, report=report)
        form.is_valid()
        messages.warning(
            request,
            _(
                "Your session had ended before your changes were saved. They are restored "
                "below: check them and save."
            ),
        )
        return form, LinkFormSet(data, prefix="links")
    if report is not None:
        links = [{"url": link.url, "title": link.title} for link in report.links.all()]
        return ReportForm(instance=report, report=report), LinkFormSet(
            prefix="links", initial=links
        )
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
    return form, links


def _report_form_page(request, *, report=None, new=None):
    if report is not None:
        cycle, activity, subject = report.cycle, report.activity, report.subject
    else:
        cycle, activity, subject = new
    if request.method == "POST":
        answer = _posted_form(request, report, new)
        if not isinstance(answer, tuple):
            return answer
        form, links, report = answer
    else:
        form, links = _first_form(request, report, cycle, activity, subject)
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
            "unsaved_key": unsaved.form_key(report, request.user) if report else None,
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
            unsaved.stash(request, pk)  # only the author's own form, bounded
        return redirect_to_login(reverse("reporting:edit", args=[pk]))
    report = (
        Report.objects.editable_by(request.user)
        .select_related("cycle", "activity__issue__objective", "range_state", "species")
        .filter(pk=pk)
        .first()
    )
    if report is None:
        sent = services.sent_already(pk, request.user)
        if sent is not None and request.method == "POST":
            return _already_submitted(request, services.AlreadySubmitted(sent))
        if Report.objects.visible_to(request.user).filter(pk=pk).exists():
            messages.info(request, _("This report can no longer be changed."))
            return redirect("reporting:report", pk=pk)
        raise Http404("No report you may change here.")
    return _report_form_page(request, report=report)


# --- Batch page ---------------------------------------------------------------------------
