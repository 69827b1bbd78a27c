"""A property-based run of the whole API against its own OpenAPI schema (schemathesis): for
every operation, generated requests (valid and edge-case parameters, bodies, headers) never
get a 5xx, and every response conforms to the schema (status code, content type, headers,
body).

The schema is loaded from the WSGI application at import time (schemathesis' pytest fixture
loader does not work with pytest 9); the examples per operation are bounded so that the
suite stays fast."""

import os

import pytest
import schemathesis
from django.test.utils import override_settings
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import positive_data_acceptance

from cami_portal.wsgi import application
from tests.factories import (
    ActivityFactory,
    ActorFactory,
    IssueFactory,
    LandscapeFactory,
    ObjectiveFactory,
    ProgrammeFactory,
    RangeStateFactory,
    ResponsibilityFactory,
    SpeciesFactory,
)

from .factories import build_programme, token_for

# Per operation, valid and invalid requests together; API_FUZZ_EXAMPLES=500 for a deeper run.
MAX_EXAMPLES = int(os.environ.get("API_FUZZ_EXAMPLES", "25"))

CONFIG = SchemathesisConfig.from_dict(
    {
        # The explicit examples of the schema, then MAX_EXAMPLES generated requests per
        # operation. The coverage phase is off: it makes hundreds of requests per list
        # endpoint (every boundary of every parameter), too many for the test suite; turn it
        # on with API_FUZZ_COVERAGE=1 for a deeper run.
        "phases": {"coverage": {"enabled": os.environ.get("API_FUZZ_COVERAGE") == "1"}},
        "checks": {
            # A write without its required If-Match is answered 428 (RFC 6585).
            "missing_required_header": {
                "expected-statuses": [400, 401, 403, 406, 415, 422, 428],
            },
            # Preconditions are judged before the body: invalid data sent with a stale
            # If-Match is refused with 412.
            "negative_data_rejection": {
                "expected-statuses": [400, 401, 403, 404, 405, 406, 409, 412, 415, 422, 428, 429],
            },
        },
    }
)
# The WSGI test client of schemathesis sends Host: localhost.
with override_settings(ALLOWED_HOSTS=["localhost"]):
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application, config=CONFIG)

# A schema-valid request may still be refused, by design, in these cases only: a filter or a
# field names an object that does not exist (an unknown programme, species, cycle…: 400
# naming the parameter); a report is for a range state or a species, not both (400); a
# write's If-Match is stale or missing (412, 428); the object is not in a state that allows
# the change (409); a text holds a NUL character (400). Schemathesis' own "schema-valid
# request accepted" check knows none of this: `assert_refusal_is_by_design` replaces it.
NAMES_OF_OBJECTS = {
    "programme",
    "objective",
    "actor",
    "species",
    "range_state",
    "landscape",
    "cycle",
    "activity",
    "concerns",
    "non_field_errors",
}
REFUSALS_BY_DESIGN = {401, 403, 404, 409, 412, 428, 429}


def assert_refusal_is_by_design(case, response):
    if case.meta is None or not case.meta.generation.mode.is_positive:
        return
    if response.status_code < 400 or response.status_code in REFUSALS_BY_DESIGN:
        return
    assert response.status_code == 400, (case.as_curl_command(), response.text)
    unexplained = {
        name
        for name in response.json()["errors"]
        if name not in NAMES_OF_OBJECTS and not _has_nul(case, name)
    }
    assert not unexplained, (case.as_curl_command(), response.text)


def _has_nul(case, name):
    """Text with a NUL character, which no database column can hold, is refused (400)."""
    value = (case.body if isinstance(case.body, dict) else {}) | dict(case.query or {})
    for part in name.split("."):  # e.g. links.0.title
        if isinstance(value, dict):
            value = value.get(part)
        elif isinstance(value, list) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
        else:
            return False
    values = value if isinstance(value, list) else [value]
    return any(isinstance(v, str) and "\x00" in v for v in values)


@pytest.fixture
def keep_test_connection():
    """Schemathesis calls the real WSGI application, whose request signals would close the
    database connection that holds the test's transaction (on PostgreSQL; SQLite's in-memory
    test database is never closed). Django's own test client detaches them the same way."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def world(db, secretariat_user, settings, keep_test_connection):
    """The objects the schema's examples name (2.3.15, KZ, snow-leopard…), and more."""
    settings.ALLOWED_HOSTS = ["localhost"]
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "100000/minute", "user": "100000/minute"},
    }
    programme = ProgrammeFactory(code="cami-2014-2020")
    build_programme(2, programme=programme)
    issue = IssueFactory(objective=ObjectiveFactory(programme=programme, number=3), code="3.1")
    ActivityFactory(issue=issue)
    issue = IssueFactory(objective=programme.objectives.get(number=2), code="2.3")
    activity = ActivityFactory(issue=issue, code="2.3.15")
    activity.species.add(SpeciesFactory(slug="snow-leopard"))
    activity.range_states.add(RangeStateFactory(iso_code="KZ"))
    activity.landscapes.add(LandscapeFactory(slug="altai-sayan"))
    ResponsibilityFactory(activity=activity, actor=ActorFactory(slug="cms"), position=1)
    return {"Authorization": f"Token {token_for(secretariat_user)}"}


@schema.parametrize()
@hypothesis_settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_api_conforms_to_its_schema(case, world):
    # As the secretariat: every operation, writes included, is reached beyond the
    # authentication check.
    response = case.call(headers=world)
    case.validate_response(response, headers=world, excluded_checks=[positive_data_acceptance])
    assert_refusal_is_by_design(case, response)
