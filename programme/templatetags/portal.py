"""Template helpers of the public pages: status and priority labels, abbreviations."""

from django import template
from django.core.exceptions import ObjectDoesNotExist
from django.utils.html import format_html
from django.utils.translation import pgettext_lazy

from core import search
from core.fallback import fallback_language, marked, marker
from programme.choices import ImplementationStatus, Priority

register = template.Library()

STATUS_LABELS = dict(ImplementationStatus.choices)
PRIORITY_LABELS = dict(Priority.choices)

# One or two letters per status for the dense matrix; the legend spells them out.
STATUS_ABBREVIATIONS = {
    ImplementationStatus.COMPLETED: pgettext_lazy("status abbreviation: Completed", "C"),
    ImplementationStatus.ONGOING: pgettext_lazy("status abbreviation: Ongoing", "O"),
    ImplementationStatus.IN_PROGRESS: pgettext_lazy("status abbreviation: In progress", "P"),
    ImplementationStatus.DELAYED: pgettext_lazy("status abbreviation: Delayed", "D"),
    ImplementationStatus.SUSPENDED: pgettext_lazy("status abbreviation: Suspended", "S"),
    ImplementationStatus.CANCELLED: pgettext_lazy("status abbreviation: Cancelled", "X"),
    ImplementationStatus.NOT_STARTED: pgettext_lazy("status abbreviation: Not started", "N"),
}


@register.filter
def status_label(value):
    """ "in_progress" -> "In progress" (in the current language)."""
    return STATUS_LABELS.get(value, value)


@register.filter
def status_abbreviation(value):
    return STATUS_ABBREVIATIONS.get(value, "")


@register.filter
def priority_label(value):
    return PRIORITY_LABELS.get(value, value)


@register.filter
def status_of(activity):
    """The status value recorded for an activity; "not_started" when none was recorded."""
    annotated = getattr(activity, "current_status", None)
    if annotated:
        return annotated
    try:
        return activity.status.status
    except ObjectDoesNotExist:
        return ImplementationStatus.NOT_STARTED


@register.filter
def shown(instance, name):
    """`instance.<name>` for a page: when it falls back to another language than the
    page's, in an element with that language's `lang` and a discreet marker."""
    return marked(getattr(instance, name), fallback_language(instance, name))


@register.filter
def shown_name(instance):
    """A record's name (a species' common name), marked when it falls back."""
    field = "common_name" if hasattr(instance, "common_name") else "name"
    return marked(str(instance), fallback_language(instance, field))


@register.filter
def shown_short(instance, name):
    """`instance.<name>` cut to 90 characters, marked when it falls back."""
    from django.utils.text import Truncator

    return marked(Truncator(getattr(instance, name)).chars(90), fallback_language(instance, name))


@register.filter
def fallback_mark(instance, name):
    """The marker alone, for an element whose text is built otherwise (e.g. highlighted)."""
    return marker(fallback_language(instance, name))


@register.filter
def lang_attr(instance, name):
    """` lang="en"` for an element whose whole text falls back to English, else nothing."""
    code = fallback_language(instance, name)
    return format_html(' lang="{}"', code) if code else ""


@register.filter
def highlight(text, query):
    """`text` escaped, with the words of the search `query` in <mark> (any inflection)."""
    return search.highlight(text, query)


@register.filter
def excerpt(text, query):
    """The part of `text` around the search's first matching word, highlighted."""
    return search.excerpt(text, query)
