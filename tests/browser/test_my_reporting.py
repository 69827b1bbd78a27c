"""The focal point's "My reporting" after the secretariat returned a report: the return, its
comment and the days left come first; on a phone the activities fold by objective. Screenshots
(desktop and phone) are kept in test-artifacts/browser/."""

from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from playwright.sync_api import Browser, Page, expect

from rangestates.models import RangeState
from reporting.choices import ReportState
from reporting.models import Report, ReportTransition

from .test_reporting import reporting_world, sign_in  # noqa: F401 (a fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts" / "browser"
PHONE = {"width": 390, "height": 844}


def shoot(page: Page, name: str):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


@pytest.fixture
def returned_report(reporting_world):  # noqa: F811
    users = get_user_model().objects
    kyra, amina = users.get(username="kyra"), users.get(username="amina")
    report = Report.objects.create(
        cycle=reporting_world["cycle"],
        activity=reporting_world["activity"],
        range_state=RangeState.objects.get(iso_code="KG"),
        author=kyra,
        state=ReportState.RETURNED,
        status="in_progress",
        progress="Trained 40 rangers in Naryn.",
    )
    ReportTransition.objects.create(
        report=report, by=amina, from_state=ReportState.SUBMITTED,
        to_state=ReportState.RETURNED, comment="How many of them were women?",
    )  # fmt: skip
    return report


def test_the_return_comes_first_on_desktop_and_phone(
    live_server, page: Page, browser: Browser, returned_report
):
    code = returned_report.activity.code
    sign_in(page, live_server.url, "kyra")
    summary = page.locator("section[aria-labelledby=attention-title]")
    expect(summary.get_by_role("heading", name="What needs your attention")).to_be_visible()
    expect(summary).to_contain_text("Returned to you for changes (1)")
    expect(summary).to_contain_text("How many of them were women?")
    expect(summary).to_contain_text("days left")
    expect(summary.get_by_role("link", name="1 Returned for changes")).to_be_visible()
    # The summary stands above the list, in the first screen.
    assert summary.bounding_box()["y"] < 900
    shoot(page, "my-reporting-desktop")

    # Only the returned report, by its state.
    summary.get_by_role("link", name="1 Returned for changes").click()
    expect(page.locator("tbody tr")).to_have_count(1)
    expect(page.locator("tbody tr")).to_contain_text("Returned for changes")

    # From the summary to the form, with the comment.
    page.goto(live_server.url + "/reporting/mine/")
    summary.get_by_role("link", name=code).click()
    expect(page.locator(".rep-comment")).to_contain_text("How many of them were women?")

    # On a phone: the objectives are folded but for the one with the return, and the page is
    # short (it was ~27,000 px of cards).
    phone = browser.new_context(locale="en-GB", viewport=PHONE).new_page()
    sign_in(phone, live_server.url, "kyra")
    expect(phone.locator("section[aria-labelledby=attention-title]")).to_contain_text(
        "How many of them were women?"
    )
    opened = phone.locator("details.rep-objective[open]")
    expect(opened).to_have_count(1)
    expect(opened.get_by_role("link", name=f"Continue {code}", exact=True)).to_be_visible()
    shoot(phone, "my-reporting-phone")
    height = phone.evaluate("document.documentElement.scrollHeight")
    assert height < 9000, height
    phone.context.close()
