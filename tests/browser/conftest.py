"""Every page a browser test visits is checked by axe-core (tests/browser/vendor/axe.min.js,
axe-core 4.14.1 from npm, a test-only file the portal never serves) for WCAG 2.1 A and AA
violations: the test fails on any, in the portal's own pages and the admin's status worksheet
(the rest of Django's admin is Django's)."""

import pytest
from playwright.sync_api import BrowserContext, Locator, Page

from .axe import Axe

#: Page methods after which the page shown is checked, and actions before which it is (the
#: page the test is about to leave, or to change), so that no page goes unchecked.
AFTER = {Page: ("goto", "reload", "go_back")}
BEFORE = {
    Page: ("close", "screenshot"),
    Locator: ("click", "press", "check", "select_option", "fill", "set_input_files"),
}


@pytest.fixture(autouse=True)
def axe(request, monkeypatch):
    """Checks each page of the test when it is shown; the violations are reported at the
    end of the test."""
    if request.node.get_closest_marker("browser") is None:
        yield None
        return
    checker = Axe()

    def page_of(target):
        return target.page if isinstance(target, Locator) else target

    for cls, names in AFTER.items():
        for name in names:
            original = getattr(cls, name)

            def after(self, *args, _original=original, **kwargs):
                result = _original(self, *args, **kwargs)
                checker.check(page_of(self))
                return result

            monkeypatch.setattr(cls, name, after)
    for cls, names in BEFORE.items():
        for name in names:
            original = getattr(cls, name)

            def before(self, *args, _original=original, **kwargs):
                checker.check(page_of(self))
                return _original(self, *args, **kwargs)

            monkeypatch.setattr(cls, name, before)
    original_close = BrowserContext.close

    def close_context(self, *args, **kwargs):
        for page in self.pages:
            checker.check(page)
        return original_close(self, *args, **kwargs)

    monkeypatch.setattr(BrowserContext, "close", close_context)
    yield checker
    checker.assert_clean()
