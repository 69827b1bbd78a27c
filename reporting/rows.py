"""The rows of "My reporting" (one per activity and range state or species) and of the review
queue (one per report), written in Python: the pages have up to a hundred of them, and their
templates spent most of their time on them (two includes and four to seven translations a
row). What is written is what the templates wrote: tests/reporting/test_rows.py renders
their former rows (tests/reporting/*_row_before.html) and compares."""

from functools import cache, partial
from urllib.parse import quote

from django.db import router
from django.db.models import F
from django.urls import reverse
from django.utils.dateformat import format as date_format
from django.utils.formats import get_format, localize
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.timezone import template_localtime
from django.utils.translation import gettext, ngettext, pgettext

from core.api.rows import Texts
from core.fallback import fallback_language, marked
from core.html import escaped
from core.prepared import Prepared
from programme.models import Activity
from rangestates.models import RangeState
from species.models import Species

from .filtersets import chosen_beyond
from .models import Report, ReportingCycle


class ReportAddress:
    """`reverse(name, args=[pk])` for the reports of a page, the address reversed once: a
    report's number (digits, which reversing leaves as they are) is put in place of a
    stand-in."""

    STAND_IN = 987654321

    def __init__(self, name):
        self.head, self.tail = reverse(name, args=[self.STAND_IN]).split(str(self.STAND_IN))

    def __call__(self, pk):
        return f"{self.head}{pk}{self.tail}"


class Badges:
    """A report's state and status as reporting/includes/state_badge.html and status.html
    write them, translated once for a page, each state's and status's badge written once."""

    def __init__(self):
        self.no_report = escape(pgettext("report state", "No report yet"))
        self.no_status = escape(gettext("No status yet"))
        self.states = {}
        self.statuses = {}
        self.report_url = ReportAddress("reporting:report")
        self.edit_url = ReportAddress("reporting:edit")

    def state_badge(self, report):
        """reporting/includes/state_badge.html"""
        if not report:
            return f'<span class="rep-state rep-state-missing">{self.no_report}</span>\n'
        badge = self.states.get(report.state)
        if badge is None:
            badge = self.states[report.state] = (
                f'<span class="rep-state rep-state-{escape(report.state)}">'
                f"{escape(report.get_state_display())}</span>\n"
            )
        return badge

    def status_badge(self, report):
        """reporting/includes/status.html"""
        if not report.status:
            return f'<span class="text-body-secondary">{self.no_status}</span>\n'
        badge = self.statuses.get(report.status)
        if badge is None:
            badge = self.statuses[report.status] = (
                f'<span class="rep-status rep-status-{escape(report.status)}">'
                '<span class="rep-status-mark" aria-hidden="true"></span>'
                f"{escape(report.get_status_display())}</span>\n"
            )
        return badge


class MyReportingRows(Badges):
    """The rows of "My reporting" (templates/reporting/my_reporting.html)."""

    def __init__(self):
        super().__init__()
        self.activity = escape(gettext("Activity"))
        self.priority = escape(gettext("Priority"))
        self.report = escape(gettext("Report"))
        self.status = escape(gettext("Status reported"))
        self.cross_reference = escape(gettext("Cross-reference"))
        self.another = escape(gettext("Prepared by another focal point"))
        self.by = gettext("by %(name)s")
        self.report_on = gettext("Report on %(code)s")
        self.continue_ = gettext("Continue %(code)s")
        self.view = gettext("View %(code)s")
        self.every_activity = escape(gettext("All activities, by report state"))
        self.caption = gettext("Activities to report on for %(name)s")
        self.head = (
            "      <thead><tr>\n"
            f'        <th scope="col">{self.activity}</th>\n'
            f'        <th scope="col">{self.priority}</th>\n'
            f'        <th scope="col">{self.report}</th>\n'
            f'        <th scope="col">{self.status}</th>\n'
            '        <th scope="col"><span class="visually-hidden">'
            f"{escape(gettext('Action'))}</span></th>\n"
            "      </tr></thead>\n      <tbody>\n      "
        )

    def group(self, group, section, opened):
        """One group of a section's rows (an issue of the programme, or every row by report
        state), folded unless `opened`, with its rows' markup."""
        issue = group["issue"]
        if issue:
            summary = (
                f"{escape(issue.code)} "
                f"{escape(Truncator(str(issue.title)).words(14, truncate=' …'))}"
            )
        else:
            summary = self.every_activity
        count = len(group["rows"])
        counted = ngettext("%(counter)s activity", "%(counter)s activities", count) % {
            "counter": conditional_escape(localize(count))
        }
        caption = self.caption % {"name": conditional_escape(section["subject"])}
        return mark_safe(
            '\n    <details class="rep-objective"'
            + (" open" if opened else "")
            + f">\n      <summary>{summary}\n"
            + f'        <span class="rep-objective-count">{counted}</span></summary>\n'
            + '    <table class="table rep-table align-middle">\n'
            + f'      <caption class="visually-hidden">{caption}</caption>\n'
            + self.head
            + "".join(row["markup"] for row in group["rows"])
            + "\n      </tbody>\n    </table>\n    </details>\n    "
        )

    def action(self, row, code):
        report = row["report"]
        if not report:
            return (
                f'<a class="btn btn-sm btn-primary" href="{escaped(row["url"])}">'
                f"{self.report_on % {'code': code}}</a>\n            "
            )
        if row["mine"] and report.is_editable:
            return (
                f'<a class="btn btn-sm btn-primary" href="{escaped(self.edit_url(report.pk))}">'
                f"{self.continue_ % {'code': code}}</a>\n            "
            )
        if row["mine"] or report.is_public:
            return (
                '<a class="btn btn-sm btn-outline-secondary" '
                f'href="{escaped(self.report_url(report.pk))}">{self.view % {"code": code}}</a>\n'
                "            "
            )
        return f'<small class="text-body-secondary">{self.another}</small>'

    def row(self, row):
        activity = row["activity"]
        report = row["report"]
        code = escaped(activity.code)
        cross_reference = activity.is_cross_reference
        title = marked(activity.list_title, fallback_language(activity, "list_title"))
        by = ""
        if report and not row["mine"]:
            author = report.author
            name = escaped(author.get_full_name() or author.get_username())
            by = f'<br><small class="text-body-secondary">{self.by % {"name": name}}</small>'
        status = self.status_badge(report) if report else "—"
        return mark_safe(
            "\n        <tr"
            + (' class="rep-xref"' if cross_reference else "")
            + f'>\n          <td data-label="{self.activity}"><span class="code">{code}</span> '
            + escaped(title)
            + (
                f' <span class="rep-xref-mark">{self.cross_reference}</span>'
                if cross_reference
                else ""
            )
            + f'</td>\n          <td data-label="{self.priority}">'
            + escaped(activity.get_priority_display())
            + f'</td>\n          <td data-label="{self.report}">'
            + self.state_badge(report)
            + f"\n            {by}</td>\n"
            + f'          <td data-label="{self.status}">{status}</td>\n'
            + '          <td class="text-end">\n            '
            + self.action(row, code)
            + "\n          </td>\n        </tr>\n      "
        )


class ReviewQueueRows(Badges):
    """The rows of the review queue (templates/reporting/review_queue.html); `here` is the
    queue's address, each report's link comes back to it."""

    #: What a row reads of a report and of the records joined to it (the translated fields in
    #: every language, for their fallback): `reports(queryset)` reads these columns only.
    COLUMNS = (
        "state",
        "status",
        "submitted_at",
        *Texts(ReportingCycle, ("name",), prefix="cycle__").columns(),
        "activity__code",
        *Texts(Activity, ("short_title", "text"), prefix="activity__").columns(),
        "range_state__iso_code",
        *Texts(RangeState, ("name",), prefix="range_state__").columns(),
        "species__slug",
        *Texts(Species, ("common_name",), prefix="species__").columns(),
        "author__username",
        "author__first_name",
        "author__last_name",
    )

    #: The relations a row reads, joined to the report.
    RELATED = ("cycle", "activity", "range_state", "species", "author")
    #: The queue's order: oldest submissions first (the longest waiting are reviewed first).
    ORDERING = (
        "-cycle__deadline",
        "cycle_id",
        F("submitted_at").asc(nulls_last=True),
        "range_state__name_en",
        "species__slug",
        "activity__sort_key",
        "pk",
    )

    @staticmethod
    def queue():
        """Every report the queue lists before its filters: the one rule of the view's
        queryset and of the ids read by a query compiled once (`page_ids`)."""
        return Report.objects.all()

    @classmethod
    def reports(cls, queryset):
        """`queryset` of reports joined to what the rows show, without the other columns
        (a report's texts, its activity's and species' descriptions), in the queue's order."""
        return queryset.select_related(*cls.RELATED).only(*cls.COLUMNS).order_by(*cls.ORDERING)

    @classmethod
    def by_ids(cls, ids):
        """The reports `ids` as `reports(Report.objects.filter(pk__in=ids))` gives them (the
        same columns deferred, the same relations joined, the same order), read by a query
        compiled once (core/prepared.py) rather than built for each page; the reports of
        the same cycle (activity, subject, author) share its instance."""
        rows = _BY_IDS(list(ids))
        db = router.db_for_read(Report)
        layout = _layout()
        # The reports of a page share a few cycles, range states and authors: one instance
        # of each row of them, as prefetch_related() gives a foreign key's objects.
        made = {field: {} for field, _model, _names in layout}
        reports = []
        for row in rows:
            start = 0
            report = None
            for field, model, names in layout:
                values = row[start : start + len(names)]
                start += len(names)
                if field is None:
                    report = model.from_db(db, names, values)
                elif getattr(report, field.attname) is None:
                    field.set_cached_value(report, None)
                else:
                    related = made[field].get(values)
                    if related is None:
                        related = made[field][values] = model.from_db(db, names, values)
                    field.set_cached_value(report, related)
            reports.append(report)
        return reports

    @classmethod
    def page_ids(cls, filterset):
        """`IdsFirstPaginator`'s `ids` for the queue filtered by a valid `filterset`: when it
        chooses states and at most a cycle (the queue as it opens, and its tabs), the page's
        ids in the queue's order are read by a query compiled once for each slice (one per
        page read); otherwise None (the filterset's queryset, sliced)."""
        data = filterset.form.cleaned_data
        states = data.get("state")
        if not states or chosen_beyond(filterset, ("state", "cycle")):
            return None
        cycle = data.get("cycle")
        values = [list(states)] if cycle is None else [list(states), cycle.pk]

        def ids(bottom, top):
            if top <= bottom:
                return []
            key = (bottom, top, len(values))
            prepared = _IDS.get(key)
            if prepared is None:
                if len(_IDS) > 200:
                    _IDS.clear()
                prepared = _IDS[key] = Prepared(
                    partial(_page_ids, bottom, top), model=Report, tuples=True, planned_once=True
                )
            return [row[0] for row in prepared(*values)]

        return ids

    def __init__(self, here):
        super().__init__()
        self.next = escape(quote(here, safe="/"))
        self.select = gettext("Select %(code)s for %(name)s")
        self.when = get_format("SHORT_DATETIME_FORMAT")  # what the `date` filter reads
        self.labels = [
            escape(gettext(label))
            for label in ("Cycle", "For", "Activity", "Focal point", "Status reported", "State")
        ]
        self.cycles = {}
        self.subjects = {}
        self.activities = {}
        self.times = {}

    def row(self, report):
        label_cycle, label_for, label_activity, label_author, label_status, label_state = (
            self.labels
        )
        # What many rows share is written once a page: a cycle's name, a subject's, an
        # activity's number and title.
        cycle = self.cycles.get(report.cycle_id)
        if cycle is None:
            cycle = self.cycles[report.cycle_id] = escaped(report.cycle.name)
        key = (report.range_state_id, report.species_id)
        name = self.subjects.get(key)
        if name is None:
            name = self.subjects[key] = escaped(report.subject)
        shown = self.activities.get(report.activity_id)
        if shown is None:
            activity = report.activity
            title = marked(activity.list_title, fallback_language(activity, "list_title"))
            shown = self.activities[report.activity_id] = (escaped(activity.code), escaped(title))
        code, title = shown
        select = ""
        if report.state == "submitted":
            pk = escaped(localize(report.pk))
            select = (
                f'<input class="form-check-input" type="checkbox" name="reports" value="{pk}" '
                f'id="select-{pk}" aria-label="{self.select % {"code": code, "name": name}}">'
            )
        submitted = ""
        if report.submitted_at:
            # Reports submitted at the same moment (a batch, a whole country's) share it.
            submitted = self.times.get(report.submitted_at)
            if submitted is None:
                when = date_format(template_localtime(report.submitted_at), self.when)
                submitted = self.times[report.submitted_at] = (
                    f'<br><small class="text-body-secondary">{escaped(when)}</small>'
                )
        author = report.author.get_full_name() or report.author.get_username()
        return mark_safe(
            f"\n      <tr>\n        <td>{select}</td>\n"
            f'        <td data-label="{label_cycle}">{cycle}</td>\n'
            f'        <td data-label="{label_for}">{name}</td>\n'
            f'        <td data-label="{label_activity}"><a href="'
            f'{escaped(self.report_url(report.pk))}?next={self.next}"><span class="code">{code}'
            f"</span> {title}</a></td>\n"
            f'        <td data-label="{label_author}">{escaped(author)}</td>\n'
            f'        <td data-label="{label_status}">{self.status_badge(report)}</td>\n'
            f'        <td data-label="{label_state}">{self.state_badge(report)}{submitted}</td>\n'
            "      </tr>\n    "
        )


@cache
def _layout():
    """[(the report's relation or None for the report, its model, its columns in the order
    `Model.from_db` takes them)]: what `ReviewQueueRows.reports` selects, as select_related
    and only() select it (the keys, the foreign keys of the relations, the columns named)."""
    columns = ReviewQueueRows.COLUMNS
    related = ReviewQueueRows.RELATED
    own = {name for name in columns if "__" not in name}
    layout = [
        (
            None,
            Report,
            [
                field.attname
                for field in Report._meta.concrete_fields
                if field.primary_key or field.attname in own or field.name in related
            ],
        )
    ]
    for name in related:
        field = Report._meta.get_field(name)
        model = field.related_model
        wanted = {column.split("__", 1)[1] for column in columns if column.startswith(f"{name}__")}
        names = [
            each.attname
            for each in model._meta.concrete_fields
            if each.primary_key or each.attname in wanted
        ]
        layout.append((field, model, names))
    return layout


def _page_of(ids):
    names = []
    for field, _model, columns in _layout():
        names += columns if field is None else [f"{field.name}__{column}" for column in columns]
    return Report.objects.filter(pk__in=ids).order_by(*ReviewQueueRows.ORDERING).values_list(*names)


_BY_IDS = Prepared(_page_of, model=Report, tuples=True, planned_once=True)


def _page_ids(bottom, top, states, cycle=None):
    """The ids of the reports in `states` (of `cycle`), in the queue's order, from `bottom`
    to `top`: what the queue's filterset gives (`ReviewQueueRows.page_ids`)."""
    reports = ReviewQueueRows.queue().filter(state__in=states)
    if cycle is not None:
        reports = reports.filter(cycle=cycle)
    return reports.order_by(*ReviewQueueRows.ORDERING).values_list("pk")[bottom:top]


#: {(bottom, top, number of values): the page's ids by a query compiled once}
_IDS = {}
