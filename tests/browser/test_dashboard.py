"""The secretariat's dashboard in a browser: the cycle by range state and species, "remind
now" sending the reminder once, and the admin index's way to the queue. Screenshots (desktop
and phone) are kept in test-artifacts/browser/."""

from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Browser, Page, expect

from reporting.models import Reminder
from tests.mailbox import delivered

from .test_reporting import reporting_world, sign_in  # noqa: F401 (a fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts" / "browser"


def shoot(page: Page, name: str):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_the_dashboard_and_remind_now(live_server, page: Page, browser: Browser, reporting_world):  # noqa: F811
    sign_in(page, live_server.url, "amina")
    expect(page.get_by_role("heading", level=1)).to_have_text("Reports to review")
    expect(page.get_by_role("link", name="Review", exact=True)).to_be_visible()
    page.get_by_role("link", name="Dashboard of the cycle").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reporting dashboard")
    row = page.locator("tr", has=page.get_by_role("rowheader", name="Kyrgyzstan"))
    expect(row).to_contain_text("Kyra Bekova")
    expect(row).to_contain_text("never reminded")
    shoot(page, "dashboard-desktop")

    row.get_by_role("button", name="Remind Kyra Bekova now").click()
    expect(page.get_by_text("A reminder of")).to_contain_text("was sent to Kyra Bekova")
    row = page.locator("tr", has=page.get_by_role("rowheader", name="Kyrgyzstan"))
    expect(row).to_contain_text("(by hand)")
    reminder = Reminder.objects.get()
    assert reminder.sent_by.username == "amina"
    assert [mail.to for mail in delivered()] == [[reminder.focal_point.user.email]]

    # A second click the same day sends nothing.
    row.get_by_role("button", name="Remind Kyra Bekova now").click()
    expect(page.get_by_text("was already reminded today.")).to_be_visible()
    assert Reminder.objects.count() == 1

    # The admin index leads to the queue with the number waiting.
    page.goto(live_server.url + "/admin/")
    expect(page.get_by_role("link", name="0 reports wait for review")).to_be_visible()

    phone = browser.new_context(locale="en-GB", viewport={"width": 390, "height": 844}).new_page()
    sign_in(phone, live_server.url, "amina")
    phone.goto(live_server.url + "/reporting/review/dashboard/")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Reporting dashboard")
    shoot(phone, "dashboard-phone")
    phone.context.close()
