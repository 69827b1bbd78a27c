"""A client generated from the schema by openapi-python-client (as a partner would make one)
pages through the activities, reads a report list that holds a draft without a status, and
sorts by two keys, against the live test server."""

import importlib
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from programme.choices import Priority
from tests.api.factories import token_for
from tests.factories import ActivityFactory, IssueFactory, ObjectiveFactory

pytestmark = pytest.mark.django_db(transaction=True)

GENERATOR = Path(sys.executable).parent / "openapi-python-client"


@pytest.fixture
def generated_client(tmp_path):
    schema = tmp_path / "schema.json"
    call_command("spectacular", "--format", "openapi-json", "--file", str(schema))
    config = tmp_path / "config.yml"
    config.write_text("post_hooks: []\npackage_name_override: cami_generated_client\n")
    result = subprocess.run(
        [str(GENERATOR), "generate", "--path", str(schema), "--config", str(config),
         "--meta", "none", "--output-path", str(tmp_path / "cami_generated_client")],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    sys.path.insert(0, str(tmp_path))
    try:
        yield importlib.import_module("cami_generated_client")
    finally:
        sys.path.remove(str(tmp_path))
        for name in [n for n in sys.modules if n.startswith("cami_generated_client")]:
            del sys.modules[name]


def test_a_generated_client_does_the_common_tasks(
    generated_client, live_server, programme, blank_draft, focal_point, secretariat_user
):
    from cami_generated_client.api.activities import activities_list
    from cami_generated_client.api.reports import reports_list
    from cami_generated_client.models import ActivitiesListOrderingItem

    issue = IssueFactory(objective=ObjectiveFactory(programme=programme, number=2))
    for number, priority in enumerate([Priority.LOW, Priority.HIGH, Priority.MEDIUM, Priority.LOW]):
        ActivityFactory(issue=issue, code=f"2.1.{number + 1}", priority=priority)
    client = generated_client.Client(base_url=live_server.url)

    # Page through the activities.
    codes, page = [], 1
    while True:
        answer = activities_list.sync(client=client, page=page, page_size=2)
        codes += [activity.code for activity in answer.results]
        if not answer.next_:
            break
        page += 1
    assert codes == ["1.1.1", "2.1.1", "2.1.2", "2.1.3", "2.1.4"]

    # A report list holding a draft without a status, for its author and the secretariat.
    for user in (focal_point, secretariat_user):
        signed_in = generated_client.AuthenticatedClient(
            base_url=live_server.url, token=token_for(user), prefix="Token"
        )
        reports = reports_list.sync(client=signed_in)
        assert [report.id for report in reports.results] == [blank_draft.pk]
        assert reports.results[0].status is None

    # Two sort keys: priority by rank (newest rank first), then code.
    ordering = [ActivitiesListOrderingItem("-priority"), ActivitiesListOrderingItem("code")]
    answer = activities_list.sync(client=client, ordering=ordering, page_size=10)
    assert [a.code for a in answer.results] == ["2.1.1", "2.1.4", "2.1.3", "1.1.1", "2.1.2"]
