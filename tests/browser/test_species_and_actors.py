"""A visitor reads a species' Red List category, the name used today and its links, and an
actor's full name and kind, on the real programme (axe checks each page). Screenshots
(desktop 1366x900 and phone 390x844) are kept in test-artifacts/browser/."""

from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Browser, Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts" / "browser"
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


def shoot(page: Page, name: str):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


@pytest.fixture
def programme(transactional_db, programme_snapshot):
    programme_snapshot.restore()  # as load_programme() leaves it


def test_species_and_actor_pages(live_server, browser: Browser, programme):
    for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page = browser.new_context(locale="en-GB", viewport=viewport).new_page()
        page.goto(live_server.url + "/species/snow-leopard/")
        red_list = page.locator(".species-red-list")
        expect(red_list).to_contain_text("VU Vulnerable")
        expect(red_list).to_contain_text("(assessment published in 2017)")
        expect(red_list).to_contain_text("from the IUCN Red List of Threatened Species")
        expect(
            red_list.get_by_role("link", name="Its assessment on the IUCN Red List")
        ).to_have_attribute("href", "https://www.iucnredlist.org/species/22732/50664030")
        expect(page.locator(".species-current-name")).to_have_text("Panthera uncia")
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        shoot(page, f"species-red-list-{name}")

        page.goto(live_server.url + "/species/bukhara-deer/")
        expect(page.locator(".species-red-list")).to_contain_text("No category given")
        expect(page.locator(".species-current-name")).to_have_text("Cervus hanglu bactrianus")

        page.goto(live_server.url + "/actors/cms/")
        expect(page.locator(".actor-full-name")).to_have_text(
            "Convention on the Conservation of Migratory Species of Wild Animals (CMS)"
        )
        expect(page.locator(".actor-kind")).to_have_text("Convention or agreement")
        shoot(page, f"actor-{name}")
        page.goto(live_server.url + "/actors/")
        expect(
            page.get_by_text("— International Union for Conservation of Nature (IUCN)")
        ).to_be_visible()
        page.context.close()
