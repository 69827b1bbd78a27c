"""The programme's activities as the public pages list them: the programme a page shows,
`ActivityScopeFilterSet` (the API's filter) over its activities, and the filter form dressed
for the pages."""

from django import forms
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import web
from core.api.rows import Texts
from core.prepared import Prepared
from programme.choices import ImplementationStatus, Priority
from programme.models import Activity, Actor, Issue, Objective, Programme
from rangestates.models import Landscape, RangeState
from reporting.filtersets import ActivityScopeFilterSet
from species.models import Species

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
    "q", "objective", "issue", "priority", "status", "country_status", "actor", "species",
    "range_state", "landscape",
)  # fmt: skip
CHECKBOX_FIELDS = (
    "priority", "status", "country_status", "actor", "species", "range_state", "landscape",
)  # fmt: skip


def current_programme_or_404(request):
    """The programme a page shows: `?programme=<code>`, else the current one. Every loaded
    programme is read in the same query and kept on it (`loaded_programmes`) for the
    switcher."""
    code = request.GET.get("programme")
    programmes = list(Programme.objects.order_by("-start_year", "code"))
    wanted = (lambda p: p.code == code) if code else (lambda p: p.is_current)
    programme = next((p for p in programmes if wanted(p)), None)
    if programme is None:
        raise Http404(_("No programme has been loaded yet.") if not code else "")
    programme.loaded_programmes = programmes
    return programme


def activity_filterset(request, programme, *, joined=True):
    """`ActivityScopeFilterSet` (the API's filter) over the programme's activities (not
    `joined`: see `for_public_rows`, and `attach_issues`)."""
    data = request.GET.copy()
    data.pop("programme", None)
    return ActivityScopeFilterSet(
        data or None,
        queryset=Activity.objects.in_programme(programme).for_public_rows(joined=joined),
        request=request,
    )


def programme_issues(programme):
    """The programme's issues in order, each with its objective, in one query: the filter's
    menu of issues and the issue of every row of the page (`attach_issues`)."""
    issues = Issue.objects.filter(programme=programme).select_related("objective")
    return list(issues.order_by("sort_key"))


def attach_issues(activities, issues, programme):
    """Sets on each of `activities` (the programme's) its issue, with its objective, from
    `issues`, and `programme`: what the page read once, instead of copies per row."""
    by_pk = {issue.pk: issue for issue in issues}
    for activity in activities:
        issue = by_pk.get(activity.issue_id)
        if issue is not None:  # else read when asked for (an issue of another programme)
            Activity.issue.field.set_cached_value(activity, issue)
        Activity.programme.field.set_cached_value(activity, programme)
    return activities


def dress_filter_form(filterset, programme, issues=None):
    """The filter's form as the pages show it: the programme's objectives and issues as
    menus, the other choices as check boxes (each list read once; `issues`: the programme's,
    when the page has read them)."""
    form = filterset.form
    if issues is None:
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
        field.widget.choices = _choices(name, field)
    form.fields["q"].widget.attrs.update(
        {"class": "form-control", "type": "search", "placeholder": _("Words or a number")}
    )
    return form


# The records a check box names, read as rows (`values()`, compiled once) rather than model
# instances: (the field, as the model's `__str__` names a record, the field it falls back to).
_NAMED_BY = {
    Actor: ("name", "slug"),
    Species: ("common_name", "slug"),
    RangeState: ("name", "iso_code"),
    Landscape: ("name", "slug"),
}
_PREPARED_CHOICES = {}


def _choices(name, field):
    """A field's choices as its widget lists them: (value, label) for each choice, the label
    of a record its `str()`, the value its code (`to_field_name`)."""
    queryset = getattr(field, "queryset", None)
    named_by = _NAMED_BY.get(getattr(queryset, "model", None))
    if named_by is None or field.empty_label is not None or field.null_label is not None:
        return list(iter(field.choices))  # iter(): no COUNT query first
    label, code = named_by
    if code != field.to_field_name:
        return list(iter(field.choices))
    texts = Texts(queryset.model, (label,))
    prepared = _PREPARED_CHOICES.get(name)
    if prepared is None:  # the filter's own queryset (all the records, in their order)
        prepared = _PREPARED_CHOICES[name] = Prepared(
            lambda: queryset.all().values(code, *texts.columns()), model=queryset.model
        )
    order = texts.order()
    return [(row[code], texts.shown(row, label, order) or row[code]) for row in prepared()]


def _select(choices):
    return forms.Select(choices=choices, attrs={"class": "form-select"})


def filtered_activities(filterset):
    """The filtered activities; none when the filter itself is invalid (its errors show)."""
    return web.filtered(filterset)


def active_filter_chips(request, filterset):
    return web.active_filter_chips(request, filterset, FORM_FIELDS, CHECKBOX_FIELDS)


def is_filtered(filterset) -> bool:
    return web.is_filtered(filterset, FORM_FIELDS)
