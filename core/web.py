"""Helpers every listing page of the site shares: shares of a whole for bars, chips of the
active filters, the status of a filtered page (CSV downloads: core/exports.py)."""

from dataclasses import dataclass

from django.http import HttpResponseBadRequest
from django.utils.translation import gettext as _

# --- Shapes the templates draw (bars, chips) ---------------------------------------------


@dataclass
class Share:
    """One part of a whole: a bar in a chart or a segment of a stacked bar."""

    value: str
    label: str
    count: int
    percent: float
    offset: float = 0.0


def shares(counts: dict, order: list, total: int | None = None) -> list[Share]:
    """`counts` as shares of `total`, in `order`, each with its offset for a stacked bar."""
    total = sum(counts.values()) if total is None else total
    result, offset = [], 0.0
    for choice in order:
        count = counts.get(choice.value, 0)
        percent = round(100 * count / total, 1) if total else 0.0
        result.append(Share(choice.value, choice.label, count, percent, offset))
        offset = round(offset + percent, 1)
    return result


@dataclass
class Chip:
    """An active filter, with the URL of the same listing without it."""

    label: str
    value: str
    remove_url: str


def active_filter_chips(request, filterset, fields, multiple=()) -> list[Chip]:
    """One chip per chosen value of `fields`, each linking to the same page without it
    (`multiple`: the fields that take several values, one chip each)."""
    if not filterset.is_bound or not filterset.is_valid():
        return []
    chips = []
    form = filterset.form
    for name in fields:
        value = form.cleaned_data.get(name)
        if value is None or value == "" or (hasattr(value, "__len__") and not len(value)):
            continue
        field = form.fields[name]
        labels = {str(key): label for key, label in getattr(field.widget, "choices", [])}
        raw_values = request.GET.getlist(name)
        if name in multiple:
            for raw in raw_values:
                query = request.GET.copy()
                query.setlist(name, [v for v in raw_values if v != raw])
                chips.append(Chip(field.label, labels.get(raw, raw), f"?{query.urlencode()}"))
        else:
            query = request.GET.copy()
            query.pop(name, None)
            display = labels.get(str(value), value)
            chips.append(Chip(field.label, str(display), f"?{query.urlencode()}"))
    return chips


# --- Filtered listings ---------------------------------------------------------------


def filtered(filterset):
    """The filtered queryset; nothing when the filter itself is invalid (its errors show)."""
    if filterset.is_bound and not filterset.is_valid():
        return filterset.queryset.none()
    return filterset.qs


def filter_status(filterset) -> int:
    """The status of a listing page: 400 when its filter is invalid (the page shows the
    errors beside the fields and lists nothing, as the API answers 400)."""
    return 400 if filterset.is_bound and not filterset.is_valid() else 200


def invalid_filter_csv(filterset):
    """For a CSV download whose filter is invalid: a 400 that says what is wrong, instead of
    an empty file that looks like an answer. None when the filter is valid."""
    if filter_status(filterset) == 200:
        return None
    lines = [_("The filter is invalid:")]
    for name, errors in filterset.form.errors.items():
        label = filterset.form.fields[name].label if name in filterset.form.fields else name
        lines += [f"{label}: {error}" for error in errors]
    return HttpResponseBadRequest("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def is_filtered(filterset, fields) -> bool:
    """Whether one of `fields` is given a value."""
    return filterset.is_bound and any(
        filterset.form.data.get(name) not in (None, "") for name in fields
    )
