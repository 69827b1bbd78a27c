"""The axe-core check every browser test runs (tests/browser/conftest.py) does find a WCAG
violation, and checks the portal's pages as they load."""

import pytest
from playwright.sync_api import Page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_axe_checks_each_page_and_finds_violations(live_server, page: Page, axe):
    page.goto(live_server.url + "/")
    page.goto(live_server.url + "/activities/")
    assert axe.checked == [live_server.url + "/", live_server.url + "/activities/"]
    assert axe.violations == []

    # A page with an image without text and a field without a label.
    page.route(
        "**/probe/",
        lambda route: route.fulfill(
            content_type="text/html",
            body='<!DOCTYPE html><html lang="en"><title>Probe</title><main>'
            '<img src="/static/none.png"><input type="text"></main></html>',
        ),
    )
    page.goto(live_server.url + "/probe/")
    found = {violation["id"] for violation in axe.violations}
    assert {"image-alt", "label"} <= found
    axe.violations.clear()  # this test's own page, not the portal's
