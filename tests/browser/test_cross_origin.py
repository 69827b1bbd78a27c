"""A dashboard served from another origin reads the public API in Chromium (CORS)."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import Page

from tests.factories import ActivityFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


class DashboardPage(BaseHTTPRequestHandler):
    def do_GET(self):
        body = b"<!doctype html><html lang=\"en\"><title>Dashboard</title>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def dashboard():
    """A page on another origin of this machine (both on loopback, so that only CORS decides
    what the page may read)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), DashboardPage)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_a_dashboard_on_another_origin_reads_the_api(page: Page, live_server, dashboard):
    ActivityFactory(code="1.1.1")
    page.goto(dashboard)
    result = page.evaluate(
        """async (url) => {
            const response = await fetch(url);
            const body = await response.json();
            return {status: response.status, etag: response.headers.get("ETag"),
                    language: response.headers.get("Content-Language"),
                    codes: body.results.map((a) => a.code)};
        }""",
        f"{live_server.url}/api/v1/activities/",
    )
    assert result["status"] == 200
    assert result["codes"] == ["1.1.1"]
    assert result["etag"] and result["language"] == "en"
    # A write is refused by the browser itself: the preflight does not allow it.
    refused = page.evaluate(
        """async (url) => {
            try {
                await fetch(url, {method: "POST", headers: {"Content-Type": "application/json"},
                                  body: "{}"});
                return "sent";
            } catch (error) { return "blocked"; }
        }""",
        f"{live_server.url}/api/v1/reports/",
    )
    assert refused == "blocked"
