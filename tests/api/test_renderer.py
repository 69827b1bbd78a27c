"""The API's JSON encoder (orjson) gives the very bytes of DRF's own renderer."""

import json

import pytest
from rest_framework.renderers import JSONRenderer

from core.api.renderers import FastJSONRenderer

from .factories import build_programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme():
    return build_programme(3)


@pytest.mark.parametrize(
    "path",
    ["/api/v1/activities/", "/api/v1/activities/1.1.1/", "/api/v1/reports/",
     "/api/v1/range-states/", "/api/v1/species/", "/api/v1/activities/9.9.9/"],
)  # fmt: skip
def test_the_fast_renderer_gives_drfs_bytes(api, programme, path):
    response = api.get(path, headers={"accept-language": "ru"})
    data = json.loads(response.content)
    assert response.content == JSONRenderer().render(data)
    assert FastJSONRenderer().render(data) == JSONRenderer().render(data)


def test_line_separators_are_escaped_and_indentation_is_left_to_drf():
    data = {"text": "a\u2028b\u2029c", "n": [1, 2.5, None]}
    assert FastJSONRenderer().render(data) == JSONRenderer().render(data)
    indented = FastJSONRenderer().render(data, "application/json; indent=4", {})
    assert indented == JSONRenderer().render(data, "application/json; indent=4", {})
