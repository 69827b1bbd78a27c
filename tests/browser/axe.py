"""axe-core run in the browser on each page a test shows (WCAG 2.1 A and AA rules)."""

from pathlib import Path
from urllib.parse import urlsplit

SOURCE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

#: Admin pages are Django's, apart from the secretariat's status worksheet; the API's
#: reference is ReDoc's. The rest of the portal is checked.
CHECKED_ADMIN = ("/admin/programme/activitystatus/",)
NOT_OURS = ("/admin/", "/api/schema", "/api/docs")

#: Injected through the DevTools protocol (the portal's CSP rightly forbids inline scripts);
#: the document is marked once checked, and a new document has no mark.
RUN = """async (tags) => {
  window.__axeChecked = true;
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map(n => n.target.join(" ")),
  }));
}"""


def is_checked(url):
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return False
    if parts.path.startswith(CHECKED_ADMIN):
        return True
    return not parts.path.startswith(NOT_OURS)


class Axe:
    def __init__(self):
        self.checked = []
        self.violations = []

    def check(self, page):
        """Run axe on the page's document unless it was already checked."""
        if page.is_closed() or not is_checked(page.url):
            return
        page.wait_for_load_state("load")
        state = page.evaluate("[document.contentType, !!window.__axeChecked]")
        if state != ["text/html", False]:
            return
        if not page.evaluate("!!window.axe"):
            page.evaluate(f"() => {{ {SOURCE}\n }}")
        url = page.url
        found = page.evaluate(RUN, TAGS)
        self.checked.append(url)
        self.violations.extend({"url": url, **violation} for violation in found)

    def assert_clean(self):
        lines = [
            f"{v['url']}: [{v['impact']}] {v['id']}: {v['help']} ({'; '.join(v['nodes'])})"
            for v in self.violations
        ]
        assert not lines, "axe-core found WCAG 2.1 A/AA violations:\n" + "\n".join(lines)
