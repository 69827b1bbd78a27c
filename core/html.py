"""`escaped`: Django's `conditional_escape`, for markup written in Python many times a page."""

import html


def escaped(value):
    """The text of `conditional_escape(value)`, without the check for lazy arguments that
    Django's `escape` makes on each call (through `keep_lazy`): the options of a form field,
    the cells and menus of a list, written a few hundred times a page."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))
