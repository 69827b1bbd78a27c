"""The rows of includes/activity_rows.html and the activity browser's outline, written in
Python (pages/rows.py, pages/outline.py)."""

from django import template

from ..outline import outline_markup
from ..rows import rows_markup

register = template.Library()


@register.simple_tag
def activity_rows_markup(rows, show_headings, show_issue, state_column, country_column):
    """The table's rows with the include's options (each empty when not given)."""
    return rows_markup(
        rows,
        show_headings=show_headings,
        show_issue=show_issue,
        state_column=state_column,
        country_column=country_column,
    )


@register.simple_tag
def activity_outline(rows, filtered):
    """The activity browser's outline: its rows under their objectives and issues."""
    return outline_markup(rows, filtered=filtered)
