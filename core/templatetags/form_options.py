"""The options of a multiple-choice form field, written faster than Django writes them."""

from django import template
from django.forms import CheckboxSelectMultiple, RadioSelect, Select, SelectMultiple
from django.forms.models import ModelChoiceIterator
from django.forms.widgets import ChoiceWidget
from django.utils.formats import localize
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django_filters.fields import ModelChoiceIterator as FilterChoiceIterator

from core.html import escaped as _escape

register = template.Library()

# Option templates whose markup `option_tag` writes itself (Django's own, unchanged here).
OPTION_TEMPLATES = (
    "django/forms/widgets/checkbox_option.html",
    "django/forms/widgets/radio_option.html",
)

# One option of includes/filter_field_checkboxes.html as its loop wrote it, the white space
# around it included.
_CHOICE = (
    '\n      <div class="form-check">{}<label class="form-check-label" for="{}">{}</label></div>'
    "\n    "
)


def _input(input_type, name, value, attrs):
    """Django's checkbox_option.html / radio_option.html's `<input>` (escaped as
    `format_html` would)."""
    parts = [f'<input type="{_escape(input_type)}" name="{_escape(name)}"']
    if value is not None:
        parts.append(f' value="{_escape(str(value))}"')
    for key, item in attrs.items():
        if item is True:
            parts.append(f" {_escape(key)}")
        elif item is not False:
            parts.append(f' {_escape(key)}="{_escape(str(item))}"')
    parts.append(">")
    return "".join(parts)


@register.filter
def option_tag(choice):
    """`choice.tag` of a check box or radio button (a BoundWidget): the same `<input>`,
    written here rather than through the three templates Django renders for each option
    (the activity filter has a hundred options on every page that shows it)."""
    widget = choice.data
    if choice.template_name not in OPTION_TEMPLATES:
        return choice.tag()
    return mark_safe(_input(widget["type"], widget["name"], widget["value"], widget["attrs"]))


def _flat(choices):
    """(index, value, label) of each option, or None when the choices have groups."""
    options = []
    for index, (value, label) in enumerate(choices):
        if isinstance(label, (list, tuple)):
            return None
        options.append((str(index), "" if value is None else value, label))
    return options


@register.filter
def choice_options(field):
    """Every option of a check-box or radio field (a BoundField) as
    includes/filter_field_checkboxes.html's loop over `field` wrote them (`option_tag` and
    its label), without a BoundWidget and an option's dictionary each: what Django's
    `ChoiceWidget.optgroups` and `create_option` decide (checked, the option's id), decided
    once for the field."""
    widget = field.field.widget
    fast = isinstance(widget, (CheckboxSelectMultiple, RadioSelect))
    options = _flat(widget.choices) if fast else None
    if options is None or widget.option_template_name not in OPTION_TEMPLATES:
        return mark_safe(
            "".join(
                format_html(_CHOICE, option_tag(choice), choice.id_for_label, choice.choice_label)
                for choice in field
            )
        )
    id_ = widget.attrs.get("id") or field.auto_id
    attrs = field.build_widget_attrs({"id": id_} if id_ else {})
    base = widget.build_attrs(widget.attrs, attrs)
    chosen = widget.format_value(field.value())
    multiple = widget.allow_multiple_selected
    has_selected = False
    parts = []
    for index, value, label in options:
        selected = (not has_selected or multiple) and str(value) in chosen
        has_selected |= selected
        option_attrs = dict(base)
        if selected:
            option_attrs.update(widget.checked_attribute)
        if "id" in option_attrs:
            option_attrs["id"] = widget.id_for_label(option_attrs["id"], index)
        parts.append(
            _CHOICE.format(
                _input(widget.input_type, field.html_name, value, option_attrs),
                _escape(str(option_attrs.get("id"))),
                _escape(localize(label)),
            )
        )
    return mark_safe("".join(parts))


@register.simple_tag
def checkbox_group(field, collapsible=False):
    """What includes/filter_field_checkboxes.html writes for `field` (a BoundField of check
    boxes): a fieldset of its options, in a disclosure when `collapsible` (open while
    something in it is chosen), with its errors (tests/pages/test_filter_form.py compares
    them)."""
    label = _escape(field.label)
    errors = field.errors
    described = f' aria-describedby="{_escape(field.auto_id)}_errors"' if errors else ""
    if collapsible:
        value = field.value()
        badge = (
            f' <span class="badge text-bg-secondary">{_escape(localize(len(value)))}</span>'
            if value
            else ""
        )
        head = (
            f'<details class="filter-group"{" open" if value else ""}>\n'
            f"  <summary>{label}{badge}</summary>\n"
            f'  <fieldset class="filter-choices scroll"{described}>\n'
            f'    <legend class="visually-hidden">{label}</legend>\n'
        )
    else:
        head = (
            f'<fieldset class="filter-group filter-choices"{described}>\n'
            f'    <legend class="form-label">{label}</legend>\n'
        )
    shown = ""
    if errors:
        joined = " ".join(_escape(error) for error in errors)
        shown = (
            f'<div class="invalid-feedback d-block" id="{_escape(field.auto_id)}_errors">'
            f"{joined}</div>"
        )
    return mark_safe(
        f"\n{head}\n    {shown}\n    {choice_options(field)}\n  </fieldset>\n"
        f"{'</details>' if collapsible else ''}\n"
    )


# --- Menus (<select>) -----------------------------------------------------------------------

SELECT_TEMPLATE = "django/forms/widgets/select.html"
SELECT_OPTION_TEMPLATE = "django/forms/widgets/select_option.html"
#: The iterators of Django's and django-filter's model choice fields, whose choices
#: `ChoicesInOneQuery` gives the same.
ITERATORS = (ModelChoiceIterator, FilterChoiceIterator)


def _attrs(attrs):
    """Django's widgets/attrs.html."""
    return "".join(
        f" {conditional_escape(name)}"
        if value is True
        else f' {conditional_escape(name)}="{conditional_escape(str(value))}"'
        for name, value in attrs.items()
        if value is not False
    )


class ChoicesInOneQuery(ModelChoiceIterator):
    """The choices of a model's menu as its field's own iterator gives them (Django's, or
    django-filter's with its null choice), the objects read in one query: Django reads them
    through `iterator()`, on PostgreSQL a server-side cursor held past the transaction
    (DECLARE, two FETCHes and CLOSE: four round trips for a menu of a hundred rows)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        if getattr(self.field, "null_label", None) is not None:  # django-filter's fields
            yield (self.field.null_value, self.field.null_label)
        for obj in self.queryset.all():
            yield self.choice(obj)


def render_widget(widget, name, value, attrs=None, renderer=None):
    """`widget.render(...)`; a menu (Django's select.html and select_option.html) is written
    here from the same context, without a template rendered per option, its model's objects
    read in one query (`ChoicesInOneQuery`)."""
    if (
        widget.template_name != SELECT_TEMPLATE
        or widget.option_template_name != SELECT_OPTION_TEMPLATE
    ):
        return widget.render(name, value, attrs=attrs, renderer=renderer)
    choices = widget.choices
    if type(choices) in ITERATORS and type(choices).choice is ModelChoiceIterator.choice:
        widget.choices = ChoicesInOneQuery(choices.field)
    if _plain_select(widget):
        options = _options(widget, value)
        if options is not None:
            select_attrs = widget.build_attrs(widget.attrs, attrs)
            if widget.allow_multiple_selected:
                select_attrs["multiple"] = True
            return mark_safe(
                f'<select name="{conditional_escape(name)}"{_attrs(select_attrs)}>'
                f"{''.join(options)}\n</select>"
            )
    context = widget.get_context(name, value, attrs)["widget"]
    parts = [f'<select name="{conditional_escape(context["name"])}"{_attrs(context["attrs"])}>']
    for group_name, group_choices, _index in context["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{conditional_escape(localize(group_name))}">')
        for option in group_choices:
            parts.append(_option(option["value"], _attrs(option["attrs"]), option["label"]))
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")  # the renderer strips the template's last line break
    return mark_safe("".join(parts))


def _plain_select(widget):
    """Whether `widget` is a `Select` (or `SelectMultiple`) whose context and options are
    Django's own: what `_options` writes without them."""
    kind = type(widget)
    return (
        isinstance(widget, Select)
        and kind.get_context in (Select.get_context, SelectMultiple.get_context)
        and kind.optgroups is ChoiceWidget.optgroups
        and kind.create_option is ChoiceWidget.create_option
        and kind.format_value is ChoiceWidget.format_value
        and kind.build_attrs is ChoiceWidget.build_attrs
        and not widget.option_inherits_attrs
        and widget.checked_attribute == {"selected": True}
    )


def _options(widget, value):
    """The `<option>`s select.html and select_option.html write for `widget`'s choices and
    `value`, decided as `ChoiceWidget.optgroups` decides them (the first choice whose value
    is chosen is selected, every one in a multiple select), without an option's dictionary
    each; None for choices in groups (written from Django's context)."""
    chosen = widget.format_value(value)
    multiple = widget.allow_multiple_selected
    has_selected = False
    options = []
    for option_value, label in widget.choices:
        if isinstance(label, (list, tuple)):
            return None
        if option_value is None:
            option_value = ""
        selected = (not has_selected or multiple) and str(option_value) in chosen
        has_selected |= selected
        options.append(_option(option_value, " selected" if selected else "", label))
    return options


def _option(value, attributes, label):
    """Django's select_option.html for one option (`attributes`: as `_attrs` writes them)."""
    return (
        f'\n  <option value="{conditional_escape(str(value))}"{attributes}>'
        f"{conditional_escape(localize(label))}</option>\n"
    )


def field_widget(field, attrs=None):
    """`field.as_widget(attrs=attrs)` (a BoundField), a menu written by `render_widget`."""
    widget = field.field.widget
    if field.field.localize:
        widget.is_localized = True
    attrs = field.build_widget_attrs(attrs or {}, widget)
    if field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", field.auto_id)
    return render_widget(
        widget, field.html_name, field.value(), attrs=attrs, renderer=field.form.renderer
    )


@register.filter
def widget_tag(field):
    """`{{ field }}` (a BoundField), a menu written by `render_widget`."""
    if field.field.show_hidden_initial:
        return str(field)
    return field_widget(field)
