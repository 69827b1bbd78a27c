"""The strict Content-Security-Policy breaks nothing: Chromium loads the public pages, the
signed-in pages, the admin (lists, forms, history, import and export) and the API's
documentation without refusing a single script, style or image."""

import pytest
from playwright.sync_api import Page

from core.roles import SECRETARIAT
from programme.models import ActivityStatus
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def loaded(transactional_db, secretariat_group, programme_snapshot):
    programme_snapshot.restore()  # as load_programme() leaves it
    return UserFactory(username="amina", is_staff=True, groups=[SECRETARIAT])


def violations_on(page: Page, url):
    messages = []

    def on_console(message):
        text = message.text
        if "Content Security Policy" in text or "Content-Security-Policy" in text:
            messages.append(text[:300])

    page.on("console", on_console)
    response = page.goto(url)
    page.wait_for_load_state("networkidle")
    page.remove_listener("console", on_console)
    return response.status, messages


def sign_in(page, base):
    page.goto(base + "/admin/login/")
    page.get_by_label("Username").fill("amina")
    page.get_by_label("Password").fill("correct-horse-battery")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(base + "/admin/")


def test_no_page_is_refused_anything_by_the_policy(live_server, page: Page, loaded):
    base = live_server.url
    status = ActivityStatus.objects.order_by("pk").first()
    public = [
        "/",
        "/activities/",
        "/activities/2.3.15/",
        "/range-states/KG/",
        "/matrix/",
        "/species/",
        "/reporting/reports/",
        "/accounts/login/",
        "/api/",
        "/api/docs/",
    ]
    # fmt: skip
    admin = ["/admin/", "/admin/programme/activitystatus/",
             f"/admin/programme/activitystatus/{status.pk}/change/",
             f"/admin/programme/activitystatus/{status.pk}/history/",
             "/admin/programme/activitystatus/import/", "/admin/programme/activitystatus/export/",
             "/admin/reporting/focalpoint/add/", "/admin/reporting/report/",
             "/admin/reporting/reportingcycle/add/", "/admin/password_change/"]  # fmt: skip
    found = {}
    for path in public:
        code, messages = violations_on(page, base + path)
        assert code == 200, path
        if messages:
            found[path] = messages
    sign_in(page, base)
    for path in admin:
        code, messages = violations_on(page, base + path)
        assert code == 200, path
        if messages:
            found[path] = messages
    assert not found, "\n".join(f"{path}: {m}" for path, ms in found.items() for m in ms)


def test_admin_export_select_all_works_without_inline_handlers(live_server, page: Page, loaded):
    sign_in(page, live_server.url)
    page.goto(live_server.url + "/admin/programme/activitystatus/export/")
    toggle = page.locator("#select-all-toggle")
    if toggle.count() == 0:
        pytest.skip("this version of django-import-export has no select-all toggle")
    boxes = page.locator(".selectable-field-export-row input[type=checkbox]")
    toggle.uncheck()
    assert all(not box.is_checked() for box in boxes.all())
    toggle.check()
    assert all(box.is_checked() for box in boxes.all())


def test_redoc_is_refused_nothing(live_server, page: Page, loaded):
    """ReDoc's run-time <style> elements carry the page's nonce, its search worker is a static
    file, and the documentation renders, styled and searchable."""
    code, messages = violations_on(page, live_server.url + "/api/redoc/")
    assert code == 200
    assert not messages, messages[:3]
    page.get_by_role("heading", name="CAMI Portal API").first.wait_for()
    assert page.locator(".api-content").get_by_text("/api/v1/activities/").count() > 0
    nonce = page.locator('meta[name="csp-nonce"]').get_attribute("content")
    assert nonce and page.evaluate("globalThis.redocCspNonce") == nonce
    # The styles were applied, not only created: ReDoc's menu is a sticky column.
    assert page.locator("head style").count() > 0
    assert page.evaluate("getComputedStyle(document.querySelector('.menu-content')).position") in (
        "sticky",
        "fixed",
    )
    page.get_by_placeholder("Search...").fill("activities")
    page.locator("[data-role='search:results'] li").first.wait_for()
    assert not messages, messages[:3]
