"""The options of a multiple-choice form field, written faster than Django writes them."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

# Option templates whose markup `option_tag` writes itself (Django's own, unchanged here).
OPTION_TEMPLATES = (
    "django/forms/widgets/checkbox_option.html",
    "django/forms/widgets/radio_option.html",
)


@register.filter
def option_tag(choice):
    """`choice.tag` of a check box or radio button (a BoundWidget): the same `<input>`,
    written here rather than through the three templates Django renders for each option
    (the activity filter has a hundred options on every page that shows it)."""
    widget = choice.data
    if choice.template_name not in OPTION_TEMPLATES:
        return choice.tag()
    parts = [format_html('<input type="{}" name="{}"', widget["type"], widget["name"])]
    if widget["value"] is not None:
        parts.append(format_html(' value="{}"', str(widget["value"])))
    for name, value in widget["attrs"].items():
        if value is True:
            parts.append(format_html(" {}", name))
        elif value is not False:
            parts.append(format_html(' {}="{}"', name, str(value)))
    parts.append(">")
    return mark_safe("".join(parts))
