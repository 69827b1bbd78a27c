"""The secretariat's dashboard in a browser: the cycle by range state and species, "remind
now" sending the reminder once, and the admin index's way to the queue. Screenshots (desktop
and phone) are kept in test-artifacts/browser/."""

import datetime
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Browser, Page, expect

from reporting.models import Reminder
from tests.mailbox import delivered
from tests.reporting.factories import ReportingCycleFactory

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


def test_the_queue_exports_a_cycle_chosen_in_its_menu(live_server, page: Page, reporting_world):  # noqa: F811
    """The queue offers the open cycle's exports; an older cycle's are one choice of the cycle
    menu away (a plain form: no script needed), and the choice stays selected."""
    open_cycle = reporting_world["cycle"]
    older = ReportingCycleFactory(
        programme=open_cycle.programme,
        name_en="Reports before COP13",
        period_start=datetime.date(2017, 1, 1),
        period_end=datetime.date(2019, 12, 31),
        opens_on=datetime.date(2020, 1, 1),
        deadline=datetime.date(2020, 3, 31),
    )
    sign_in(page, live_server.url, "amina")
    exports = page.locator(".rep-exports")
    expect(exports).to_contain_text("Reports before COP14 (XLSX · CSV · implementation review)")
    expect(exports).not_to_contain_text("Reports before COP13")
    expect(exports).to_contain_text("For another cycle, choose it in the Cycle menu above.")

    page.get_by_label("Cycle", exact=True).select_option(label="Reports before COP13")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_label("Cycle", exact=True)).to_have_value(str(older.pk))
    expect(exports).to_contain_text("Reports before COP13 (XLSX · CSV · implementation review)")
    expect(exports).not_to_contain_text("Reports before COP14")
    link = exports.get_by_role("link", name="CSV")
    assert link.get_attribute("href") == f"/reporting/review/cycles/{older.pk}/export.csv"
    response = page.request.get(live_server.url + link.get_attribute("href"))
    assert response.status == 200 and response.headers["content-type"].startswith("text/csv")
    shoot(page, "review-queue-older-cycle")
