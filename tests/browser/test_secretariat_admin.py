"""A secretariat officer signs in, filters the worksheet by range state, changes a status
with a note and finds the change in the history."""

from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

from core.roles import SECRETARIAT
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts" / "browser"


@pytest.fixture
def officer(transactional_db, secretariat_group, programme_snapshot):
    programme_snapshot.restore()  # as load_programme() leaves it
    return UserFactory(username="amina", is_staff=True, groups=[SECRETARIAT])


def test_officer_changes_a_status_and_sees_it_in_history(live_server, page: Page, officer):
    page.goto(live_server.url + "/admin/")
    page.get_by_label("Username").fill("amina")
    page.get_by_label("Password").fill("correct-horse-battery")
    page.get_by_role("button", name="Log in").click()

    page.get_by_role("link", name="Activity statuses").first.click()
    expect(page.locator("p.paginator")).to_contain_text("121 activity statuses")
    # At 1366 px: Save in reach without scrolling, the text readable, the last change not cut.
    page.set_viewport_size({"width": 1366, "height": 768})
    save = page.locator("p.paginator").get_by_role("button", name="Save")
    expect(save).to_be_in_viewport()
    # The text column was ~110 px wide.
    assert page.locator("td.field-activity_text").first.bounding_box()["width"] >= 200
    last_change = page.locator("th.column-last_change").bounding_box()
    results = page.locator("#changelist .results").bounding_box()
    assert last_change["x"] + last_change["width"] <= results["x"] + results["width"] + 1
    page.screenshot(path=str(ARTIFACTS / "worksheet-1366.png"))

    # Filter by range state: Kyrgyzstan.
    page.locator("#changelist-filter").get_by_role("link", name="Kyrgyzstan").click()
    assert "activity__range_states" in page.url
    rows = page.locator("#result_list tbody tr")
    expect(rows.first).to_be_visible()
    assert rows.count() < 121
    code = rows.first.locator("th a").inner_text()

    rows.first.locator("th a").click()
    page.locator("#id_status").select_option("in_progress")
    page.locator("#id_note").fill("Joint patrols started with Kazakhstan.")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    page.get_by_role("link", name=code).first.click()
    page.get_by_role("link", name="History").click()
    history = page.locator("#change-history")
    expect(history).to_contain_text("amina")
    expect(history).to_contain_text("Not started → In progress")
    expect(history).to_contain_text("Joint patrols started with Kazakhstan.")
