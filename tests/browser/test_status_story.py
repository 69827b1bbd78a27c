"""The reporting season on a phone and a desktop, in a real browser: the compact phone header
and its menu, the matrix (no blank space after its footer, country names on a phone), the home
page's two pictures of progress and the browser filtered by the range states' statuses, the
activity's status within a phone's first screen, the review queue's tabs and filters.
Screenshots (desktop 1366 x 900, phone 390 x 844) are kept in test-artifacts/browser/."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

from .test_public import reported_programme  # noqa: F401 (a fixture)
from .test_reporting import reporting_world, sign_in  # noqa: F401 (a fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts" / "browser"
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}

#: What follows the footer: the page's height below the footer's bottom edge, in px.
BELOW_FOOTER = """() => {
  const footer = document.querySelector("footer.site-footer");
  return document.documentElement.scrollHeight
    - (footer.getBoundingClientRect().bottom + window.scrollY);
}"""


def shoot(page: Page, name: str):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def in_language(page: Page, base_url: str, language: str):
    page.context.add_cookies([{"name": "django_language", "value": language, "url": base_url}])


def header_height(page: Page) -> float:
    return page.locator("header.site-header").bounding_box()["height"]


@pytest.mark.parametrize("language, menu_label, matrix", [
    ("en", "Show or hide the menu", "Matrix"),
    ("ru", "Показать или скрыть меню", "Матрица"),
])  # fmt: skip
@pytest.mark.usefixtures("reported_programme")
def test_phone_header_is_one_row_with_a_menu(live_server, page: Page, language, menu_label, matrix):
    in_language(page, live_server.url, language)
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/")
    # Was 191 px (English) to 259 px (Russian): now the name and the menu button, one row.
    assert header_height(page) <= 64
    button = page.locator("header .navbar-toggler")
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(button).to_have_accessible_name(menu_label)
    expect(page.locator("#header-search")).to_be_hidden()
    expect(page.get_by_role("link", name=matrix, exact=True)).to_be_hidden()
    button_box = button.bounding_box()
    brand_box = page.locator("header .brand").bounding_box()
    middle = [box["y"] + box["height"] / 2 for box in (button_box, brand_box)]
    assert abs(middle[0] - middle[1]) < 8  # one row

    button.click()
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(page.locator("#site-menu")).to_have_class(re.compile(r"\bshow\b"))  # opened
    expect(page.locator("#header-search")).to_be_visible()
    expect(page.locator("#language-select")).to_be_visible()
    expect(page.get_by_role("link", name=matrix, exact=True)).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / f"header-menu-phone-{language}.png"))  # first screen
    page.get_by_role("link", name=matrix, exact=True).click()
    expect(page).to_have_url(live_server.url + "/matrix/")

    page.set_viewport_size(DESKTOP)
    page.goto(live_server.url + "/")
    expect(page.locator("header .navbar-toggler")).to_be_hidden()
    expect(page.locator("#header-search")).to_be_visible()
    expect(page.get_by_role("link", name=matrix, exact=True)).to_be_visible()
    assert header_height(page) <= 100
    shoot(page, f"header-desktop-{language}")


@pytest.mark.usefixtures("reported_programme")
def test_matrix_ends_with_its_footer_and_names_countries_on_a_phone(live_server, page: Page):
    page.set_viewport_size(DESKTOP)
    page.goto(live_server.url + "/matrix/")
    expect(page.locator(".matrix-scroll")).to_be_visible()
    expect(page.locator(".matrix-stacked")).to_be_hidden()
    # Was ~3,500 px of blank space: the hidden labels escaped the scroll box.
    assert page.evaluate(BELOW_FOOTER) <= 1
    shoot(page, "matrix-desktop")

    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/matrix/")
    expect(page.locator(".matrix-scroll")).to_be_hidden()
    stacked = page.locator(".matrix-stacked")
    expect(stacked).to_be_visible()
    expect(page.locator(".matrix-lead-phone")).to_be_visible()
    expect(page.locator(".matrix-lead-table")).to_be_hidden()
    first = stacked.locator(".matrix-card").filter(has=page.get_by_role("link", name="Mongolia"))
    expect(first.first).to_contain_text("CMS Secretariat")
    expect(first.first).to_contain_text("Completed")
    assert page.evaluate(BELOW_FOOTER) <= 1  # was ~8,100 px
    # Nothing wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=str(ARTIFACTS / "matrix-phone.png"))  # the first screen


@pytest.mark.usefixtures("reported_programme")
def test_home_shows_both_pictures_and_leads_to_the_filtered_browser(live_server, page: Page):
    for name, size in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(size)
        page.goto(live_server.url + "/")
        glance = page.locator("section.glance")
        secretariat = glance.locator(".card", has_text="Activities by status")
        countries = glance.locator(".card", has_text="From the range states' reports")
        expect(secretariat).to_be_visible()
        expect(countries).to_be_visible()
        expect(countries).to_contain_text("Range states reporting: 1 of 14")
        expect(glance.locator(".status-sentence")).to_contain_text("may differ from it")
        if name == "desktop":  # side by side
            left, right = secretariat.bounding_box(), countries.bounding_box()
            assert abs(left["y"] - right["y"]) < 2 and right["x"] > left["x"] + left["width"]
        shoot(page, f"home-pictures-{name}")

    page.set_viewport_size(DESKTOP)
    countries.get_by_role("link", name="Completed").click()
    expect(page).to_have_url(live_server.url + "/activities/?country_status=completed")
    expect(page.locator("#results-title")).to_contain_text("match")
    expect(page.locator(".filter-chips")).to_contain_text("Status reported by a range state")
    row = page.locator("table.activity-table tbody tr").filter(has=page.locator(".picture-cell"))
    expect(row.first).to_contain_text("Completed: 1")
    shoot(page, "browser-country-status-desktop")
    page.set_viewport_size(PHONE)
    page.reload()
    shoot(page, "browser-country-status-phone")


@pytest.mark.usefixtures("reported_programme")
def test_activity_status_within_a_phones_first_screen(live_server, page: Page):
    for language in ("en", "ru"):
        in_language(page, live_server.url, language)
        page.set_viewport_size(PHONE)
        page.goto(live_server.url + "/activities/1.1.1/")
        breadcrumb = page.locator("ol.breadcrumb")
        line = page.evaluate(
            "parseFloat(getComputedStyle(document.querySelector('.breadcrumb-item')).lineHeight)"
        )
        assert breadcrumb.bounding_box()["height"] < 2 * line  # one line
        glance = page.locator(".status-glance")
        expect(glance).to_be_visible()
        assert glance.bounding_box()["y"] + glance.bounding_box()["height"] <= PHONE["height"]
        page.screenshot(path=str(ARTIFACTS / f"activity-phone-{language}.png"))
    page.set_viewport_size(DESKTOP)
    page.reload()
    expect(page.locator(".status-glance")).to_be_hidden()  # the card beside says it
    expect(page.locator(".status-card")).to_be_visible()


@pytest.mark.usefixtures("reporting_world")
def test_review_tabs_and_filters_in_the_portals_colours(live_server, page: Page):
    sign_in(page, live_server.url, "amina")
    expect(page.get_by_role("heading", level=1)).to_have_text("Reports to review")
    active = page.locator(".rep-state-tabs .nav-link.active")
    expect(active).to_have_css("background-color", "rgb(11, 85, 99)")  # --cami-brand
    other = page.locator(".rep-state-tabs .nav-link:not(.active)").first
    expect(other).to_have_css("color", "rgb(11, 85, 99)")
    expect(page.locator(".rep-review-filters")).to_have_css(
        "background-color",
        "rgb(245, 241, 232)",  # --cami-sand
    )
    expect(page.locator("#id_cycle option").first).to_have_text("any")
    expect(page.locator("#id_range_state option").first).to_have_text("any")
    page.set_viewport_size(DESKTOP)
    shoot(page, "review-desktop")
    page.set_viewport_size(PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shoot(page, "review-phone")
