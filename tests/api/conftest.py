import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from tests.factories import (
    ActivityFactory,
    IssueFactory,
    ObjectiveFactory,
    ProgrammeFactory,
    RangeStateFactory,
    SpeciesFactory,
    UserFactory,
)
from tests.reporting.factories import FocalPointFactory, ReportingCycleFactory

from .factories import token_for


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Rate limits count in the cache: every test starts with none used."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api():
    return APIClient()


def client_with_token(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token_for(user)}")
    return client


@pytest.fixture
def state(db):
    return RangeStateFactory(iso_code="KG", name_en="Kyrgyzstan", name_fr="Kirghizistan")


@pytest.fixture
def other_state(db):
    return RangeStateFactory(iso_code="TJ", name_en="Tajikistan", name_fr="Tadjikistan")


@pytest.fixture
def snow_leopard(db):
    return SpeciesFactory(slug="snow-leopard", common_name_en="Snow leopard")


@pytest.fixture
def partner(db):
    """A partner organisation's script: a plain account with a token, no role."""
    return UserFactory(username="pat")


@pytest.fixture
def focal_point(state):
    return FocalPointFactory(user__username="nadia", range_states=[state]).user


@pytest.fixture
def other_focal_point(other_state):
    return FocalPointFactory(user__username="timur", range_states=[other_state]).user


@pytest.fixture
def species_focal_point(snow_leopard):
    return FocalPointFactory(
        user__username="sofia", range_states=[], species=[snow_leopard], position="Species"
    ).user


@pytest.fixture
def as_partner(partner):
    return client_with_token(partner)


@pytest.fixture
def as_focal_point(focal_point):
    return client_with_token(focal_point)


@pytest.fixture
def as_other_focal_point(other_focal_point):
    return client_with_token(other_focal_point)


@pytest.fixture
def as_species_focal_point(species_focal_point):
    return client_with_token(species_focal_point)


@pytest.fixture
def as_secretariat(secretariat_user):
    return client_with_token(secretariat_user)


@pytest.fixture
def as_staff_outside_group(staff_outside_group):
    return client_with_token(staff_outside_group)


# A programme with one activity linked to two range states and a species, and a cycle: what
# the reports' tests (test_reports.py, contract/) report on. A module that needs another
# programme or activity defines its own fixture of the same name.


@pytest.fixture
def programme(db):
    return ProgrammeFactory()


@pytest.fixture
def cycle(programme):
    return ReportingCycleFactory(programme=programme)


@pytest.fixture
def activity(programme, state, other_state, snow_leopard):
    objective = ObjectiveFactory(programme=programme, number=1)
    activity = ActivityFactory(issue=IssueFactory(objective=objective))
    activity.range_states.add(state, other_state)
    activity.species.add(snow_leopard)
    return activity
