"""The rules of reporting's writes that are asked in queries compiled once (core/prepared.py)
give the answers of the querysets that state them, on every case: whether a user may change
a report (every report x every kind of user), and the report a review locks, read with its
relations as `select_related` reads them. (Whether an activity concerns a subject:
test_prepared_scope.py, over the real programme.)"""

import pytest
from django.contrib.auth.models import AnonymousUser

from reporting.access import focal_point_of
from reporting.choices import ReportState
from reporting.models import Report
from reporting.services import scope, workflow
from tests.factories import (
    ActivityFactory,
    IssueFactory,
    ObjectiveFactory,
    RangeStateFactory,
    SpeciesFactory,
    UserFactory,
)
from tests.reporting.factories import FocalPointFactory, ReportFactory, ReportingCycleFactory

pytestmark = pytest.mark.django_db


def test_can_edit_is_editable_by_for_every_report_and_user(secretariat_user):
    state = RangeStateFactory(iso_code="QA")
    focal_point = FocalPointFactory(range_states=[state]).user
    other = FocalPointFactory(range_states=[state]).user
    gone = FocalPointFactory(range_states=[state], user__is_active=False).user
    plain = UserFactory()
    cycle = ReportingCycleFactory()
    issue = IssueFactory(objective=ObjectiveFactory(programme=cycle.programme, number=1))
    reports = [
        ReportFactory(
            cycle=cycle,
            activity=ActivityFactory(issue=issue),
            range_state=state,
            author=author,
            state=report_state,
        )
        for author in (focal_point, other, gone, plain)
        for report_state in ReportState.values
    ]
    users = [focal_point, other, gone, plain, secretariat_user, AnonymousUser()]
    editable = 0
    for user in users:
        expected = set(Report.objects.editable_by(user).values_list("pk", flat=True))
        found = {report.pk for report in reports if scope.can_edit(user, report)}
        assert found == expected, user
        editable += len(found)
    assert editable == 2 * len(ReportState.editable())  # the two active focal points' own


def fields(instance):
    return {name: value for name, value in vars(instance).items() if name != "_state"}


@pytest.mark.parametrize("kind", ["range_state", "species"])
def test_a_reviews_lock_reads_what_select_related_reads(kind, secretariat_user):
    subject = {kind: RangeStateFactory() if kind == "range_state" else SpeciesFactory()}
    cycle = ReportingCycleFactory()
    issue = IssueFactory(objective=ObjectiveFactory(programme=cycle.programme, number=1))
    report, _other = (
        ReportFactory(
            cycle=cycle,
            activity=ActivityFactory(issue=issue),
            state=ReportState.SUBMITTED,
            updated_by=updated_by,
            **subject,
        )
        for updated_by in (secretariat_user, None)  # another row, not read
    )
    relations = workflow._REVIEW_RELATIONS
    expected = Report.objects.select_related(*relations).get(pk=report.pk)
    found = workflow._locked_with_relations(report.pk)
    assert fields(found) == fields(expected)
    assert found._state.adding is False and found._state.db == expected._state.db
    for name in relations:
        related = getattr(found, name)
        assert type(related) is type(getattr(expected, name))
        if related is not None:
            assert fields(related) == fields(getattr(expected, name))
    assert (found.range_state is None) == (kind == "species")
    assert found.updated_by == secretariat_user != found.author
    with pytest.raises(Report.DoesNotExist):
        workflow._locked_with_relations(Report.objects.order_by("-pk")[0].pk + 1)


def test_reports_for_is_the_focal_points_links_for_every_user_and_subject():
    states = [RangeStateFactory() for _ in range(3)]
    species = [SpeciesFactory() for _ in range(3)]
    national = FocalPointFactory(range_states=states[:2]).user
    for_species = FocalPointFactory(species=species[1:]).user
    both = FocalPointFactory(range_states=states[2:], species=species[:1]).user
    gone = FocalPointFactory(range_states=states, species=species, user__is_active=False).user
    users = [national, for_species, both, gone, UserFactory(), AnonymousUser()]
    subjects = [{"range_state": state} for state in states] + [{"species": s} for s in species]
    found = set()
    for number, user in enumerate(users):
        focal_point = focal_point_of(user)
        for subject in subjects:
            (kind, instance), = subject.items()
            linked = focal_point is not None and instance in getattr(
                focal_point, "range_states" if kind == "range_state" else "species"
            ).all()
            assert scope.reports_for(user, **subject) == linked, (user, subject)
            if linked:
                found.add((number, instance.pk, kind))
    assert len(found) == 2 + 2 + 2  # the active focal points' own links only
