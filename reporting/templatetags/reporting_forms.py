"""Rendering of form fields with the portal's (Bootstrap) classes and accessible errors."""

from django import forms, template
from django.utils.safestring import mark_safe

from core.html import escaped
from core.templatetags.form_options import field_widget

register = template.Library()


@register.filter
def control(field):
    """The field's widget with its CSS class, `aria-invalid` and `aria-describedby` set (a
    menu written without a template per option: `core.templatetags.form_options`)."""
    widget = field.field.widget
    if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
        css = ""
    elif isinstance(widget, forms.Select):
        css = "form-select"
    elif isinstance(widget, forms.CheckboxInput):
        css = "form-check-input"
    else:
        css = "form-control"
    attrs = {}
    # A description the form gives the widget itself (e.g. the statuses' definitions) first.
    described = widget.attrs.get("aria-describedby", "").split()
    if field.help_text:
        described.append(f"{field.auto_id}_help")
    if field.errors:
        css += " is-invalid"
        attrs["aria-invalid"] = "true"
        described.append(f"{field.auto_id}_error")
    if css.strip():
        existing = widget.attrs.get("class", "")
        attrs["class"] = f"{existing} {css}".strip()
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return field_widget(field, attrs)


@register.simple_tag
def cycle_options(cycles, chosen):
    """The `<option>` of each cycle of a cycle menu, `chosen` selected (as a loop of the
    template would write them, without a template lookup per cycle: the menu holds every
    cycle)."""
    chosen_pk = getattr(chosen, "pk", None)
    return mark_safe(  # each value escaped here (core.html.escaped), without format_html's
        "".join(  # checks for lazy arguments per option
            f'<option value="{escaped(c.pk)}"{" selected" if c.pk == chosen_pk else ""}>'
            f"{escaped(c.name)}</option>"
            for c in cycles
        )
    )
