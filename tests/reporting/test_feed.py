"""The Atom feed of newly accepted reports: filterable, linked from every page, cheap."""

import xml.etree.ElementTree as ET

import pytest

from reporting.choices import ReportState
from tests.factories import ActivityFactory, RangeStateFactory
from tests.reporting.factories import ReportFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
FEED = "/reporting/reports/feed/"


def entries(response):
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    return [entry.find(f"{ATOM}title").text for entry in root.findall(f"{ATOM}entry")]


@pytest.fixture
def reports(db):
    kg, tj = RangeStateFactory(iso_code="KG"), RangeStateFactory(iso_code="TJ")
    first, second = ActivityFactory(code="1.1.1"), ActivityFactory(code="1.1.2")
    made = [
        ReportFactory(activity=first, range_state=kg, state=ReportState.ACCEPTED),
        ReportFactory(activity=second, range_state=tj, state=ReportState.ACCEPTED),
        ReportFactory(activity=second, range_state=kg, state=ReportState.DRAFT),
    ]
    return made


def test_the_feed_lists_accepted_reports_newest_first(client, reports):
    titles = entries(client.get(FEED))
    assert titles == [str(reports[1]), str(reports[0])]  # the draft is not public


@pytest.mark.parametrize(
    "query, expected",
    [("range_state=KG", [0]), ("range_state=tj", [1]), ("activity=1.1.2", [1])],
)
def test_the_feed_is_filtered(client, reports, query, expected):
    assert entries(client.get(f"{FEED}?{query}")) == [str(reports[i]) for i in expected]


@pytest.mark.parametrize("query", ["range_state=XX", "colour=red", "activity=x"])
def test_an_invalid_filter_is_a_400(client, reports, query):
    assert client.get(f"{FEED}?{query}").status_code == 400


def test_every_page_links_the_feed(client, reports):
    page = client.get("/").content.decode()
    assert '<link rel="alternate" type="application/atom+xml"' in page
    assert f'href="{FEED}"' in page


@pytest.mark.parametrize("extra", [0, 5])
def test_the_feed_costs_the_same_at_two_sizes(client, reports, extra, django_assert_num_queries):
    for number in range(extra):
        ReportFactory(
            activity=ActivityFactory(code=f"2.1.{number + 1}"),
            range_state=reports[0].range_state,
            state=ReportState.ACCEPTED,
        )
    with django_assert_num_queries(1):  # the accepted reports, joined
        assert len(entries(client.get(FEED))) == 2 + extra
