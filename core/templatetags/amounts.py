"""Amounts as the page's language writes them: thousands grouped, with the currency."""

from decimal import Decimal

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def money(amount, currency=""):
    """1234567.5, "USD" -> "1,234,567.50 USD" (en), "1 234 567,50 USD" (fr, ru). Whole
    amounts without decimals."""
    if amount in (None, ""):
        return ""
    value = Decimal(str(amount))
    places = 0 if value == value.to_integral_value() else 2
    text = number_format(value, places, use_l10n=True, force_grouping=True)
    return f"{text}\xa0{currency}" if currency else text
