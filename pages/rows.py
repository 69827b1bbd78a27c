"""The rows of the activity tables of the activity browser and a range state's page, each
row's pieces built once in Python instead of by filters and tags per row.

`includes/activity_rows.html` writes the same markup as `includes/activity_table.html` (the
table of the species and landscape pages, which reads the activities' attributes row by
row): tests/pages/test_rows.py renders both for the real programme and compares them. What
is the same for many rows (a status's badge, a priority's, the address's pattern, an issue's
line) is made once per page."""

import re
from dataclasses import dataclass

from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import truncatewords
from django.utils.formats import localize
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from core.api.serializers import fast_reverse
from core.fallback import Fallbacks, marked
from programme.choices import Priority
from programme.models import Activity
from programme.templatetags.portal import STATUS_LABELS, shown_short, status_of

from .templatetags.programme_links import programme_param

PLAIN_CODE = re.compile(r"[0-9.]+")


@dataclass
class ActivityRow:
    activity: object
    code: str
    url: str  # escaped, with `?programme=` where the page's links carry it
    label: SafeString  # the link's accessible name
    title: SafeString  # the list title, marked when it falls back
    heading_value: str  # the sub-heading as shown (what the table's heading rows change on)
    heading: SafeString
    issue: SafeString  # "2.3 The issue's title cut to twelve words"
    priority: SafeString
    status: SafeString
    state_status: SafeString | None = None
    picture: SafeString | None = None


def status_badge(value):
    return format_html(
        '<span class="status-badge status-{}"><span class="status-mark" aria-hidden="true">'
        "</span>{}</span>",
        value,
        STATUS_LABELS.get(value, value),
    )


class Badges:
    """Each status's and priority's badge, made once for the page (in its language)."""

    def __init__(self):
        self._status = {}
        self._priority = {}
        self.priority_labels = dict(Priority.choices)

    def status(self, value):
        badge = self._status.get(value)
        if badge is None:
            badge = self._status[value] = status_badge(value)
        return badge

    def priority(self, value):
        badge = self._priority.get(value)
        if badge is None:
            badge = self._priority[value] = format_html(
                '<span class="priority-badge priority-{}">{}</span>',
                value,
                self.priority_labels.get(value, value),
            )
        return badge


class Pictures:
    """The range states' picture of an activity (`reporting.public.country_picture`) as a
    cell: each status's count and each date written once for the page."""

    def __init__(self, no_report):
        self.no_report = no_report
        self._items = {}
        self._dates = {}

    def cell(self, picture):
        if not picture["total"]:
            return self.no_report
        items = "".join(self._item(*count) for count in picture["counts"])  # safe pieces
        date = self._date(picture["latest"])  # safe
        return mark_safe(
            f'<ul class="picture-cell">{items}</ul><div class="picture-latest">{date}</div>'
        )

    def _item(self, value, label, count):
        item = self._items.get((value, count))
        if item is None:
            item = self._items[(value, count)] = format_html(
                '<li><span class="status-badge status-{}"><span class="status-mark" '
                'aria-hidden="true"></span>{}: <span class="picture-count">{}</span></span></li>',
                value,
                label,
                localize(count),
            )
        return item

    def _date(self, latest):
        text = self._dates.get(latest)
        if text is None:
            date = conditional_escape(date_filter(latest, "SHORT_DATE_FORMAT"))
            # The words from the catalogue, as {% blocktranslate %} writes them.
            text = self._dates[latest] = mark_safe(gettext("as of %(date)s") % {"date": date})
        return text


class ActivityAddress:
    """An activity page's address (escaped, with the page's `?programme=`), the route
    reversed once for the page."""

    PLACEHOLDER = "cami0code0"

    def __init__(self, param):
        self.param = param
        self.pattern = fast_reverse("programme:activity", {"code": self.PLACEHOLDER})

    def of(self, activity):
        code = activity.code
        if PLAIN_CODE.fullmatch(code):  # as validated: digits and dots, nothing to quote
            url = self.pattern.replace(self.PLACEHOLDER, code)
        else:
            url = fast_reverse("programme:activity", {"code": code})
        return conditional_escape(url) + self.param


def activity_rows(activities, context, *, state_column=False, country_column=False):
    """ActivityRow per activity; `context` holds the page's `programme` and `request` (for
    `?programme=`). With `state_column`, the status accepted in the page's country
    (`activity.state_status`); with `country_column`, the range states' picture
    (`activity.country_picture`)."""
    badges = Badges()
    param = conditional_escape(programme_param(context))
    # Words from the catalogue are written as they are, as the template's tags write them.
    link_label = gettext("Activity %(code)s")
    no_report = format_html(
        '<span class="text-body-secondary">{}</span>', mark_safe(gettext("No accepted report"))
    )
    pictures = Pictures(no_report)
    address = ActivityAddress(param)
    issues = {}
    rows = []
    fallbacks = Fallbacks(Activity)
    for activity in activities:
        issue = issues.get(activity.issue_id)
        if issue is None:
            issue = issues[activity.issue_id] = format_html(
                "{} {}", activity.issue.code, truncatewords(activity.issue.title, 12)
            )
        heading, heading_language = fallbacks.shown(activity, "heading")
        title, title_language = fallbacks.shown(activity, "short_title")  # Activity.list_title
        if not title:
            text, title_language = fallbacks.shown(activity, "text")
            title = Activity.cut_text(text)
        row = ActivityRow(
            activity=activity,
            code=activity.code,
            url=address.of(activity),
            label=mark_safe(link_label % {"code": conditional_escape(activity.code)}),
            title=marked(title, title_language),
            heading_value=heading,
            heading=marked(heading, heading_language) if heading else "",
            issue=issue,
            priority=badges.priority(activity.priority),
            status=badges.status(status_of(activity)),
        )
        if state_column:
            state = activity.state_status
            row.state_status = badges.status(state) if state else no_report
        if country_column:
            row.picture = pictures.cell(activity.country_picture)
        rows.append(row)
    return rows


# --- The matrix ---------------------------------------------------------------------------

# A matrix cell as templates/pages/matrix.html wrote it in its loop over a row's cells, the
# white space between them included, so that a row's cells are joined once here.
_CELL = (
    '\n        <td class="cell-status status-{}" title="{}"><span aria-hidden="true">{}</span>'
    '<span class="visually-hidden">{}</span></td>\n        \n      '
)
_EMPTY_CELL = '\n        <td class="cell-status cell-empty"></td>\n      '


def status_badge_of(cell):
    """A Cell's status as a badge (its words as the Cell has them)."""
    return format_html(
        '<span class="status-badge status-{}"><span class="status-mark" aria-hidden="true">'
        "</span>{}</span>",
        cell.status,
        cell.label,
    )


class MatrixMarkup:
    """The matrix's repeated pieces, each made once per page: a status's cell and badge, a
    range state's entry in the phone's list."""

    def __init__(self, context):
        self.param = conditional_escape(programme_param(context))
        self.address = ActivityAddress(self.param)
        self._cells = {}
        self._overall = {}
        self._badges = {}
        self._states = {}

    def cells(self, cells):
        """A row's cells (Cell or None per range state) as the table's cells."""
        return mark_safe("".join(self._cell(cell) for cell in cells))

    def _cell(self, cell):
        if cell is None:
            return _EMPTY_CELL
        markup = self._cells.get(cell.status)
        if markup is None:
            markup = self._cells[cell.status] = format_html(
                _CELL, cell.status, cell.label, cell.abbreviation, cell.label
            )
        return markup

    def overall(self, cell):
        """The secretariat's status: the table's cell and the phone's badge."""
        markup = self._overall.get(cell.status)
        if markup is None:
            markup = self._overall[cell.status] = (
                format_html(
                    '<td class="cell-status matrix-overall status-{}" title="{}"><span '
                    'aria-hidden="true">{}</span><span class="visually-hidden">{}</span></td>',
                    cell.status,
                    cell.label,
                    cell.abbreviation,
                    cell.label,
                ),
                status_badge_of(cell),
            )
        return markup

    def reported(self, pairs):
        """The phone's list of the range states that reported: [(range state, Cell)]."""
        return mark_safe("".join(self._state(state) + self._badge(cell) for state, cell in pairs))

    def _state(self, state):
        markup = self._states.get(state.pk)
        if markup is None:
            markup = self._states[state.pk] = format_html(
                '<div><dt><a href="{}{}">{}</a></dt><dd>',
                state.get_absolute_url(),
                self.param,
                state,
            )
        return markup

    def _badge(self, cell):
        markup = self._badges.get(cell.status)
        if markup is None:
            markup = self._badges[cell.status] = status_badge_of(cell) + mark_safe("</dd></div>")
        return markup

    def url(self, activity):
        return self.address.of(activity)


# A row of the matrix's table and its card on a phone, as templates/pages/matrix.html wrote
# them in its loops (tests/pages/matrix_rows_before.html), the white space included.
_TABLE_ROW = (
    '\n    <tr>\n      <th scope="row" class="matrix-activity"><a href="{url}" class="code">'
    '{code}</a> <span class="matrix-activity-text">{title}</span></th>\n      {overall}\n'
    "      {cells}\n    </tr>\n    {earlier}\n    "
)
_EARLIER_ROW = (
    '\n    <tr class="matrix-earlier">\n      <th scope="row" class="matrix-activity"><a '
    'href="{url}" class="small">{text}</a></th>\n      <td class="matrix-overall"></td>\n'
    "      {cells}\n    </tr>\n    "
)
_CARD = (
    '\n    <li class="matrix-card">\n      <p class="matrix-card-title"><a href="{url}" '
    'class="code">{code}</a> {title}</p>\n      <dl class="matrix-card-statuses">\n'
    '        <div class="matrix-card-overall"><dt>{secretariat}</dt><dd>{badge}</dd></div>\n'
    "        {reported}\n      </dl>\n      {empty}\n      {earlier}\n    </li>\n    "
)
_EARLIER_CARD = '<p class="matrix-card-empty"><a href="{url}">{text}</a></p>'


def _continues(before):
    """An earlier activity's link: (its address, "continues 1.2.3 (2014–2020)")."""
    activity = before.activity
    text = gettext("continues %(code)s (%(period)s)") % {
        "code": conditional_escape(activity.code),
        "period": conditional_escape(activity.programme.period),
    }
    return conditional_escape(activity.programme_url), text


def dress_matrix_rows(rows, context):
    """Sets each row's address, title, cells and phone list (`pages.views.matrix.MatrixRow`),
    and its earlier activities' cells; then the row of the table and the card they make
    (`table_html`, `card_html`), as the matrix's template wrote them."""
    markup = MatrixMarkup(context)
    # Words from the catalogue are written as they are, as the template's tags write them.
    secretariat = gettext("CMS Secretariat")
    empty = '<p class="matrix-card-empty">{}</p>'.format(
        gettext("No range state has reported on it in an accepted report yet.")
    )
    for row in rows:
        row.url = markup.url(row.activity)
        row.title = shown_short(row.activity, "list_title")
        row.overall_html, row.overall_badge = markup.overall(row.overall)
        row.cells_html = markup.cells(row.cells)
        row.reported_html = markup.reported(row.reported)
        for before in row.earlier:
            before.cells_html = markup.cells(before.cells)
        earlier = [(_continues(before), before.cells_html) for before in row.earlier]
        code = conditional_escape(row.activity.code)
        row.table_html = mark_safe(
            _TABLE_ROW.format(
                url=row.url,
                code=code,
                title=row.title,
                overall=row.overall_html,
                cells=row.cells_html,
                earlier="".join(
                    _EARLIER_ROW.format(url=url, text=text, cells=cells)
                    for (url, text), cells in earlier
                ),
            )
        )
        row.card_html = mark_safe(
            _CARD.format(
                url=row.url,
                code=code,
                title=row.title,
                secretariat=secretariat,
                badge=row.overall_badge,
                reported=row.reported_html,
                empty="" if row.reported else empty,
                earlier="".join(
                    _EARLIER_CARD.format(url=url, text=text) for (url, text), _cells in earlier
                ),
            )
        )
    return rows


# --- The activity table's rows, written ---------------------------------------------------

_HEADING = '<tr class="heading-row"><th colspan="{}" scope="colgroup">{}</th></tr>'
_ROW = (
    '\n    {heading}\n    <tr>\n      <th scope="row" class="code-cell"><a href="{url}" '
    'aria-label="{label}">{code}</a></th>\n      <td>{title}{issue}</td>\n      \n'
    "      <td>{priority}</td>\n      <td>{status}</td>\n      {state}\n      {picture}\n"
    "    </tr>\n  "
)


def rows_markup(rows, *, show_headings, show_issue, state_column, country_column):
    """The body of includes/activity_rows.html's table, as its loop over `rows`
    (ActivityRow) wrote it with the same options."""
    colspan = "5" if state_column or country_column else "4"
    previous = object()  # {% ifchanged %}: the first row's value counts as a change
    parts = []
    for row in rows:
        heading = ""
        if show_headings and row.heading_value != previous:
            previous = row.heading_value
            if row.heading_value:
                heading = _HEADING.format(colspan, row.heading)
        parts.append(
            _ROW.format(
                heading=heading,
                url=row.url,
                label=row.label,
                code=conditional_escape(row.code),
                title=row.title,
                issue=f'<div class="small text-body-secondary">{row.issue}</div>'
                if show_issue
                else "",
                priority=row.priority,
                status=row.status,
                state=f"<td>{row.state_status}</td>" if state_column else "",
                picture=f"<td>{row.picture}</td>" if country_column else "",
            )
        )
    return mark_safe("".join(parts))
