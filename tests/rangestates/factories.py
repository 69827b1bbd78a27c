"""Reporting records for the public pages' tests: cycles, reports in every state, focal
points. Reports are made directly in the state a test needs; the status a country shows
then follows the accepted ones through `reporting.services.refresh_country_status`, as it
does when the secretariat accepts a report."""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from programme.choices import ImplementationStatus
from reporting.choices import ReportState
from reporting.models import FocalPoint, Report, ReportingCycle
from reporting.services import refresh_country_status
from tests.factories import ActivityFactory, ProgrammeFactory, RangeStateFactory, UserFactory


class ReportingCycleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportingCycle

    programme = factory.SubFactory(ProgrammeFactory)
    name = factory.Sequence(lambda n: f"Reporting cycle {2020 + n}")
    period_start = factory.Sequence(lambda n: datetime.date(2019 + n, 1, 1))
    period_end = factory.LazyAttribute(lambda c: c.period_start.replace(month=12, day=31))
    opens_on = factory.LazyAttribute(lambda c: c.period_end + datetime.timedelta(days=1))
    deadline = factory.LazyAttribute(lambda c: c.opens_on + datetime.timedelta(days=90))


class ReportFactory(factory.django.DjangoModelFactory):
    """An accepted report on a range state unless told otherwise."""

    class Meta:
        model = Report

    activity = factory.SubFactory(ActivityFactory)
    cycle = factory.SubFactory(
        ReportingCycleFactory, programme=factory.SelfAttribute("..activity.programme")
    )
    range_state = factory.SubFactory(RangeStateFactory)
    author = factory.LazyFunction(lambda: focal_point_user())
    state = ReportState.ACCEPTED
    status = ImplementationStatus.IN_PROGRESS
    progress = factory.Sequence(lambda n: f"Rangers trained in the field, report {n}.")
    submitted_at = factory.LazyFunction(timezone.now)
    accepted_at = factory.LazyAttribute(
        lambda r: timezone.now() if r.state == ReportState.ACCEPTED else None
    )


def focal_point_user():
    """One author for the reports (no password: hashing one per report is slow)."""
    return get_user_model().objects.get_or_create(username="focal-point")[0]


def report(**kwargs):
    """A report, with the country's status brought up to date as accepting it would."""
    made = ReportFactory(**kwargs)
    if made.range_state_id:
        refresh_country_status(made.activity, made.range_state)
    return made


class FocalPointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FocalPoint
        skip_postgeneration_save = True

    user = factory.SubFactory(
        UserFactory, first_name="Bolormaa", last_name="Tseren", email="b.tseren@example.mn"
    )
    position = "National focal point, Ministry of Environment"
    organisation = "Ministry of Environment"

    @factory.post_generation
    def range_states(self, create, extracted, **kwargs):
        if create and extracted:
            self.range_states.set(extracted)


def build_reported_programme(size, *, secretariat):
    """A programme of 2 objectives x 2 issues x `size` activities, each with a responsible
    actor, a species, a range state (Mongolia) and a landscape, a status recorded by the
    secretariat, and an accepted report from Mongolia in each of `size` cycles; plus, per
    activity, a draft from Kazakhstan and a returned report from China that must stay
    private. Returns the programme."""
    from programme.services import set_status
    from tests.factories import (
        IssueFactory,
        LandscapeFactory,
        ObjectiveFactory,
        ResponsibilityFactory,
        SpeciesFactory,
    )

    programme = ProgrammeFactory()
    mongolia = RangeStateFactory(iso_code="MN", name_en="Mongolia", name_fr="Mongolie")
    kazakhstan = RangeStateFactory(iso_code="KZ", name_en="Kazakhstan", name_fr="Kazakhstan")
    china = RangeStateFactory(iso_code="CN", name_en="China", name_fr="Chine")
    argali = SpeciesFactory(slug="argali", common_name_en="Argali", common_name_fr="Argali")
    altai = LandscapeFactory(slug="altai-sayan", name_en="Altai-Sayan")
    altai.range_states.add(mongolia, kazakhstan, china)
    cycles = [ReportingCycleFactory(programme=programme) for _ in range(size)]
    statuses = [ImplementationStatus.IN_PROGRESS, ImplementationStatus.COMPLETED]
    for number in (1, 2):
        objective = ObjectiveFactory(programme=programme, number=number)
        for _ in range(2):
            issue = IssueFactory(objective=objective)
            for index in range(size):
                activity = ActivityFactory(issue=issue)
                ResponsibilityFactory(activity=activity)
                activity.species.add(argali)
                activity.range_states.add(mongolia)
                activity.landscapes.add(altai)
                set_status(activity, status=statuses[index % 2], by=secretariat, note="On track.")
                for cycle in cycles:
                    report(activity=activity, cycle=cycle, range_state=mongolia)
                report(
                    activity=activity,
                    cycle=cycles[0],
                    range_state=kazakhstan,
                    state=ReportState.DRAFT,
                    status=ImplementationStatus.DELAYED,
                    progress="DRAFT-TEXT not for the public",
                )
                report(
                    activity=activity,
                    cycle=cycles[0],
                    range_state=china,
                    state=ReportState.RETURNED,
                    status=ImplementationStatus.SUSPENDED,
                    progress="RETURNED-TEXT not for the public",
                )
    FocalPointFactory(range_states=[mongolia])
    return programme
