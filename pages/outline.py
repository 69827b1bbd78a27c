"""The activity browser's outline (its activities under their objectives and issues, each
issue's table in a disclosure) written in Python, as templates/pages/activity_browser.html
wrote it with `{% regroup %}` and an `{% include "includes/activity_rows.html" %}` per
issue (tests/pages/outline_before.html; tests/pages/test_outline.py compares them)."""

from itertools import groupby

from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext

from .rows import rows_markup

_OBJECTIVE = (
    '\n      \n      <section class="outline-objective" id="objective-{number}" '
    'aria-labelledby="objective-{number}-title">\n        <h3 class="h5" '
    'id="objective-{number}-title"><span class="code">{label}</span> {title}</h3>\n        '
    "\n        {issues}\n      </section>\n      \n      "
)
_ISSUE = (
    '\n        \n        <details class="outline-issue" id="issue-{code}"{open}>\n'
    '          <summary><span class="code">{code}</span> <span class="issue-title">{title}'
    '</span> <span class="badge rounded-pill text-bg-light">{count}</span></summary>\n'
    "          {table}\n        </details>\n        \n        "
)
# includes/activity_rows.html with rows, headings and the range states' picture.
_TABLE = (
    '\n\n\n<div class="table-responsive">\n<table class="table activity-table align-middle">\n'
    '  <caption class="visually-hidden">{caption}</caption>\n  <thead>\n    <tr>\n'
    '      <th scope="col">{number}</th>\n      <th scope="col">{activity}</th>\n'
    '      <th scope="col">{priority}</th>\n      <th scope="col">{status}</th>\n      \n'
    '      <th scope="col">{reported}</th>\n    </tr>\n  </thead>\n  <tbody>\n  {rows}\n'
    "  </tbody>\n</table>\n</div>\n\n"
)


def _number(value):
    """A number as a template writes it (localized, escaped)."""
    return conditional_escape(localize(value))


def outline_markup(rows, *, filtered):
    """The browser's outline of `rows` (pages.rows.ActivityRow, in the programme's order):
    a section per objective, a disclosure per issue, open when `filtered`."""
    # Words from the catalogue: {% translate %} escapes them, {% blocktranslate %} does not.
    head = {
        "number": conditional_escape(gettext("Number")),
        "activity": conditional_escape(gettext("Activity")),
        "priority": conditional_escape(gettext("Priority")),
        "status": conditional_escape(gettext("Overall status")),
        "reported": conditional_escape(gettext("Reported by range states")),
    }
    objective_label = gettext("Objective %(number)s")
    opened = " open" if filtered else ""
    sections = []
    for objective, in_objective in groupby(rows, key=lambda row: row.activity.issue.objective):
        issues = []
        for issue, in_issue in groupby(in_objective, key=lambda row: row.activity.issue):
            in_issue = list(in_issue)
            count = len(in_issue)
            words = ngettext("%(counter)s activity", "%(counter)s activities", count)
            table = _TABLE.format(
                caption=conditional_escape(issue.title),
                rows=rows_markup(
                    in_issue,
                    show_headings=True,
                    show_issue=False,
                    state_column=False,
                    country_column=True,
                ),
                **head,
            )
            issues.append(
                _ISSUE.format(
                    code=conditional_escape(issue.code),
                    open=opened,
                    title=conditional_escape(issue.title),
                    count=words % {"counter": _number(count)},
                    table=table,
                )
            )
        number = _number(objective.number)
        sections.append(
            _OBJECTIVE.format(
                number=number,
                label=objective_label % {"number": number},
                title=conditional_escape(objective.title),
                issues="".join(issues),
            )
        )
    return mark_safe("\n      \n      " + "".join(sections) + "\n    ")
