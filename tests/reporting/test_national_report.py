"""The national report: all of a focal point's reports in a cycle as one page and one PDF,
for the focal point and the secretariat only."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from reporting.choices import ReportState
from reporting.models import ReportLink
from tests.factories import ActivityFactory

from .factories import ReportFactory, ReportingCycleFactory

pytestmark = pytest.mark.django_db


def urls(world, focal_point=None):
    args = [world.cycle.pk, (focal_point or world.kg_fp).pk]
    return (
        reverse("reporting:national_report", args=args),
        reverse("reporting:national_report_pdf", args=args),
    )


@pytest.fixture
def reports(world):
    return [
        world.report("kg", progress="DRAFT-PROGRESS-KG"),
        world.report("general", progress="SUBMITTED-PROGRESS", state=ReportState.SUBMITTED),
        world.report(
            "landscape",
            progress="ACCEPTED-PROGRESS",
            state=ReportState.ACCEPTED,
            status="completed",
        ),  # fmt: skip
    ]


def test_focal_point_sees_all_their_reports_of_the_cycle(client, world, reports):
    # Another focal point's draft for Tajikistan, and one of another cycle: not in it.
    world.report("tj", by=world.tj_fp.user, range_state=world.tj, progress="TJ-DRAFT")
    other = ReportingCycleFactory(programme=world.programme)
    world.report("kg", cycle=other, progress="OTHER-CYCLE")
    client.force_login(world.kg_fp.user)
    page = client.get(urls(world)[0])
    assert page.status_code == 200
    text = page.text
    for excerpt in ("DRAFT-PROGRESS-KG", "SUBMITTED-PROGRESS", "ACCEPTED-PROGRESS"):
        assert excerpt in text
    assert "TJ-DRAFT" not in text and "OTHER-CYCLE" not in text
    assert page.context["report_count"] == 3
    assert "Kyrgyzstan" in text and "Draft" in text and "Completed" in text
    assert 'media="print"' in text and "reporting/national-print." in text
    assert urls(world)[1] in text


def test_my_reporting_links_to_it(client, world):
    client.force_login(world.kg_fp.user)
    page = client.get(reverse("reporting:mine")).text
    assert f'href="{urls(world)[0]}"' in page


def test_pdf_holds_the_reports(client, world, reports):
    client.force_login(world.kg_fp.user)
    response = client.get(urls(world)[1])
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response.content.startswith(b"%PDF")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    for excerpt in ("DRAFT-PROGRESS-KG", "SUBMITTED-PROGRESS", "ACCEPTED-PROGRESS"):
        assert excerpt in text
    assert "Kyrgyzstan" in text


def test_secretariat_reads_a_focal_points_report(client, world, reports, secretariat_user):
    client.force_login(secretariat_user)
    page, pdf = urls(world)
    response = client.get(page)
    assert response.status_code == 200 and "DRAFT-PROGRESS-KG" in response.text
    assert client.get(pdf)["Content-Type"] == "application/pdf"


@pytest.mark.parametrize(
    "role", ["focal point of another state", "species focal point", "staff outside the group",
             "partner"],
)  # fmt: skip
def test_others_are_refused(client, world, reports, roles, plain_user, role):
    client.force_login(plain_user if role == "partner" else roles[role])
    for url in urls(world):
        response = client.get(url)
        assert response.status_code == 404
        assert b"DRAFT-PROGRESS-KG" not in response.content


def test_anonymous_is_sent_to_sign_in(client, world, reports):
    for url in urls(world):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_unknown_cycle_or_focal_point_is_a_404(client, world, secretariat_user):
    client.force_login(secretariat_user)
    for args in ([999, world.kg_fp.pk], [world.cycle.pk, 999]):
        assert client.get(reverse("reporting:national_report", args=args)).status_code == 404


def test_only_reads(client, world):
    client.force_login(world.kg_fp.user)
    assert client.post(urls(world)[0]).status_code == 405


def _fill(world, count):
    issue = world.activities["kg"].issue
    for index in range(count):
        activity = ActivityFactory(issue=issue)
        activity.range_states.set([world.kg])
        report = ReportFactory(cycle=world.cycle, activity=activity, author=world.kg_fp.user,
                               range_state=world.kg, progress=f"P{index}")  # fmt: skip
        ReportLink.objects.create(report=report, url=f"https://example.org/{index}")


def test_query_count_does_not_grow_with_the_reports(client, world, django_assert_num_queries):
    client.force_login(world.kg_fp.user)
    _fill(world, 2)
    with CaptureQueriesContext(connection) as small:
        assert client.get(urls(world)[0]).context["report_count"] == 2
    _fill(world, 10)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(urls(world)[0])
    assert response.context["report_count"] == 12
    assert response.text.count('class="national-url"') == 12
