"""A visitor opens the portal, reads the programme, switches to French and opens an activity."""

import pytest
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def loaded_programme(transactional_db, programme_snapshot):
    programme_snapshot.restore()  # as load_programme() leaves it


def test_visitor_reads_programme_in_two_languages(
    live_server, page: Page, loaded_programme, tmp_path
):
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Central Asian Mammals Initiative")
    expect(page.locator("#objective-1")).to_contain_text("Objective 1")
    expect(page.get_by_text("121 activities")).to_be_visible()

    page.get_by_label("Language").select_option("fr")
    page.get_by_role("button", name="Go").click()
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.locator("#issue-1\\.1")).to_contain_text("Braconnage et commerce illégal")

    page.goto(live_server.url + "/activities/2.3.12/")
    page.get_by_role("link", name="2.2.6").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("2.2.6")
    page.screenshot(path=str(tmp_path / "activity.png"))
