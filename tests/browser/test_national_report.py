"""A focal point reads the guidance on the report form (what each status means, the
cycle's guidelines and whom to ask), then opens all their reports of the cycle as one
document from My reporting, prints it without the site's menus and downloads it as a PDF
holding the reports. Screenshots (desktop 1366x900 and phone 390x844) are kept in
test-artifacts/browser/."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

from rangestates.models import RangeState
from reporting.choices import ReportState
from reporting.models import Report

from .test_reporting import reporting_world, sign_in  # noqa: F401 (a fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts" / "browser"
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


def shoot(page: Page, name: str):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


@pytest.fixture
def national_world(reporting_world):  # noqa: F811
    cycle = reporting_world["cycle"]
    cycle.guidelines_en = "Report only on what was done in the period.\n\nAttach decrees."
    cycle.contact_name = "Aida Secretariat"
    cycle.contact_email = "cami@example.org"
    cycle.save()
    kyra = get_user_model().objects.get(username="kyra")
    kyrgyzstan = RangeState.objects.get(iso_code="KG")
    Report.objects.create(
        cycle=cycle, activity=reporting_world["activity"], range_state=kyrgyzstan, author=kyra,
        state=ReportState.DRAFT, status="in_progress", progress="Trained 40 rangers in Naryn.",
    )  # fmt: skip
    return reporting_world


def test_guidance_on_the_form(live_server, browser: Browser, national_world):
    form = reverse(
        "reporting:report_for",
        args=[national_world["cycle"].pk, "range-states", "KG", national_world["activity"].code],
    )
    page = browser.new_context(locale="en-GB", viewport=DESKTOP).new_page()
    sign_in(page, live_server.url, "kyra")
    page.goto(live_server.url + form)
    guidance = page.locator(".rep-guidance")
    expect(guidance).to_contain_text("Report only on what was done in the period.")
    expect(guidance.get_by_role("link", name="cami@example.org")).to_have_attribute(
        "href", "mailto:cami@example.org"
    )
    definitions = page.locator("#status-definitions")
    expect(definitions.get_by_text("Work has stopped for now")).to_be_hidden()
    definitions.get_by_text("What each status means").click()
    expect(definitions.get_by_text("Work has stopped for now")).to_be_visible()
    status = page.get_by_label("Implementation status")
    assert status.get_attribute("aria-describedby").split()[0] == "status-definitions"
    shoot(page, "report-form-guidance-desktop")
    page.context.close()


def test_national_report_page_print_and_pdf(live_server, browser: Browser, national_world):
    page = browser.new_context(locale="en-GB", viewport=DESKTOP, accept_downloads=True).new_page()
    sign_in(page, live_server.url, "kyra")
    page.get_by_role("link", name="All my reports of this cycle as one document").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "National report · Reports before COP14"
    )
    expect(page.locator(".national-report")).to_have_count(1)
    expect(page.locator(".national-report")).to_contain_text("Trained 40 rangers in Naryn.")
    expect(page.locator(".national-report")).to_contain_text("Draft")
    shoot(page, "national-report-desktop")

    # Printed: the document alone, without the site's header and the buttons.
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.get_by_role("link", name="Download as PDF")).to_be_hidden()
    expect(page.locator(".national-report")).to_be_visible()
    page.emulate_media(media="screen")

    with page.expect_download() as info:
        page.get_by_role("link", name="Download as PDF").click()
    download = info.value
    assert download.suggested_filename.endswith(".pdf")
    data = Path(download.path()).read_bytes()
    assert data.startswith(b"%PDF")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    assert "Trained 40 rangers in Naryn." in text
    assert "Kyrgyzstan" in text and "Reports before COP14" in text
    page.context.close()

    phone = browser.new_context(locale="en-GB", viewport=PHONE).new_page()
    sign_in(phone, live_server.url, "kyra")
    phone.get_by_role("link", name="All my reports of this cycle as one document").click()
    expect(phone.locator(".national-report")).to_contain_text("Trained 40 rangers in Naryn.")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], width
    shoot(phone, "national-report-phone")
    phone.context.close()
