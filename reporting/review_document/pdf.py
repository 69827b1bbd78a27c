"""The review as a PDF: the HTML body with the print stylesheet, laid out by WeasyPrint.

What takes WeasyPrint's time is laying out lines and table cells, so the long lists of a
large cycle (the statuses that changed, the matrix, the list of reports) are written as a
few compact paragraphs or a table of short codes rather than a table cell per value."""

from itertools import groupby

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import override

from .charts import all_charts
from .content import review_title


def matrix_key(content) -> list[dict]:
    """The statuses numbered, for the matrix's cells."""
    return [
        {"number": number, "code": status["code"], "label": status["label"]}
        for number, status in enumerate(content["statuses"], start=1)
    ]


def matrix_rows(content) -> list[dict]:
    """Annex 1's rows with each status as its number in the key."""
    number = {row["code"]: row["number"] for row in matrix_key(content)}
    return [
        {"code": row["code"], "cells": [number.get(code, "") for code in row["codes"]]}
        for row in content["annex"]["matrix"]
    ]


def moved_by_activity(content) -> list[dict]:
    """The statuses that changed since the previous cycle, one line per activity."""
    return [
        {
            "activity": activity,
            "text": "; ".join(
                f"{row['country']}: {row['before']} → {row['after']}" for row in rows
            ),
        }
        for activity, rows in groupby(content["changes"]["moved"], key=lambda r: r["activity"])
    ]


def reports_by_activity(content) -> list[dict]:
    """Annex 2: the accepted reports, grouped by activity."""

    def one(row):
        return _("%(subject)s (no. %(number)s): %(status)s, %(submitted)s / %(accepted)s") % {
            "subject": row["subject"],
            "number": row["pk"],
            "status": row["status"],
            "submitted": row["submitted"] or "—",
            "accepted": row["accepted"] or "—",
        }

    return [
        {"activity": activity, "text": "; ".join(one(row) for row in rows)}
        for activity, rows in groupby(content["annex"]["reports"], key=lambda r: r["activity"])
    ]


def review_context(content, published_at=None) -> dict:
    """What the review's templates read: the content, its figures and its title."""
    with override(content["language"]):
        return {
            "content": content,
            "charts": all_charts(content),
            "title": review_title(content),
            "published_at": published_at,
            "matrix_key": matrix_key(content),
            "matrix_rows": matrix_rows(content),
            "moved_by_activity": moved_by_activity(content),
            "reports_by_activity": reports_by_activity(content),
        }


def render_pdf(content, *, published_at=None, base_url=None) -> bytes:
    from weasyprint import HTML  # loaded on demand: it brings in Pango

    with override(content["language"]):
        html = render_to_string(
            "reporting/review_document/print.html", review_context(content, published_at)
        )
        document = HTML(string=html, base_url=base_url or ".").render()
        del html
        return document.write_pdf()
