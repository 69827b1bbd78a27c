"""The Python example of /api/ (httpx and pandas) runs as printed against the live server; the
R example is shown beside it."""

import html
import os
import re
import subprocess
import sys
import urllib.request

import pytest

from reporting import services
from tests.api.factories import token_for
from tests.factories import (
    ActivityFactory,
    IssueFactory,
    ObjectiveFactory,
    ProgrammeFactory,
    RangeStateFactory,
    UserFactory,
)
from tests.reporting.factories import FocalPointFactory, ReportFactory, ReportingCycleFactory

pytestmark = pytest.mark.django_db(transaction=True)

EXAMPLE = re.compile(r'<code class="(python|r)-example" id="([^"]+)">(.*?)</code>', re.DOTALL)


@pytest.fixture
def world(transactional_db, secretariat_user):
    programme = ProgrammeFactory()
    kg = RangeStateFactory(iso_code="KG")
    issue = IssueFactory(objective=ObjectiveFactory(programme=programme, number=2), code="2.3")
    activities = [ActivityFactory(issue=issue, code=f"2.3.{n}") for n in range(1, 4)]
    activities[0].range_states.add(kg)
    focal_point = FocalPointFactory(user__username="nadia", range_states=[kg]).user
    report = ReportFactory(
        cycle=ReportingCycleFactory(programme=programme),
        activity=activities[0],
        range_state=kg,
        author=focal_point,
        state="submitted",
        status="in_progress",
    )
    services.accept(report, by=secretariat_user)
    return UserFactory(username="pat")


def test_the_python_example_runs_as_printed(live_server, world, tmp_path):
    with urllib.request.urlopen(f"{live_server.url}/api/") as response:
        page = response.read().decode("utf-8")
    found = {id_: (kind, html.unescape(text)) for kind, id_, text in EXAMPLE.findall(page)}
    assert set(found) == {"example-python", "example-r"}
    assert "library(httr2)" in found["example-r"][1] and "read_csv" in found["example-r"][1]
    script = tmp_path / "example.py"
    script.write_text(found["example-python"][1], encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(script)],
        env={**os.environ, "CAMI_TOKEN": token_for(world)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "3 activities; 1 statuses per range state"
