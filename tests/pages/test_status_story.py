"""An activity's page tells one status story: the secretariat's overall status, and beside it
what the range states' accepted reports say (how many report each status, the latest date),
with one sentence on how the two relate."""

import datetime

import pytest

from programme.choices import ImplementationStatus
from reporting.models import RangeStateActivityStatus
from reporting.public import country_picture
from tests.factories import ActivityFactory, RangeStateFactory
from tests.rangestates.factories import report

pytestmark = pytest.mark.django_db

SENTENCE = "The secretariat's status is its overall reading of the activity"


def test_the_countries_picture_stands_beside_the_secretariats_status(client):
    activity = ActivityFactory(text_en="Fence the Ustyurt.")
    kyrgyzstan = RangeStateFactory(iso_code="KG", name_en="Kyrgyzstan")
    mongolia = RangeStateFactory(iso_code="MN", name_en="Mongolia")
    kazakhstan = RangeStateFactory(iso_code="KZ", name_en="Kazakhstan")
    for state in (kyrgyzstan, mongolia):
        report(activity=activity, range_state=state, status=ImplementationStatus.ONGOING)
    report(activity=activity, range_state=kazakhstan, status=ImplementationStatus.COMPLETED)
    response = client.get(activity.get_absolute_url())
    picture = response.context["country_picture"]
    assert [(value, count) for value, _label, count in picture["counts"]] == [
        ("ongoing", 2), ("completed", 1),
    ]  # fmt: skip
    assert picture["total"] == 3
    assert picture["latest"] == max(
        RangeStateActivityStatus.objects.filter(activity=activity).values_list("as_of", flat=True)
    )
    page = response.text
    card = page[page.index('id="status-title"') : page.index('id="history-title"')]
    assert "From the range states' reports" in card
    assert "2 range states" in card and "1 range state" in card
    assert SENTENCE in card


def test_without_country_reports_the_page_says_so(client):
    activity = ActivityFactory()
    page = client.get(activity.get_absolute_url()).text
    assert "No range state has reported on it in an accepted report yet." in page
    assert SENTENCE in page


def test_country_picture_of_nothing():
    assert country_picture([]) == {"counts": [], "total": 0, "latest": None}
    entry = RangeStateActivityStatus(status="delayed", as_of=datetime.date(2026, 3, 1))
    assert country_picture([entry])["latest"] == datetime.date(2026, 3, 1)
