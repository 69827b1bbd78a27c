"""The "Using the API" page: its curl examples are run, as printed, against a live server."""

import csv
import datetime
import html
import os
import re
import shutil
import subprocess

import pytest

from reporting.choices import ReportState
from reporting.models import Report
from tests.factories import (
    ActivityFactory,
    ActivityStatusFactory,
    IssueFactory,
    ObjectiveFactory,
    ProgrammeFactory,
    RangeStateFactory,
    UserFactory,
)
from tests.reporting.factories import FocalPointFactory, ReportFactory, ReportingCycleFactory

from .factories import token_for

EXAMPLE = re.compile(r'<code class="curl-example" id="([^"]+)">(.*?)</code>', re.DOTALL)

# Who runs each example, and the HTTP status its last request must get.
EXPECTED = {
    "example-list-activities": (None, 200),
    "example-activity-in-french": (None, 200),
    "example-csv": (None, 200),
    "example-updated-since": (None, 200),
    "example-not-modified": (None, 304),
    "example-token": ("partner", 200),
    "example-set-status": ("secretariat", 200),
    "example-reports": (None, 200),
    "example-submit-report": ("focal_point", 200),
    "example-error": (None, 400),
    "example-accepted-since": (None, 200),
    "example-country-statuses": (None, 200),
}


def examples(page):
    return {id_: html.unescape(text) for id_, text in EXAMPLE.findall(page)}


@pytest.mark.django_db
def test_page_renders_without_a_programme(client):
    response = client.get("/api/")
    assert response.status_code == 200
    assert "No programme has been loaded yet" in response.text
    assert set(examples(response.text)) == set(EXPECTED)


@pytest.mark.django_db
def test_page_links_the_documentation(client):
    page = client.get("/api/").text
    for url in ("/api/docs/", "/api/redoc/", "/api/schema/", "/api/token/"):
        assert f'href="{url}"' in page


@pytest.fixture
def world(transactional_db, secretariat_user):
    programme = ProgrammeFactory()
    kyrgyzstan = RangeStateFactory(iso_code="KG")
    issue = IssueFactory(objective=ObjectiveFactory(programme=programme, number=2), code="2.3")
    activity = ActivityFactory(issue=issue, code="2.3.15", text_fr="Évaluer l’impact")
    activity.range_states.add(kyrgyzstan)
    ActivityStatusFactory(activity=activity, status="in_progress", version=1)
    cycle = ReportingCycleFactory(programme=programme)
    earlier = ReportingCycleFactory(
        programme=programme,
        period_start=datetime.date(2014, 1, 1),
        period_end=datetime.date(2016, 12, 31),
        opens_on=datetime.date(2017, 1, 1),
        deadline=datetime.date(2017, 3, 31),
    )
    ReportFactory(
        cycle=earlier,
        activity=activity,
        range_state=kyrgyzstan,
        author=UserFactory(username="earlier"),
        state=ReportState.ACCEPTED,
    )
    return {
        "partner": UserFactory(username="pat"),
        "secretariat": secretariat_user,
        "focal_point": FocalPointFactory(user__username="nadia", range_states=[kyrgyzstan]).user,
        "cycle": cycle,
    }


@pytest.mark.skipif(not shutil.which("curl"), reason="curl is not installed")
def test_every_example_runs_as_printed(live_server, world, tmp_path):
    import urllib.request

    with urllib.request.urlopen(f"{live_server.url}/api/") as response:
        page = response.read().decode("utf-8")
    found = examples(page)
    assert set(found) == set(EXPECTED), "every example on the page is run here"
    # Print the status of each request at the end of its output; nothing else changes.
    (tmp_path / ".curlrc").write_text('silent\nshow-error\nwrite-out = "\\n%{http_code}\\n"\n')
    outputs = {}
    for id_, command in found.items():
        assert live_server.url in command
        role, expected = EXPECTED[id_]
        env = {**os.environ, "HOME": str(tmp_path), "CURL_HOME": str(tmp_path)}
        if role:
            env["CAMI_TOKEN"] = token_for(world[role])
        result = subprocess.run(
            ["bash", "-e", "-o", "pipefail", "-c", command],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 0, (id_, result.stderr)
        *body, status = result.stdout.rstrip("\n").split("\n")
        assert int(status) == expected, (id_, result.stdout)
        outputs[id_] = "\n".join(body)

    assert "Évaluer l’impact" in outputs["example-activity-in-french"]
    assert "HTTP/1.1 304" in outputs["example-not-modified"]
    with open(tmp_path / "activities.csv", encoding="utf-8") as exported:
        assert [row["code"] for row in csv.DictReader(exported)] == ["2.3.15"]
    assert '"status":"in_progress"' in outputs["example-set-status"]
    assert '"errors":{"priority"' in outputs["example-error"]
    report = Report.objects.get(author=world["focal_point"])
    assert report.state == ReportState.SUBMITTED and report.cycle == world["cycle"]
