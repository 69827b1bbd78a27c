"""Reports for the partner-contract tests: a programme with one activity linked to two range
states and a species, a cycle, and reports at every state."""

import pytest
from django.utils import timezone

from reporting.choices import ReportState
from reporting.models import Report
from tests.reporting.factories import ReportFactory

LIST = "/api/v1/reports/"


def path(report, action=""):
    return f"{LIST}{report.pk}/" + (f"{action}/" if action else "")


@pytest.fixture
def blank_draft(cycle, activity, state, focal_point):
    """A draft whose author has chosen no status yet."""
    return ReportFactory(
        cycle=cycle, activity=activity, range_state=state, author=focal_point, status=""
    )


@pytest.fixture
def submitted(blank_draft):
    Report.objects.filter(pk=blank_draft.pk).update(
        state=ReportState.SUBMITTED, submitted_at=timezone.now(), status="in_progress"
    )
    blank_draft.refresh_from_db()
    return blank_draft
