"""A report's page and the public list of accepted reports."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from programme.choices import ImplementationStatus
from reporting import services
from reporting.choices import ReportState
from reporting.models import Report

from .factories import ReportingCycleFactory

pytestmark = pytest.mark.django_db


# --- Report page --------------------------------------------------------------------------


def test_accepted_report_is_public_without_the_review_comments(client, world, secretariat_user):
    report = world.report("kg", state=ReportState.SUBMITTED, progress="Public progress")
    services.return_report(report, by=secretariat_user, comment="Internal remark")
    report.refresh_from_db()
    services.submit(report, by=world.kg_fp.user)
    services.accept(report, by=secretariat_user)
    page = client.get(report.get_absolute_url())
    assert page.status_code == 200
    assert "Public progress" in page.text
    assert "Internal remark" not in page.text
    client.force_login(world.kg_fp.user)
    assert "Internal remark" in client.get(report.get_absolute_url()).text


def test_returned_report_shows_the_comment_on_the_form(client, world, secretariat_user):
    report = world.report("kg", state=ReportState.SUBMITTED)
    services.return_report(report, by=secretariat_user, comment="Give the numbers of rangers.")
    client.force_login(world.kg_fp.user)
    page = client.get(report.get_edit_url())
    assert "Give the numbers of rangers." in page.text
    assert "Returned for changes" in page.text


# --- Public list --------------------------------------------------------------------------


def test_public_list_shows_only_accepted_reports(client, world):
    world.report("kg", state=ReportState.ACCEPTED, status=ImplementationStatus.COMPLETED)
    world.report("general", state=ReportState.SUBMITTED)
    world.report("landscape", state=ReportState.RETURNED)
    response = client.get(reverse("reporting:accepted"))
    shown = [r.activity.pk for r in response.context["page"].object_list]
    assert shown == [world.activities["kg"].pk]
    assert "Completed" in response.text
    empty = client.get(reverse("reporting:accepted"), {"range_state": "TJ"})
    assert "No accepted report matches these filters." in empty.text


def test_public_list_pages_are_newest_first(client, world):
    """By end of the period, then acceptance: the pages (ids picked first) follow that order,
    with or without a filter."""
    ends = [datetime.date(2019, 12, 31), datetime.date(2021, 12, 31), datetime.date(2021, 12, 31)]
    cycles = [ReportingCycleFactory(programme=world.programme, period_end=end) for end in ends]
    moment = timezone.now()
    for number, (cycle, name) in enumerate(
        (cycle, name) for cycle in cycles for name in world.activities
    ):
        for state in (world.kg, world.tj):
            report = world.report(name, cycle=cycle, range_state=state, state=ReportState.ACCEPTED)
            Report.objects.filter(pk=report.pk).update(
                accepted_at=moment - datetime.timedelta(hours=number % 5)
            )
    for query, total in (({}, 36), ({"range_state": "KG"}, 18)):
        reports = Report.objects.accepted()
        if query:
            reports = reports.filter(range_state=world.kg)
        shown, number, pages = [], 1, 1
        while number <= pages:
            page = client.get(reverse("reporting:accepted"), {**query, "page": number})
            shown += [report.pk for report in page.context["page"].object_list]
            number, pages = number + 1, page.context["page"].paginator.num_pages
        assert shown == list(reports.newest_first().values_list("pk", flat=True))
        assert len(shown) == total


def test_public_list_when_nothing_was_accepted(client, world):
    assert "No report has been accepted yet." in client.get(reverse("reporting:accepted")).text
