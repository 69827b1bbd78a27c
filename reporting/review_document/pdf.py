"""The review as a PDF: the HTML body with the print stylesheet, laid out by WeasyPrint."""

from django.template.loader import render_to_string
from django.utils.translation import override

from .charts import all_charts
from .content import review_title


def review_context(content, published_at=None) -> dict:
    """What the review's templates read: the content, its figures and its title."""
    with override(content["language"]):
        return {
            "content": content,
            "charts": all_charts(content),
            "title": review_title(content),
            "published_at": published_at,
        }


def render_pdf(content, *, published_at=None, base_url=None) -> bytes:
    from weasyprint import HTML  # loaded on demand: it brings in Pango

    with override(content["language"]):
        html = render_to_string(
            "reporting/review_document/print.html", review_context(content, published_at)
        )
        return HTML(string=html, base_url=base_url or ".").write_pdf()
