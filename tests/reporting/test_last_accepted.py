"""The last accepted report on an activity for a subject (`services.last_accepted`, what a
new draft starts from), read by a query compiled once with its cycle, is the report the
ORM's query gives, with the same fields and cycle, for every activity, subject and cycle."""

import datetime

import pytest
from django.utils import timezone

from reporting.choices import ReportState
from reporting.models import Report, ReportLink
from reporting.services import drafts, last_accepted
from tests.factories import (
    ActivityFactory,
    IssueFactory,
    ObjectiveFactory,
    RangeStateFactory,
    SpeciesFactory,
)
from tests.reporting.factories import ReportFactory, ReportingCycleFactory

pytestmark = pytest.mark.django_db


def by_the_orm(activity, *, before=None, **subject):
    reports = Report.objects.accepted().filter(activity=activity, **subject)
    if before is not None:
        reports = reports.exclude(cycle=before).filter(cycle__period_end__lte=before.period_end)
    return reports.select_related("cycle").order_by("-cycle__period_end", "-accepted_at").first()


def fields(instance):
    return {name: value for name, value in vars(instance).items() if name != "_state"}


def test_the_report_and_cycle_the_orm_gives():
    cycles = [
        ReportingCycleFactory(
            period_start=datetime.date(year, 1, 1), period_end=datetime.date(year + 2, 12, 31)
        )
        for year in (2011, 2014, 2017, 2017)  # the last two end on the same day
    ]
    programme = cycles[0].programme
    issue = IssueFactory(objective=ObjectiveFactory(programme=programme, number=1))
    activities = [ActivityFactory(issue=issue) for _ in range(3)]
    subjects = [{"range_state": RangeStateFactory()}, {"species": SpeciesFactory()}]
    now = timezone.now()
    states = [ReportState.ACCEPTED, ReportState.DRAFT, ReportState.ACCEPTED, ReportState.ACCEPTED]
    for number, (cycle, state) in enumerate(zip(cycles, states, strict=True)):
        for position, activity in enumerate(activities[: 3 - number % 2]):
            for subject in subjects[: 1 + (number + position) % 2]:
                report = ReportFactory(
                    cycle=cycle,
                    activity=activity,
                    state=state,
                    partners=f"Partners {number}",
                    **subject,
                )
                Report.objects.filter(pk=report.pk).update(
                    accepted_at=now - datetime.timedelta(days=number * 5 + position)
                )
                ReportLink.objects.create(report=report, url=f"https://example.org/{number}")
    found = 0
    for activity in activities:
        for subject in subjects:
            for before in [None, *cycles]:
                expected = by_the_orm(activity, before=before, **subject)
                source = last_accepted(activity, before=before, **subject)
                assert (source is None) == (expected is None), (activity, subject, before)
                if expected is None:
                    continue
                found += 1
                assert fields(source) == fields(expected)
                assert fields(source.cycle) == fields(expected.cycle)
                assert source._state.adding is False
                links = [(link.url, link.title) for link in expected.links.all()]
                assert drafts._LINKS(source.pk) == links != []
    assert found > 10
