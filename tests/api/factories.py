"""Test data for the API: a programme whose every activity carries everything the API shows
(sub-items, actors, species, range states, landscapes, a status, a status per range state)."""

import datetime

from django.utils import timezone
from rest_framework.authtoken.models import Token

from programme.choices import ImplementationStatus
from reporting.choices import ReportState
from reporting.models import RangeStateActivityStatus, ReportLink
from tests.factories import (
    ActivityFactory,
    ActivityStatusFactory,
    ActorFactory,
    IssueFactory,
    LandscapeFactory,
    ObjectiveFactory,
    ProgrammeFactory,
    RangeStateFactory,
    ResponsibilityFactory,
    SpeciesFactory,
    SubActivityFactory,
    UserFactory,
)
from tests.reporting.factories import ReportFactory, ReportingCycleFactory


def token_for(user):
    return Token.objects.get_or_create(user=user)[0].key


def build_programme(size, programme=None):
    """`size` activities under 2 objectives, each linked to everything; returns the
    programme."""
    programme = programme or ProgrammeFactory()
    objectives = [ObjectiveFactory(programme=programme, number=number) for number in (1, 2)]
    issues = [IssueFactory(objective=objective) for objective in objectives]
    cycle = ReportingCycleFactory(programme=programme)
    author = UserFactory(username=f"author-{programme.code}")
    for index in range(size):
        number = index + 1
        activity = ActivityFactory(issue=issues[index % 2])
        state = RangeStateFactory(iso_code=f"Q{'ABCDEFGHIJKLMNOPQRSTUVWXYZ'[index % 26]}")
        landscape = LandscapeFactory(slug=f"landscape-{number}")
        landscape.range_states.add(state)
        species = SpeciesFactory(slug=f"species-{number}")
        activity.species.add(species)
        activity.range_states.add(state)
        activity.landscapes.add(landscape)
        for position in (1, 2):
            ResponsibilityFactory(
                activity=activity,
                actor=ActorFactory(slug=f"actor-{number}-{position}"),
                position=position,
            )
        SubActivityFactory(activity=activity, position=1, letter="a")
        SubActivityFactory(activity=activity, position=2, letter="b")
        ActivityStatusFactory(activity=activity, status=ImplementationStatus.IN_PROGRESS, version=1)
        report = ReportFactory(
            cycle=cycle,
            activity=activity,
            range_state=state,
            author=author,
            state=ReportState.ACCEPTED,
            status=ImplementationStatus.COMPLETED,
        )
        ReportLink.objects.create(report=report, url="https://example.org/evidence", title="Survey")
        RangeStateActivityStatus.objects.create(
            activity=activity,
            range_state=state,
            status=report.status,
            report=report,
            as_of=cycle.period_end,
        )
        if index == 0:
            activity.referenced_activities.add(activity)
            activity.referenced_issues.add(issues[0])
    return programme


def past(days):
    return timezone.localdate() - datetime.timedelta(days=days)
