"""Links of the public pages that keep the programme they show: on a page of a programme
that is not the current one, every link to a page whose content depends on the programme
carries `?programme=<code>` (an address that stays valid whichever programme is current);
and the programme switcher of any such page."""

from django import template
from django.utils.http import urlencode

from ..switcher import programme_switcher

register = template.Library()


@register.simple_tag(takes_context=True)
def programme_param(context, separator="?"):
    """`?programme=<code>` (or `&programme=…` after a query) when the page was asked for a
    given programme (or shows one that is not current); nothing otherwise, so the links of a
    page without `?programme=` follow the current one. A page's content (links included)
    does not change when another programme is made current."""
    programme, request = context.get("programme"), context.get("request")
    asked = request is not None and "programme" in request.GET
    if programme is None or (programme.is_current and not asked):
        return ""
    return separator + urlencode({"programme": programme.code})


@register.inclusion_tag("includes/programme_switcher.html", takes_context=True)
def programme_switcher_nav(context):
    """The switcher for the page being shown (nothing while only one programme is loaded)."""
    programme, request = context.get("programme"), context.get("request")
    entries = programme_switcher(request, programme) if programme and request else []
    return {"programme_switcher": entries}
