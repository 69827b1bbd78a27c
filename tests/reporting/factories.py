"""Test data of the reporting app."""

import datetime

import factory
from django.utils import timezone

from programme.choices import ImplementationStatus
from reporting.choices import ReportState
from reporting.models import FocalPoint, Report, ReportingCycle, ReportTransition
from tests.factories import ActivityFactory, ProgrammeFactory, UserFactory


class FocalPointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FocalPoint
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    position = "National focal point"

    @factory.post_generation
    def range_states(self, create, extracted, **kwargs):
        if create and extracted:
            self.range_states.set(extracted)

    @factory.post_generation
    def species(self, create, extracted, **kwargs):
        if create and extracted:
            self.species.set(extracted)


class ReportingCycleFactory(factory.django.DjangoModelFactory):
    """An open cycle: opened a week ago, deadline in 30 days."""

    class Meta:
        model = ReportingCycle

    programme = factory.SubFactory(ProgrammeFactory)
    name_en = factory.Sequence(lambda n: f"Reports before COP{13 + n}")
    name_fr = factory.Sequence(lambda n: f"Rapports avant la COP{13 + n}")
    period_start = datetime.date(2017, 1, 1)
    period_end = datetime.date(2019, 12, 31)
    opens_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=7))
    deadline = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))


class ReportFactory(factory.django.DjangoModelFactory):
    """A draft; give `state=...` (and `status`) for other states."""

    class Meta:
        model = Report

    cycle = factory.SubFactory(ReportingCycleFactory)
    activity = factory.SubFactory(
        ActivityFactory, issue__objective__programme=factory.SelfAttribute("...cycle.programme")
    )
    author = factory.SubFactory(UserFactory)
    state = ReportState.DRAFT
    status = ImplementationStatus.IN_PROGRESS
    progress = "Patrols were doubled in the reserve."
    updated_by = factory.SelfAttribute("author")

    @factory.lazy_attribute
    def submitted_at(self):
        return timezone.now() if self.state != ReportState.DRAFT else None

    @factory.lazy_attribute
    def accepted_at(self):
        return timezone.now() if self.state == ReportState.ACCEPTED else None


class ReportTransitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportTransition

    report = factory.SubFactory(ReportFactory)
    to_state = ReportState.DRAFT
