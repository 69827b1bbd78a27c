"""A report speaks for one range state or one species (reporting.subjects): the rule, and
each place that relies on it."""

import pytest
from django.db import IntegrityError, transaction

from reporting import services
from reporting.choices import SubjectKind
from reporting.models import Report
from reporting.querysets import activities_in_scope
from reporting.subjects import ONE_SUBJECT, Subject
from tests.factories import RangeStateFactory, SpeciesFactory

pytestmark = pytest.mark.django_db


def test_a_subject_is_one_range_state_or_one_species():
    state, species = RangeStateFactory(iso_code="KG"), SpeciesFactory(slug="saiga")
    for range_state, kind in ((state, None), (None, species)):
        subject = Subject(range_state, kind)
        assert subject.instance in (state, species)
    with pytest.raises(ValueError, match="Give either a range state or a species."):
        Subject(state, species)
    with pytest.raises(ValueError, match="Give either a range state or a species."):
        Subject()


def test_a_subject_names_itself_for_queries_and_urls():
    state, species = RangeStateFactory(iso_code="KG"), SpeciesFactory(slug="saiga")
    of_state, of_species = Subject.of(state), Subject.of(species)
    assert (of_state.kind, of_state.kwargs, of_state.segment, of_state.key) == (
        SubjectKind.RANGE_STATE,
        {"range_state": state},
        "range-states",
        "KG",
    )
    assert (of_species.kind, of_species.kwargs, of_species.segment, of_species.key) == (
        SubjectKind.SPECIES,
        {"species": species},
        "species",
        "saiga",
    )


def test_the_database_holds_every_report_to_the_rule(world):
    constraint = next(c for c in Report._meta.constraints if c.name.endswith("one_subject"))
    assert constraint.condition == ONE_SUBJECT
    report = world.report("kg")
    with pytest.raises(IntegrityError), transaction.atomic():
        Report.objects.filter(pk=report.pk).update(species=world.leopard)
    with pytest.raises(IntegrityError), transaction.atomic():
        Report.objects.filter(pk=report.pk).update(range_state=None)


def test_services_and_scope_refuse_both_or_neither(world):
    activities = world.activities["kg"].__class__.objects.all()
    for kwargs in ({}, {"range_state": world.kg, "species": world.leopard}):
        with pytest.raises(ValueError):
            activities_in_scope(activities, **kwargs)
        with pytest.raises(ValueError):
            services.reports_for(world.kg_fp.user, **kwargs)
        with pytest.raises(ValueError):
            services.create_draft(
                world.cycle, world.activities["kg"], by=world.kg_fp.user, **kwargs
            )
