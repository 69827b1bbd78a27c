"""The real programme's activities, built from plain rows, are what the serializer gives
(tests/api/test_builders.py for the rest)."""

import pytest
from django.utils import translation

from programme.models import Activity

from .test_builders import LANGUAGES, assert_same, expected_activities

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_real_programme_is_the_serializers(api, real_programme, language):
    programme = Activity.objects.first().programme
    with translation.override(language):
        expected = expected_activities(programme)
    response = api.get(f"/api/v1/activities/?lang={language}&page_size=500")
    assert_same(response.json()["results"], expected)
