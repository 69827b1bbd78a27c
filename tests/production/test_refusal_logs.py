"""The log: a refused request is one line; a server error keeps its traceback."""

import io
import logging

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def console():
    """What the portal's console handler (settings.LOGGING) writes during the test."""
    [handler] = [h for h in logging.getLogger().handlers if h.get_name() == "console"]
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield stream
    handler.setStream(previous)


def test_a_refusal_is_logged_as_one_line(portal, console):
    report = portal.reports["kg_submitted"]
    response = portal.client("kg").post(
        f"/reporting/reports/{report.pk}/review/", {"action": "accept", "comment": "Fine."}
    )
    assert response.status_code == 403
    lines = console.getvalue().splitlines()
    assert lines == [f"Forbidden (Permission denied): /reporting/reports/{report.pk}/review/"]


def test_a_server_error_keeps_its_traceback(console):
    try:
        raise RuntimeError("broken")
    except RuntimeError as exc:
        logging.getLogger("django.request").error(
            "Internal Server Error: /x", exc_info=exc, extra={"status_code": 500}
        )
    text = console.getvalue()
    assert "Traceback" in text and "RuntimeError: broken" in text
