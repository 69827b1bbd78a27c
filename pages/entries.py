"""Accepted reports as the public pages list them (the home page, an activity's page, a range
state's page): each entry's markup made in Python, what repeats (an address's pattern, a
status's badge, a date, a range state's link) once per page.

`report_entries` writes what `includes/report_entry.html` writes for each report, byte for
byte: tests/pages/test_entries.py renders both for the same reports, in each language."""

from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import truncatechars, truncatewords
from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import gettext

from programme.templatetags.portal import STATUS_LABELS

from .rows import ActivityAddress
from .templatetags.programme_links import programme_param

_SAMPLE = 918273645

# includes/report_entry.html around its parts: the lines its {% load %} and {% comment %}
# leave, and the white space between its tags.
_HEAD = '\n\n<li class="report-entry">\n  <div class="report-head">\n    '
_BADGE = (
    '<span class="status-badge status-{}"><span class="status-mark" aria-hidden="true">'
    "</span>{}</span>\n"
)


def _text(value):
    """A value as `{{ value }}` writes it (escaped)."""
    return conditional_escape(value)


class _Entries:
    """The parts of the page's entries that many share, each made once."""

    def __init__(self, context):
        self.param = conditional_escape(programme_param(context))
        self.activity = ActivityAddress(self.param)
        # The report's route reversed once (its number is digits only, nothing to quote).
        self.report_pattern = reverse("reporting:report", kwargs={"pk": _SAMPLE})
        self.read = gettext("Read the report")
        self._badges = {}
        self._dates = {}
        self._subjects = {}
        self._cycles = {}

    def badge(self, status):
        markup = self._badges.get(status)
        if markup is None:
            markup = self._badges[status] = _BADGE.format(
                _text(status), _text(STATUS_LABELS.get(status, status))
            )
        return markup

    def accepted(self, when):
        text = self._dates.get(when)
        if text is None:
            # As the template's `|date` filter: in the current time zone.
            date = _text(date_filter(template_localtime(when), "DATE_FORMAT"))
            text = self._dates[when] = gettext("accepted on %(date)s") % {"date": date}
        return text

    def subject(self, report):
        """The report's range state or species: (its link, its name)."""
        key = (report.range_state_id, report.species_id)
        found = self._subjects.get(key)
        if found is None:
            subject = report.subject
            found = self._subjects[key] = (
                f'<a href="{_text(subject.get_absolute_url())}">{_text(subject)}</a>',
                _text(subject),
            )
        return found

    def cycle(self, report):
        name = self._cycles.get(report.cycle_id)
        if name is None:
            name = self._cycles[report.cycle_id] = _text(report.cycle)
        return name

    def report_url(self, report):
        return _text(self.report_pattern.replace(str(_SAMPLE), str(report.pk)))


def report_entries(reports, context, *, show_state=False, hide_activity=False, hide_cycle=False):
    """Sets `entry_html` on each of `reports` (accepted reports, as `for_listing()` reads
    them): what `{% include "includes/report_entry.html" %}` writes for it with the same
    options; `context` holds the page's `programme` and `request` (for `?programme=`)."""
    parts = _Entries(context)
    for report in reports:
        activity = report.activity
        link, name = parts.subject(report)
        html = [_HEAD]
        if not hide_activity:
            html.append(
                f'<a href="{parts.activity.of(activity)}" class="code">{_text(activity.code)}'
                f'</a><span class="report-activity">'
                f"{_text(truncatechars(activity.list_title, 90))}</span>"
            )
        html.append("\n    ")
        if show_state:
            html.append(f'<span class="report-subject">{link}</span>')
        html.append("\n    ")
        if report.status:
            html.append(parts.badge(report.status))
        html.append('\n  </div>\n  <div class="small text-body-secondary">')
        if not hide_cycle:
            html.append(f"{parts.cycle(report)} · ")
        if report.accepted_at:
            html.append(parts.accepted(report.accepted_at))
        html.append("</div>\n  ")
        if report.progress:
            html.append(
                f'<p class="report-summary mb-1">{_text(truncatewords(report.progress, 40))}</p>'
            )
        text = gettext("on activity %(code)s, %(subject)s") % {
            "code": _text(activity.code),
            "subject": name,
        }
        html.append(
            f'\n  <a href="{parts.report_url(report)}" class="small">{parts.read}'
            f'<span class="visually-hidden"> {text}</span></a>\n</li>\n'
        )
        report.entry_html = mark_safe("".join(html))
    return reports
