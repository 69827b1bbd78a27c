"""What the tests of the public pages share."""

import pytest

from core.roles import SECRETARIAT
from tests.factories import (
    ActivityFactory,
    IssueFactory,
    ObjectiveFactory,
    ProgrammeFactory,
    ResponsibilityFactory,
    UserFactory,
)

#: Texts of reports the public must never see (a draft's, a returned report's).
PRIVATE = ("DRAFT-TEXT", "RETURNED-TEXT")


@pytest.fixture
def secretariat(db):
    return UserFactory(username="sasha", is_staff=True, groups=[SECRETARIAT])


def build_programme(activities_per_issue):
    programme = ProgrammeFactory()
    for number in (1, 2):
        objective = ObjectiveFactory(programme=programme, number=number)
        for _ in range(2):
            issue = IssueFactory(objective=objective)
            for _ in range(activities_per_issue):
                ResponsibilityFactory(activity=ActivityFactory(issue=issue))
    return programme
