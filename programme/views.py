"""Public pages of the programme: home, browser, activity, actor, matrix, search, downloads.

The views only read: every listing is `ActivityFilterSet` over a queryset method, every count
is made by the database. What the reporting app knows (accepted reports, the status accepted
per country, focal points) comes through `programme.public_reports`."""

import csv
from dataclasses import dataclass

from django import forms
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, TemplateView

from rangestates.models import Landscape, RangeState
from species.models import Species

from . import public_reports
from .choices import ImplementationStatus, Priority
from .filtersets import ActivityFilterSet
from .models import Activity, Actor, Issue, Objective, Programme
from .services import status_of
from .templatetags.portal import STATUS_ABBREVIATIONS

# The order statuses are shown in, from done to not begun, and the order of priorities.
STATUS_ORDER = [
    ImplementationStatus.COMPLETED,
    ImplementationStatus.ONGOING,
    ImplementationStatus.IN_PROGRESS,
    ImplementationStatus.DELAYED,
    ImplementationStatus.SUSPENDED,
    ImplementationStatus.CANCELLED,
    ImplementationStatus.NOT_STARTED,
]
PRIORITY_ORDER = list(Priority)

# Fields of the filter form shown on the pages (`updated_since` and `ordering` work in the
# URL, as in the API, without a control of their own).
FORM_FIELDS = (
    "q", "objective", "issue", "priority", "status", "actor", "species", "range_state",
    "landscape",
)  # fmt: skip
CHECKBOX_FIELDS = ("priority", "status", "actor", "species", "range_state", "landscape")


def current_programme_or_404(request):
    """The programme a page shows: `?programme=<code>`, else the current one."""
    code = request.GET.get("programme")
    if code:
        return get_object_or_404(Programme, code=code)
    programme = Programme.objects.current()
    if programme is None:
        raise Http404(_("No programme has been loaded yet."))
    return programme


# --- Shapes the templates draw (bars, chips) ---------------------------------------------


@dataclass
class Share:
    """One part of a whole: a bar in a chart or a segment of a stacked bar."""

    value: str
    label: str
    count: int
    percent: float
    offset: float = 0.0


def shares(counts: dict, order: list, total: int | None = None) -> list[Share]:
    """`counts` as shares of `total`, in `order`, each with its offset for a stacked bar."""
    total = sum(counts.values()) if total is None else total
    result, offset = [], 0.0
    for choice in order:
        count = counts.get(choice.value, 0)
        percent = round(100 * count / total, 1) if total else 0.0
        result.append(Share(choice.value, choice.label, count, percent, offset))
        offset = round(offset + percent, 1)
    return result


@dataclass
class Chip:
    """An active filter, with the URL of the same listing without it."""

    label: str
    value: str
    remove_url: str


def active_filter_chips(request, filterset) -> list[Chip]:
    """One chip per chosen value, each linking to the same page without it."""
    if not filterset.is_bound or not filterset.is_valid():
        return []
    chips = []
    form = filterset.form
    for name in FORM_FIELDS:
        value = form.cleaned_data.get(name)
        if value is None or value == "" or (hasattr(value, "__len__") and not len(value)):
            continue
        field = form.fields[name]
        labels = {str(key): label for key, label in getattr(field.widget, "choices", [])}
        raw_values = request.GET.getlist(name)
        if name in CHECKBOX_FIELDS:
            for raw in raw_values:
                query = request.GET.copy()
                query.setlist(name, [v for v in raw_values if v != raw])
                chips.append(Chip(field.label, labels.get(raw, raw), f"?{query.urlencode()}"))
        else:
            query = request.GET.copy()
            query.pop(name, None)
            display = labels.get(str(value), value)
            chips.append(Chip(field.label, str(display), f"?{query.urlencode()}"))
    return chips


def activity_filterset(request, programme):
    """`ActivityFilterSet` (the API's filter) over the programme's activities."""
    data = request.GET.copy()
    data.pop("programme", None)
    return ActivityFilterSet(
        data or None,
        queryset=Activity.objects.in_programme(programme).for_public_listing(),
        request=request,
    )


def dress_filter_form(filterset, programme):
    """The filter's form as the pages show it: the programme's objectives and issues as
    menus, the other choices as check boxes (each list read once)."""
    form = filterset.form
    issues = Issue.objects.filter(programme=programme).order_by("sort_key")
    form.fields["issue"].widget = _select(
        [("", gettext_lazy("Any issue"))] + [(i.code, f"{i.code} {i.title}") for i in issues]
    )
    form.fields["objective"].widget = _select(
        [("", gettext_lazy("Any objective"))]
        + [
            (str(o.number), _("Objective %(number)s") % {"number": o.number})
            for o in Objective.objects.filter(programme=programme).order_by("number")
        ]
    )
    for name in CHECKBOX_FIELDS:
        field = form.fields[name]
        field.widget = forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"})
        field.widget.choices = list(iter(field.choices))  # iter(): no COUNT query first
    form.fields["q"].widget.attrs.update(
        {"class": "form-control", "type": "search", "placeholder": _("Words or a number")}
    )
    return form


def _select(choices):
    return forms.Select(choices=choices, attrs={"class": "form-select"})


def filtered_activities(filterset):
    """The filtered activities; none when the filter itself is invalid (its errors show)."""
    if filterset.is_bound and not filterset.is_valid():
        return filterset.queryset.none()
    return filterset.qs


def filter_status(filterset) -> int:
    """The status of a listing page: 400 when its filter is invalid (the page shows the
    errors beside the fields and lists nothing, as the API answers 400)."""
    return 400 if filterset.is_bound and not filterset.is_valid() else 200


def invalid_filter_csv(filterset):
    """For a CSV download whose filter is invalid: a 400 that says what is wrong, instead of
    an empty file that looks like an answer. None when the filter is valid."""
    if filter_status(filterset) == 200:
        return None
    lines = [_("The filter is invalid:")]
    for name, errors in filterset.form.errors.items():
        label = filterset.form.fields[name].label if name in filterset.form.fields else name
        lines += [f"{label}: {error}" for error in errors]
    return HttpResponseBadRequest("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def is_filtered(filterset) -> bool:
    return filterset.is_bound and any(
        filterset.form.data.get(name) not in (None, "") for name in FORM_FIELDS
    )


# --- Home --------------------------------------------------------------------------------


class HomeView(TemplateView):
    template_name = "programme/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        programme = Programme.objects.current()
        context["programme"] = programme
        if programme is None:
            return context
        activities = Activity.objects.in_programme(programme)
        status_counts = activities.status_counts()
        total = sum(status_counts.values())
        by_objective = activities.status_counts_by_objective()
        objectives = list(
            Objective.objects.filter(programme=programme).prefetch_related(
                Prefetch("issues", queryset=Issue.objects.order_by("sort_key"))
            )
        )
        for objective in objectives:
            counts = by_objective.get(objective.pk, {})
            objective.activity_count = sum(counts.values())
            objective.completed_count = counts.get(ImplementationStatus.COMPLETED, 0)
            objective.shares = shares(counts, STATUS_ORDER)
        states = public_reports.range_states_with_reporting(programme)
        context.update(
            activity_count=total,
            objectives=objectives,
            status_shares=shares(status_counts, STATUS_ORDER),
            priority_shares=shares(activities.priority_counts(), PRIORITY_ORDER),
            species_count=Species.objects.in_initiative().count(),
            range_states=states,
            map=public_reports.range_state_map(states),
            reporting_levels=public_reports.REPORTING_LEVELS,
            latest_reports=public_reports.latest_accepted_reports(programme, limit=6),
        )
        return context


# --- Programme browser and downloads ------------------------------------------------------


@require_safe
def activity_browser(request):
    programme = current_programme_or_404(request)
    filterset = activity_filterset(request, programme)
    dress_filter_form(filterset, programme)
    activities = list(filtered_activities(filterset))
    filtered = is_filtered(filterset)
    ordering = filterset.form.data.get("ordering") if filterset.is_bound else None
    query = request.GET.urlencode()
    return render(
        request,
        "programme/activity_browser.html",
        {
            "programme": programme,
            "filterset": filterset,
            "form": filterset.form,
            "activities": activities,
            "filtered": filtered,
            "grouped": not ordering,
            "chips": active_filter_chips(request, filterset),
            "query": query,
        },
        status=filter_status(filterset),
    )


@require_safe
def programme_csv(request):
    """The (filtered) programme as CSV, one activity a row, in the current language."""
    programme = current_programme_or_404(request)
    filterset = activity_filterset(request, programme)
    if (invalid := invalid_filter_csv(filterset)) is not None:
        return invalid
    activities = filtered_activities(filterset).prefetch_related("subactivities")
    response = csv_response(f"{programme.code}-activities.csv")
    writer = SafeCsvWriter(response)
    writer.writerow(
        [
            _("Number"), _("Objective"), _("Issue"), _("Sub-heading"), _("Activity"),
            _("Sub-items"), _("Priority"), _("Priority as worded"), _("Status"), _("Status as of"),
            _("Responsible actors"), _("Species"), _("Range states"), _("Landscapes"),
        ]
    )  # fmt: skip
    for activity in activities:
        status = activity_status(activity)
        writer.writerow(
            [
                activity.code,
                activity.issue.objective.number,
                f"{activity.issue.code} {activity.issue.title}",
                activity.heading,
                activity.text,
                "; ".join(f"{sub.letter}) {sub.text}" for sub in activity.subactivities.all()),
                activity.get_priority_display(),
                activity.priority_text,
                status.get_status_display(),
                status.status_date.isoformat() if status.status_date else "",
                "; ".join(responsibility_label(r) for r in activity.responsibilities.all()),
                "; ".join(str(s) for s in activity.species.all()),
                "; ".join(str(s) for s in activity.range_states.all()),
                "; ".join(str(s) for s in activity.landscapes.all()),
            ]
        )
    return response


class SafeCsvWriter:
    """csv.writer that keeps spreadsheets from reading a cell as a formula (a text starting
    with =, +, - or @ gets a leading apostrophe)."""

    FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

    def __init__(self, stream):
        self.writer = csv.writer(stream)

    def writerow(self, row):
        self.writer.writerow(
            "'" + cell if isinstance(cell, str) and cell.startswith(self.FORMULA_START) else cell
            for cell in row
        )


def csv_response(filename):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # byte order mark: spreadsheets then read the file as UTF-8
    return response


def responsibility_label(responsibility):
    label = str(responsibility.actor)
    if responsibility.qualifier:
        label += f" ({responsibility.qualifier})"
    if responsibility.proposed:
        label += " " + _("(to be confirmed)")
    return label


def activity_status(activity):
    """The activity's recorded status, or an unsaved "not started" one."""
    return status_of(activity)


# --- Activity ------------------------------------------------------------------------------


def status_history(status):
    """The status's changes, newest first, as the public reads them. The empty "not started"
    record every activity starts with (the loader creates it) is not a change, and a change
    that repeats the one before it is left out."""
    kept = []
    for entry in status.history.order_by("history_date", "history_id"):
        placeholder = (
            entry.status == ImplementationStatus.NOT_STARTED
            and not entry.note
            and entry.status_date is None
        )
        if not kept and placeholder:
            continue
        seen = (entry.status, entry.note, entry.status_date)
        if kept and seen == (kept[-1].status, kept[-1].note, kept[-1].status_date):
            continue
        kept.append(entry)
    return kept[::-1]


class ActivityDetailView(DetailView):
    template_name = "programme/activity_detail.html"
    context_object_name = "activity"

    def get_object(self, queryset=None):
        self.programme = current_programme_or_404(self.request)
        return get_object_or_404(
            Activity.objects.for_public_detail().filter(programme=self.programme),
            code=self.kwargs["code"],
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        activity = self.object
        status = activity_status(activity)
        history = status_history(status) if status.pk else []
        context.update(
            programme=self.programme,
            status=status,
            status_history=history,
            referenced_by=activity.referenced_by.order_by("sort_key"),
            reports_by_state=public_reports.accepted_reports_for_activity(activity),
            reports_per_subject=public_reports.REPORTS_PER_SUBJECT,
            reports_total=public_reports.accepted_report_count_for_activity(activity),
            state_statuses=public_reports.state_statuses_for_activity(activity),
        )
        return context


# --- Actors ----------------------------------------------------------------------------


@require_safe
def actor_list(request):
    programme = current_programme_or_404(request)
    actors = Actor.objects.annotate(
        activity_count=Count(
            "responsibilities", filter=Q(responsibilities__activity__programme=programme)
        )
    ).order_by("kind", "name_en", "pk")
    return render(request, "programme/actor_list.html", {"programme": programme, "actors": actors})


@require_safe
def actor_detail(request, slug):
    actor = get_object_or_404(Actor, slug=slug)
    programme = current_programme_or_404(request)
    responsibilities = (
        actor.responsibilities.filter(activity__programme=programme)
        .select_related("activity__issue__objective", "activity__status")
        .order_by("activity__sort_key", "pk")
    )
    return render(
        request,
        "programme/actor_detail.html",
        {"actor": actor, "programme": programme, "responsibilities": responsibilities},
    )


# --- Implementation matrix ------------------------------------------------------------------


@dataclass
class MatrixRow:
    activity: Activity
    overall: public_reports.Cell  # the secretariat's status of the activity
    cells: list  # per range state: the accepted status, or None


def matrix_data(request, programme):
    filterset = activity_filterset(request, programme)
    activities = list(filtered_activities(filterset))
    states = list(RangeState.objects.order_by("name_en", "pk"))
    chosen = set(request.GET.getlist("range_state"))
    if chosen and filterset.is_valid():
        states = [s for s in states if s.iso_code in chosen]
    cells = public_reports.matrix_cells(activities, states)
    overall = public_reports.status_cells()
    rows = [
        MatrixRow(
            activity,
            overall[status_of(activity).status],
            [cells.get((activity.pk, state.pk)) for state in states],
        )
        for activity in activities
    ]
    return filterset, activities, states, rows


@require_safe
def matrix(request):
    programme = current_programme_or_404(request)
    filterset, activities, states, rows = matrix_data(request, programme)
    dress_filter_form(filterset, programme)
    legend = [(s.value, s.label, STATUS_ABBREVIATIONS[s.value]) for s in STATUS_ORDER]
    return render(
        request,
        "programme/matrix.html",
        {
            "programme": programme,
            "filterset": filterset,
            "form": filterset.form,
            "states": states,
            "rows": rows,
            "activity_count": len(activities),
            "filtered": is_filtered(filterset),
            "chips": active_filter_chips(request, filterset),
            "legend": legend,
            "query": request.GET.urlencode(),
        },
        status=filter_status(filterset),
    )


@require_safe
def matrix_csv(request):
    programme = current_programme_or_404(request)
    filterset, _activities, states, rows = matrix_data(request, programme)
    if (invalid := invalid_filter_csv(filterset)) is not None:
        return invalid
    response = csv_response(f"{programme.code}-matrix.csv")
    writer = SafeCsvWriter(response)
    writer.writerow(
        [_("Number"), _("Activity"), _("Status (secretariat)")] + [s.name for s in states]
    )
    for row in rows:
        writer.writerow(
            [
                row.activity.code,
                row.activity.text,
                activity_status(row.activity).get_status_display(),
            ]
            + [cell.label if cell else "" for cell in row.cells]
        )
    return response


# --- Search --------------------------------------------------------------------------------


@require_safe
def search(request):
    """Activities, species, range states, landscapes and actors matching every word."""
    programme = current_programme_or_404(request)
    query = " ".join(request.GET.get("q", "").split())[:200]
    context = {
        "programme": programme,
        "query": query,
        "search_query": query,
        "searched": bool(query),
    }
    if query:
        words = query.split()
        filterset = ActivityFilterSet(
            {"q": query},
            queryset=Activity.objects.in_programme(programme).for_public_listing(),
            request=request,
        )
        context.update(
            activities=list(filtered_activities(filterset)),
            species=list(
                Species.objects.filter(
                    _all_words(words, "common_name", "other_names", "scientific_name", "slug")
                ).order_by("position", "slug")
            ),
            range_states=list(
                RangeState.objects.filter(_all_words(words, "name", "iso_code")).order_by(
                    "name_en", "pk"
                )
            ),
            landscapes=list(
                Landscape.objects.filter(_all_words(words, "name")).order_by("position", "slug")
            ),
            actors=list(
                Actor.objects.filter(_all_words(words, "name", "slug")).order_by("name_en", "pk")
            ),
        )
        context["result_count"] = sum(
            len(context[k])
            for k in ("activities", "species", "range_states", "landscapes", "actors")
        )
    return render(request, "programme/search.html", context)


TRANSLATED = {"common_name", "other_names", "name"}


def _all_words(words, *fields):
    """Every word in one of `fields` (translated ones in every language, so that a search
    in French also finds a record only named in English)."""
    condition = Q()
    for word in words:
        any_field = Q()
        for field in fields:
            columns = (
                [f"{field}_{lang}" for lang in ("en", "fr", "ru")]
                if field in TRANSLATED
                else [field]
            )
            for column in columns:
                any_field |= Q(**{f"{column}__icontains": word})
        condition &= any_field
    return condition
