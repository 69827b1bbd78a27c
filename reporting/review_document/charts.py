"""The review's charts and its map, drawn on the server as SVG from the review's content.

The same SVG goes into the HTML page and the PDF as it is, and into the Word document as a
PNG (CairoSVG). Every chart has a title and its numbers are also in the review's tables."""

import json
from functools import lru_cache
from html import escape

from django.utils.translation import gettext as _

from .mapdata import OUTLINES

FONT = "DejaVu Sans, Arial, sans-serif"
STATUS_COLOURS = {
    "not_started": "#c9ced6",
    "in_progress": "#4e8fd1",
    "ongoing": "#2b6cb0",
    "completed": "#2f855a",
    "delayed": "#d69e2e",
    "suspended": "#c05621",
    "cancelled": "#822727",
}
# Reporting rate buckets: (lowest rate included, colour, label).
RATE_BUCKETS = (
    (67, "#1f6f43"),
    (34, "#4fa36f"),
    (1, "#a8d5b5"),
    (0, "#f1e3c6"),
)
OTHER_COUNTRY = "#eceff3"


def _svg(width, height, title, body, role="img") -> str:
    """An SVG document; one whose shapes are links is a group (an image holds no links)."""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'width="{width:.0f}" height="{height:.0f}" role="{role}" '
        f'aria-label="{escape(title)}" font-family="{FONT}">'
        f"<title>{escape(title)}</title>{body}</svg>"
    )


def _text(x, y, text, size=12, anchor="start", weight="normal", fill="#1a202c"):
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" '
        f'font-weight="{weight}" fill="{fill}">{escape(str(text))}</text>'
    )


def _legend(items, y, width):
    """A row of swatches: items are (colour, label)."""
    parts, x = [], 10.0
    for colour, label in items:
        step = 26 + 6.5 * len(label)
        if x + step > width:
            x, y = 10.0, y + 18
        parts.append(f'<rect x="{x:.1f}" y="{y - 10:.1f}" width="12" height="12" fill="{colour}"/>')
        parts.append(_text(x + 16, y, label, size=11))
        x += step
    return "".join(parts), y


def statuses_by_objective(content) -> str:
    """Stacked bars: per objective, the statuses the range states reported."""
    title = _("Statuses reported, by objective")
    rows = content["objectives"]
    width, left, bar = 640, 120, 22
    parts = [_text(10, 20, title, size=14, weight="bold")]
    y = 40
    for row in rows:
        total = sum(cell["count"] for cell in row["countries"]) or 1
        parts.append(_text(10, y + 15, _("Objective %(n)s") % {"n": row["number"]}, size=12))
        x = left
        for cell in row["countries"]:
            share = (width - left - 50) * cell["count"] / total
            if cell["count"]:
                parts.append(
                    f'<rect x="{x:.1f}" y="{y}" width="{share:.1f}" height="{bar}" '
                    f'fill="{STATUS_COLOURS.get(cell["code"], "#999")}">'
                    f"<title>{escape(cell['label'])}: {cell['count']}</title></rect>"
                )
            x += share
        parts.append(_text(width - 45, y + 15, sum(c["count"] for c in row["countries"])))
        y += bar + 10
    legend, y = _legend(
        [(STATUS_COLOURS.get(s["code"], "#999"), s["label"]) for s in content["statuses"]],
        y + 14,
        width,
    )
    parts.append(legend)
    return _svg(width, y + 12, title, "".join(parts))


def rate_colour(rate):
    for lowest, colour in RATE_BUCKETS:
        if rate >= lowest:
            return colour
    return RATE_BUCKETS[-1][1]


def rate_legend():
    return [
        (RATE_BUCKETS[0][1], _("67% or more")),
        (RATE_BUCKETS[1][1], _("34–66%")),
        (RATE_BUCKETS[2][1], _("1–33%")),
        (RATE_BUCKETS[3][1], _("no accepted report")),
    ]


def reporting_rate(content) -> str:
    """Horizontal bars: per range state, the share of activities reported on."""
    title = _("Reporting rate by range state")
    rates = content["annex"]["rates"]
    width, left, bar = 640, 190, 16
    parts = [_text(10, 20, title, size=14, weight="bold")]
    y = 36
    for row in rates:
        share = (width - left - 60) * row["rate"] / 100
        parts.append(_text(10, y + 12, row["name"], size=11))
        parts.append(
            f'<rect x="{left}" y="{y}" width="{max(share, 1):.1f}" height="{bar}" '
            f'fill="{rate_colour(row["rate"])}"/>'
        )
        parts.append(_text(left + share + 6, y + 12, f"{row['rate']}%", size=11))
        y += bar + 6
    return _svg(width, y + 10, title, "".join(parts))


def changes(content) -> str:
    """Paired bars: per status, the range states' reports in the previous cycle and now."""
    title = _("Change since the previous cycle")
    counts = content["changes"]["counts"]
    width, left, bar = 640, 190, 11
    top = max([max(c["before"], c["now"]) for c in counts] + [1])
    parts = [_text(10, 20, title, size=14, weight="bold")]
    y = 36
    for row in counts:
        parts.append(_text(10, y + 14, row["label"], size=11))
        pair = ((0, row["before"], "#a0aec0"), (bar + 1, row["now"], "#2b6cb0"))
        for offset, value, colour in pair:
            share = (width - left - 50) * value / top
            parts.append(
                f'<rect x="{left}" y="{y + offset}" width="{max(share, 1):.1f}" '
                f'height="{bar}" fill="{colour}"/>'
            )
            parts.append(_text(left + share + 5, y + offset + 10, value, size=10))
        y += 2 * bar + 9
    previous = content["previous_cycle"] or _("no previous cycle")
    legend, y = _legend(
        [("#a0aec0", previous), ("#2b6cb0", content["cycle"]["name"])], y + 14, width
    )
    parts.append(legend)
    return _svg(width, y + 12, title, "".join(parts))


@lru_cache(maxsize=1)
def outlines():
    return json.loads(OUTLINES.read_text(encoding="utf-8"))


def _map_legend(height):
    items = rate_legend()
    box_height = 18 * len(items) + 12
    parts = [
        f'<rect x="8" y="{height - box_height - 8}" width="190" height="{box_height}" '
        'fill="#ffffff" fill-opacity="0.85" stroke="#a0aec0"/>'
    ]
    y = height - box_height + 8
    for colour, label in items:
        parts.append(f'<rect x="16" y="{y - 10}" width="12" height="12" fill="{colour}"/>')
        parts.append(_text(34, y, label, size=11))
        y += 18
    return "".join(parts)


def range_state_map(rates, *, title=None, links=None) -> str:
    """The range states coloured by reporting rate, their neighbours in grey.

    `rates` are {"iso", "name", "rate"} (a rate of None: no colour by rate); `links` maps an
    ISO code to the address the country's shape links to (the home page's map)."""
    data = outlines()
    title = title or _("Range states by reporting rate")
    by_iso = {row["iso"]: row for row in rates}
    links = links or {}
    width, height = data["width"], data["height"]
    shapes, labels = [], []
    for country in data["countries"]:
        row = by_iso.get(country["iso"]) if country["iso"] else None
        if row is None:
            shapes.append(
                f'<path d="{country["d"]}" fill="{OTHER_COUNTRY}" stroke="#ffffff" '
                'stroke-width="0.6"/>'
            )
            continue
        colour = rate_colour(row["rate"]) if row.get("rate") is not None else "#9fb8d6"
        tip = escape(row.get("tip") or f"{row['name']}: {row.get('rate', '')}%")
        shape = (
            f'<path d="{country["d"]}" fill="{colour}" stroke="#2d3748" stroke-width="0.8" '
            f'data-iso="{country["iso"]}"><title>{tip}</title></path>'
        )
        if country["iso"] in links:
            shape = (
                f'<a href="{escape(links[country["iso"]])}" aria-label="{escape(row["name"])}">'
                f"{shape}</a>"
            )
        shapes.append(shape)
        if country["label"]:
            x, y = country["label"]
            labels.append(_text(x, y + 4, country["iso"], size=11, anchor="middle", weight="bold"))
    body = (
        f'<rect width="{width}" height="{height}" fill="#dbe9f5"/>'
        + "".join(shapes)
        + "".join(labels)
        + _map_legend(height)
        + f'<rect width="{width}" height="{height}" fill="none" stroke="#a0aec0"/>'
    )
    return _svg(width, height, title, body, role="group" if links else "img")


def review_map(content) -> str:
    return range_state_map(content["annex"]["rates"])


def all_charts(content) -> dict:
    """Every figure of the review, by name, as SVG."""
    return {
        "map": review_map(content),
        "statuses": statuses_by_objective(content),
        "rates": reporting_rate(content),
        "changes": changes(content),
    }
