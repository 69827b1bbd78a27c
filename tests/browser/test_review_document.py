"""The secretariat opens a cycle's implementation review from the review queue, downloads its
PDF and its Word document, and publishes it; an anonymous visitor then reads it."""

import io

import docx
import pypdf
import pytest
from playwright.sync_api import Page, expect

from programme.choices import ImplementationStatus
from programme.models import Activity, Programme
from rangestates.models import RangeState
from reporting.choices import ReportState
from reporting.models import FocalPoint
from tests.reporting.factories import ReportFactory

from .test_reporting import reporting_world, sign_in  # noqa: F401 - the shared fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PROGRESS = "Rangers of Sarychat counted forty ibex."


@pytest.fixture
def accepted_cycle(reporting_world):  # noqa: F811 - the fixture imported above
    cycle = reporting_world["cycle"]
    activity = Activity.objects.filter(programme=Programme.objects.current()).order_by(
        "sort_key"
    )[3]
    ReportFactory(
        cycle=cycle,
        activity=activity,
        range_state=RangeState.objects.get(iso_code="KG"),
        author=FocalPoint.objects.get().user,
        state=ReportState.ACCEPTED,
        status=ImplementationStatus.COMPLETED,
        progress=PROGRESS,
    )
    return cycle, activity


def test_the_secretariat_downloads_and_publishes_the_review(live_server, page: Page,
                                                            accepted_cycle):  # fmt: skip
    cycle, activity = accepted_cycle
    sign_in(page, live_server.url, "amina")
    page.goto(live_server.url + "/reporting/review/")
    page.get_by_role("link", name="implementation review").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(cycle.name)
    expect(page.locator(".review-doc")).to_contain_text(PROGRESS)

    with page.expect_download() as pdf_download:
        page.locator('[data-review-file="pdf-en"]').click()
    pdf = open(pdf_download.value.path(), "rb").read()
    text = " ".join(
        " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages).split()
    )
    assert activity.code in text and PROGRESS in text

    with page.expect_download() as word_download:
        page.locator('[data-review-file="docx-fr"]').click()
    assert word_download.value.suggested_filename.endswith(".docx")
    document = docx.Document(word_download.value.path())
    paragraphs = " ".join(paragraph.text for paragraph in document.paragraphs)
    assert activity.code in paragraphs and PROGRESS in paragraphs
    assert "Résumé" in paragraphs

    page.get_by_role("button", name="Publish this review").click()
    expect(page.locator(".review-doc")).to_contain_text(PROGRESS)
    published = page.url

    page.context.clear_cookies()
    page.goto(published)
    expect(page.locator(".review-doc")).to_contain_text(PROGRESS)
    with page.expect_download() as public_pdf:
        page.get_by_role("link", name="PDF").first.click()
    assert open(public_pdf.value.path(), "rb").read().startswith(b"%PDF-")
