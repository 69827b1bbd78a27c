"""What the tests of the programme's admin share."""

import pytest
from django.urls import reverse

from core.roles import SECRETARIAT
from tests.factories import (
    ActivityFactory,
    ActivityStatusFactory,
    IssueFactory,
    ObjectiveFactory,
    ProgrammeFactory,
    ResponsibilityFactory,
    UserFactory,
)

CHANGELIST = reverse("admin:programme_activitystatus_changelist")


def change_url(status):
    return reverse("admin:programme_activitystatus_change", args=[status.pk])


def history_url(status):
    return reverse("admin:programme_activitystatus_history", args=[status.pk])


def build_statuses(count, programme=None):
    programme = programme or ProgrammeFactory()
    objective = programme.objectives.first() or ObjectiveFactory(programme=programme, number=1)
    issue = IssueFactory(objective=objective)
    statuses = []
    for _ in range(count):
        activity = ActivityFactory(issue=issue)
        ResponsibilityFactory(activity=activity)
        statuses.append(ActivityStatusFactory(activity=activity))
    return statuses


@pytest.fixture
def officer(secretariat_user, client):
    client.force_login(secretariat_user)
    return secretariat_user


@pytest.fixture
def other_officer(db):
    return UserFactory(username="olga", is_staff=True, groups=[SECRETARIAT])


def list_edit_data(statuses, changes):
    """The POST of the worksheet's list edit: every row, some with a new status."""
    data = {
        "form-TOTAL_FORMS": str(len(statuses)),
        "form-INITIAL_FORMS": str(len(statuses)),
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
        "_save": "Save",
    }
    for index, status in enumerate(statuses):
        data[f"form-{index}-id"] = str(status.pk)
        data[f"form-{index}-status_0"] = changes.get(status.pk, status.status)
        data[f"form-{index}-status_1"] = str(status.version)
    return data
