"""CSV exports, conditional requests, rate limits."""

import csv
import datetime
import io
import json
from decimal import Decimal

import pytest
from django.utils import timezone
from django.utils.http import http_date
from rest_framework.test import APIRequestFactory

from core.api import csv as api_csv
from programme.services import set_status
from reporting.api.csv import ReportRows, ReportSerializerRows
from reporting.api.serializers import ReportSerializer
from reporting.api.views import ReportViewSet
from reporting.choices import ReportState
from reporting.models import ReportAttachment, ReportLink, ReportTransition
from tests.factories import ActivityFactory, IssueFactory, ObjectiveFactory
from tests.reporting.factories import ReportFactory, ReportingCycleFactory

from .conftest import client_with_token
from .factories import build_programme

pytestmark = pytest.mark.django_db

LIST_ENDPOINTS = [
    "programmes",
    "objectives",
    "issues",
    "activities",
    "actors",
    "species",
    "range-states",
    "landscapes",
    "reporting-cycles",
    "reports",
]


def read_csv(response):
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.streaming
    body = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.DictReader(io.StringIO(body)))


@pytest.fixture
def programme():
    return build_programme(3)


@pytest.mark.parametrize("endpoint", LIST_ENDPOINTS)
def test_every_list_as_csv(api, programme, endpoint):
    by_parameter = read_csv(api.get(f"/api/v1/{endpoint}/?format=csv"))
    by_header = read_csv(api.get(f"/api/v1/{endpoint}/", headers={"accept": "text/csv"}))
    assert by_parameter == by_header
    json_count = api.get(f"/api/v1/{endpoint}/").json()["count"]
    assert len(by_parameter) == json_count > 0


def test_activities_csv_flattens_nested_objects(api, programme):
    response = api.get("/api/v1/activities/?format=csv&objective=1")
    assert response["Content-Disposition"] == 'attachment; filename="activities.csv"'
    rows = read_csv(response)
    assert [row["code"] for row in rows] == ["1.1.1", "1.1.2"]
    first = rows[0]
    assert first["status.status"] == "in_progress"
    assert first["status.version"] == "1"
    # Lists whose items say more than a code: whole, as JSON, or a pointer to their list.
    assert [item["letter"] for item in json.loads(first["subactivities"])] == ["a", "b"]
    assert all(item["text"] for item in json.loads(first["subactivities"]))
    responsibilities = json.loads(first["responsibilities"])
    assert [item["actor"]["slug"] for item in responsibilities] == ["actor-1-1", "actor-1-2"]
    assert {"proposed", "qualifier"} <= set(responsibilities[0])
    assert first["range_states"] == "QA"
    pointer = first["range_state_statuses"]
    assert "/api/v1/range-state-statuses/?activity=1.1.1&programme=" in pointer
    statuses = read_csv(api.get(pointer.split("testserver", 1)[1] + "&format=csv"))
    assert [(row["range_state"], row["status"]) for row in statuses] == [
        (s["range_state"]["iso_code"], s["status"])
        for s in api.get("/api/v1/activities/1.1.1/").json()["range_state_statuses"]
    ]
    assert first["referenced_issues"] == "1.1"


@pytest.mark.parametrize("size", [3, 4])
def test_csv_is_streamed_chunk_by_chunk(api, django_assert_num_queries, monkeypatch, size):
    """Rows are read 2 at a time: the body comes in pieces, and the queries depend on the
    number of chunks (2 here, for 3 or 4 activities), not on the number of rows."""
    build_programme(size)
    monkeypatch.setattr(api_csv, "CHUNK_SIZE", 2)
    response = api.get("/api/v1/activities/?format=csv")
    with django_assert_num_queries(
        # The rows (issue, objective, programme, status joined), read through one cursor;
        # then for each chunk: species, range states, landscapes, responsibilities, their
        # actors, sub-items, cross-referenced activities and issues, the activities of other
        # programmes it continues and that continue it, statuses per range state.
        1 + 2 * 11
    ):
        chunks = list(response.streaming_content)
    assert len(chunks) == 1 + 2  # the header row, then one piece per chunk
    assert sum(chunk.count(b"\r\n") for chunk in chunks) == 1 + size


def test_csv_in_french(api, programme):
    rows = read_csv(api.get("/api/v1/activities/?format=csv&lang=fr"))
    assert rows[0]["text"].startswith("Faire le travail")


def test_csv_error_is_json(api, programme):
    response = api.get("/api/v1/activities/?format=csv&priority=urgent")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert list(response.json()["errors"]) == ["priority"]


def test_csv_only_for_lists(api, programme):
    response = api.get("/api/v1/activities/1.1.1/?format=csv")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["format"]
    assert api.get("/api/v1/activities/1.1.1/", headers={"accept": "text/csv"}).status_code == 406


@pytest.mark.parametrize(
    "path",
    ["/api/v1/activities/", "/api/v1/activities/1.1.1/", "/api/v1/species/species-1/"],
)
def test_etag_and_not_modified(api, programme, path):
    first = api.get(path)
    etag = first["ETag"]
    assert etag.startswith('"') and len(etag) > 10
    again = api.get(path, headers={"if-none-match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    assert api.get(path, headers={"if-none-match": '"stale"'}).status_code == 200


def test_etag_changes_with_the_data_not_the_language(api, programme, secretariat_user):
    path = "/api/v1/activities/1.1.1/"
    etag = api.get(path)["ETag"]
    assert api.get(path, headers={"accept-language": "fr"})["ETag"] == etag
    activity = programme.activities.get(code="1.1.1")
    set_status(activity, status="completed", by=secretariat_user, note="Done.")
    response = api.get(path, headers={"if-none-match": etag})
    assert response.status_code == 200
    assert response.json()["status"]["status"] == "completed"


def test_status_has_last_modified_and_answers_if_modified_since(api, secretariat_user):
    activity = ActivityFactory(issue=IssueFactory(objective=ObjectiveFactory(number=1)))
    set_status(activity, status="delayed", by=secretariat_user)
    path = "/api/v1/activities/1.1.1/status/"
    response = api.get(path)
    activity.status.refresh_from_db()
    assert response["Last-Modified"] == http_date(activity.status.updated_at.timestamp())
    not_modified = api.get(path, headers={"if-modified-since": response["Last-Modified"]})
    assert not_modified.status_code == 304
    earlier = http_date(activity.status.updated_at.timestamp() - 3600)
    assert api.get(path, headers={"if-modified-since": earlier}).status_code == 200


def test_csv_exports_carry_no_etag(api, programme):
    assert "ETag" not in api.get("/api/v1/activities/?format=csv")


def test_rate_limit_answers_429_with_retry_after(
    api, as_partner, settings, programme, throttle_clock
):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "3/minute", "user": "5/minute"},
    }
    for _ in range(3):
        assert api.get("/api/v1/species/").status_code == 200
    refused = api.get("/api/v1/species/")
    assert refused.status_code == 429
    assert refused["Retry-After"] == "60"  # until the first request leaves the window
    assert refused.json()["code"] == "throttled"
    # A signed-in client counts apart, with its own, higher limit.
    for _ in range(5):
        assert as_partner.get("/api/v1/species/").status_code == 200
    assert as_partner.get("/api/v1/species/").status_code == 429
    # A minute after the first requests, they have left the window.
    throttle_clock.advance(60)
    assert api.get("/api/v1/species/").status_code == 200
    assert as_partner.get("/api/v1/species/").status_code == 200


# --- The reports' export ----------------------------------------------------------------------


@pytest.fixture
def varied_reports(focal_point, state, other_state, snow_leopard):
    """Reports of every kind over three cycles: national and species reports, every state,
    funding or none, several links, attachments and transitions (with comments), a reopened
    report (its deadline moves), names in French."""
    programme = build_programme(2)
    activities = list(programme.activities.order_by("sort_key"))
    cycles = [
        ReportingCycleFactory(programme=programme, name_fr=f"Cycle {n}", deadline=deadline)
        for n, deadline in enumerate(
            [datetime.date(2031, 3, 31), datetime.date(2030, 3, 31), datetime.date(2031, 3, 31)]
        )
    ]
    moment = timezone.now().replace(microsecond=123456)
    reports = []
    for number, (cycle, activity, subject, report_state) in enumerate(
        [
            (cycles[0], activities[0], {"range_state": state}, ReportState.ACCEPTED),
            (cycles[0], activities[1], {"range_state": state}, ReportState.DRAFT),
            (cycles[1], activities[0], {"range_state": other_state}, ReportState.SUBMITTED),
            (cycles[1], activities[1], {"species": snow_leopard}, ReportState.ACCEPTED),
            (cycles[2], activities[0], {"range_state": state}, ReportState.RETURNED),
            (cycles[2], activities[1], {"species": snow_leopard}, ReportState.ACCEPTED),
        ]
    ):
        report = ReportFactory(
            cycle=cycle,
            activity=activity,
            author=focal_point,
            state=report_state,
            progress=f'Rangers, "patrols"; line\nbreak {number}',
            funding_amount=Decimal("12500.5") if number % 2 else None,
            funding_currency="USD" if number % 2 else "",
            reopened_until=datetime.date(2032, 1, 1) if number == 4 else None,
            **subject,
        )
        reports.append(report)
        for index in range(number % 3):
            ReportLink.objects.create(report=report, url=f"https://example.org/{number}/{index}")
            ReportAttachment.objects.create(
                report=report,
                file=f"reporting/attachments/{number}-{index}.pdf",
                original_name=f"evidence {number}-{index}.pdf",
                content_type="application/pdf",
                size=100,
                uploaded_at=moment - datetime.timedelta(days=index),
            )
            ReportTransition.objects.create(
                report=report,
                by=focal_point,
                at=moment - datetime.timedelta(hours=index),
                to_state=report_state,
                comment="Please give the figures." if index else "",
            )
    return reports


@pytest.mark.parametrize("who", ["anonymous", "partner", "focal point", "secretariat"])
@pytest.mark.parametrize("query", ["", "&lang=fr", "&state=accepted&lang=ru", "&cycle={cycle}"])
def test_reports_csv_is_the_serializers_cell_for_cell(
    request, monkeypatch, varied_reports, who, query
):
    """The reports' export makes its rows its own faster way (reporting.api.csv): the same
    bytes as through the serializer, read 2 reports at a time (objects met in an earlier
    chunk are reused)."""
    clients = {
        "anonymous": lambda: request.getfixturevalue("api"),
        "partner": lambda: request.getfixturevalue("as_partner"),
        "focal point": lambda: client_with_token(varied_reports[0].author),
        "secretariat": lambda: request.getfixturevalue("as_secretariat"),
    }
    client = clients[who]()
    query = query.format(cycle=varied_reports[2].cycle_id)
    monkeypatch.setattr(api_csv, "CHUNK_SIZE", 2)

    def export(rows_class):
        monkeypatch.setattr(ReportViewSet, "csv_rows_class", rows_class)
        response = client.get(f"/api/v1/reports/?format=csv{query}")
        assert response.status_code == 200
        return b"".join(response.streaming_content).decode()

    fast, through_serializer = export(ReportRows), export(ReportSerializerRows)
    assert fast == through_serializer
    rows = list(csv.DictReader(io.StringIO(fast)))
    if who == "secretariat" and not query:
        assert len(rows) == 2 + len(varied_reports)  # build_programme's reports too
        by_id = {int(row["id"]): row for row in rows}
        evidence = by_id[varied_reports[2].pk]
        # The lists are whole: a link's title, an attachment's size, a step's states.
        links = json.loads(evidence["links"])
        assert [link["url"] for link in links] == [
            "https://example.org/2/0",
            "https://example.org/2/1",
        ]
        assert all("title" in link for link in links)
        attachments = json.loads(evidence["attachments"])
        assert [a["original_name"] for a in attachments] == [
            "evidence 2-1.pdf",  # by upload time
            "evidence 2-0.pdf",
        ]
        assert all(a["size"] and a["url"].startswith("http") for a in attachments)
        transitions = json.loads(evidence["transitions"])
        assert len(transitions) == 2
        assert {"at", "from_state", "to_state", "comment"} <= transitions[0].keys()
        detail = client.get(f"/api/v1/reports/{varied_reports[2].pk}/").json()
        assert links == detail["links"]
        assert attachments == detail["attachments"]
        assert transitions == detail["transitions"]
        assert by_id[varied_reports[4].pk]["submission_deadline"] == "2032-01-01"
        assert by_id[varied_reports[3].pk]["species.slug"] == "snow-leopard"
        assert by_id[varied_reports[3].pk]["funding_amount"] == "12500.50"


def test_reports_csv_rows_know_every_field_of_the_serializer(as_secretariat, varied_reports):
    """No field of ReportSerializer sends the export back to the serializer, and the
    report's addresses are made from a template."""
    request = APIRequestFactory().get("/api/v1/reports/")
    request.user = varied_reports[0].author
    rows = ReportRows(ReportSerializer, {"request": request})
    assert rows.makers is not None
    assert set(rows.addresses) == {"url", "web_url"}
