"""A visitor finds their way through the public pages in a real browser: the home page and
its map, a country, the programme filtered by a species, an activity. Screenshots of each
page are kept in test-artifacts/browser/ for review."""

from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

from programme.choices import ImplementationStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts" / "browser"


@pytest.fixture
def reported_programme(transactional_db, programme_snapshot):
    """The real programme, with accepted reports from Mongolia and a draft from Kazakhstan."""
    from django.db.models import Q

    from programme.models import Activity
    from rangestates.models import RangeState
    from reporting.choices import ReportState
    from tests.rangestates.factories import ReportingCycleFactory, report

    programme_snapshot.restore()  # as load_programme() leaves it
    mongolia = RangeState.objects.get(iso_code="MN")
    kazakhstan = RangeState.objects.get(iso_code="KZ")
    activities = (
        Activity.objects.filter(Q(range_states=mongolia) | Q(landscapes__range_states=mongolia))
        .distinct()
        .order_by("sort_key")
    )
    cycle = ReportingCycleFactory(programme=activities[0].programme, name="Report to COP14")
    for activity in activities:
        report(activity=activity, cycle=cycle, range_state=mongolia,
               status=ImplementationStatus.COMPLETED,
               progress="Joint patrols with China along the Gobi border.")  # fmt: skip
    report(activity=activities[0], cycle=cycle, range_state=kazakhstan,
           state=ReportState.DRAFT, progress="Unfinished draft text")  # fmt: skip


def shoot(page: Page, name: str):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_visitor_follows_map_filters_by_species_and_opens_an_activity(
    live_server, page: Page, reported_programme
):
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Central Asian Mammals Initiative")
    expect(page.get_by_role("heading", name="Progress at a glance")).to_be_visible()
    # The latest accepted reports: Mongolia's, never the draft.
    reports = page.locator("section[aria-labelledby=reports-title]")
    expect(reports).to_contain_text("Joint patrols with China")
    expect(reports).not_to_contain_text("Unfinished draft")
    # The map: 14 linked tiles, each saying in words how much the country reported.
    tiles = page.locator(".state-map .state-tile a")
    expect(tiles).to_have_count(14)
    mongolia = page.locator(".state-map a[href='/range-states/MN/']")
    expect(mongolia).to_contain_text("activities reported")
    expect(page.locator(".state-map a[href='/range-states/KZ/']")).to_contain_text("No report yet")
    shoot(page, "1-home")

    mongolia.click()
    expect(page).to_have_url(live_server.url + "/range-states/MN/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Mongolia")
    expect(page.locator("#reports")).to_contain_text("Report to COP14")
    expect(page.locator("#reports")).not_to_contain_text("Unfinished draft")
    shoot(page, "2-range-state")

    # The programme, filtered by a species: the filter lands in the address.
    page.get_by_role("link", name="Programme", exact=True).click()
    expect(page.get_by_role("heading", name="121 activities")).to_be_visible()
    page.locator(".filter-form summary", has_text="Species").click()  # opens the list
    page.get_by_label("Saiga antelope").check()
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(live_server.url + "/activities/?species=saiga")
    heading = page.locator("#results-title")
    expect(heading).to_contain_text("match")
    expect(page.get_by_role("link", name="Species: Saiga antelope")).to_be_visible()
    shoot(page, "3-programme-filtered-by-saiga")

    # Reloading the shared address shows the same list.
    count = heading.inner_text()
    page.reload()
    expect(heading).to_have_text(count)

    first = page.locator("table.activity-table tbody th a").first
    code = first.inner_text()
    first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(code)
    expect(page.get_by_role("heading", name="Where it stands")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Saiga antelope")
    shoot(page, "4-activity")


def test_phone_visitor_uses_the_menu_and_the_matrix(live_server, page: Page, reported_programme):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/")
    page.get_by_role("button", name="Show or hide the menu").click()
    page.get_by_role("link", name="Matrix", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Implementation matrix")
    expect(page.locator("table.matrix")).to_contain_text("2.2.1")
    shoot(page, "5-matrix-phone")
