"""What each focal point reports on, and who sees which report."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser

from programme.models import Activity
from reporting.choices import ReportState
from reporting.models import FocalPoint, Report, ReportingCycle
from reporting.querysets import activities_in_scope
from tests.factories import UserFactory

from .factories import ReportingCycleFactory

pytestmark = pytest.mark.django_db


def scope(world, **subject):
    return [a.pk for a in activities_in_scope(Activity.objects.all(), **subject)]


def keys(world, names):
    return sorted(world.activities[name].pk for name in names)


def test_national_scope_state_landscape_and_activities_without_geographic_link(world):
    assert sorted(scope(world, range_state=world.kg)) == keys(
        world, ["kg", "landscape", "general", "leopard"]
    )
    assert sorted(scope(world, range_state=world.tj)) == keys(
        world, ["tj", "general", "leopard", "tj_leopard"]
    )


def test_species_scope_is_the_activities_linked_to_the_species(world):
    assert sorted(scope(world, species=world.leopard)) == keys(world, ["leopard", "tj_leopard"])


def test_scope_is_in_natural_order_without_duplicates(world):
    # An activity linked to the state and to one of its landscapes appears once.
    kg_landscape = world.activities["landscape"].landscapes.get()
    world.activities["kg"].landscapes.add(kg_landscape)
    codes = [a.code for a in activities_in_scope(Activity.objects.all(), range_state=world.kg)]
    assert len(codes) == len(set(codes)) == 4
    assert codes == sorted(codes, key=lambda c: [int(p) for p in c.split(".")])


def test_scope_needs_one_subject(world):
    with pytest.raises(ValueError):
        activities_in_scope(Activity.objects.all())
    with pytest.raises(ValueError):
        activities_in_scope(Activity.objects.all(), range_state=world.kg, species=world.leopard)


def test_visible_to(world, secretariat_user, staff_outside_group):
    kg_draft = world.report("kg")
    kg_returned = world.report("landscape", state=ReportState.RETURNED)
    kg_submitted = world.report("general", state=ReportState.SUBMITTED)
    tj_accepted = world.report(
        "tj", by=world.tj_fp.user, range_state=world.tj, state=ReportState.ACCEPTED
    )
    tj_draft = world.report("general", by=world.tj_fp.user, range_state=world.tj)

    def visible(user):
        return set(Report.objects.visible_to(user))

    everything = {kg_draft, kg_returned, kg_submitted, tj_accepted, tj_draft}
    assert visible(world.kg_fp.user) == {kg_draft, kg_returned, kg_submitted, tj_accepted}
    assert visible(world.tj_fp.user) == {tj_accepted, tj_draft}
    assert visible(world.species_fp.user) == {tj_accepted}
    assert visible(secretariat_user) == everything
    assert visible(staff_outside_group) == {tj_accepted}
    assert visible(AnonymousUser()) == {tj_accepted}
    assert visible(None) == {tj_accepted}
    assert set(Report.objects.accepted()) == {tj_accepted}


def test_editable_by(world, secretariat_user):
    draft = world.report("kg")
    returned = world.report("landscape", state=ReportState.RETURNED)
    world.report("general", state=ReportState.SUBMITTED)
    world.report("leopard", state=ReportState.ACCEPTED)
    assert set(Report.objects.editable_by(world.kg_fp.user)) == {draft, returned}
    assert not Report.objects.editable_by(world.tj_fp.user).exists()
    assert not Report.objects.editable_by(secretariat_user).exists()
    assert not Report.objects.editable_by(AnonymousUser()).exists()
    # An author who is no longer a focal point edits nothing.
    world.kg_fp.delete()
    assert not Report.objects.editable_by(
        type(world.kg_fp.user).objects.get(username="kyra")
    ).exists()


def test_public_focal_points_show_names_and_roles_of_active_ones(world):
    inactive = FocalPoint.objects.create(user=UserFactory(username="gone", is_active=False))
    names = [str(fp) for fp in FocalPoint.objects.public()]
    assert "Kyra Bekova" in names and str(inactive) not in names


def test_default_cycle_is_the_open_one_with_the_nearest_deadline(world):
    today = datetime.date(2026, 6, 1)
    ReportingCycle.objects.all().delete()
    assert ReportingCycle.objects.default_for(today) is None
    past = ReportingCycleFactory(
        programme=world.programme,
        opens_on=datetime.date(2025, 1, 1),
        deadline=datetime.date(2025, 3, 1),
    )
    assert ReportingCycle.objects.default_for(today) == past
    later = ReportingCycleFactory(
        programme=world.programme,
        opens_on=datetime.date(2026, 5, 1),
        deadline=datetime.date(2026, 9, 1),
    )
    sooner = ReportingCycleFactory(
        programme=world.programme,
        opens_on=datetime.date(2026, 5, 1),
        deadline=datetime.date(2026, 7, 1),
    )
    ReportingCycleFactory(  # not open yet
        programme=world.programme,
        opens_on=datetime.date(2026, 7, 1),
        deadline=datetime.date(2026, 6, 15) + datetime.timedelta(days=30),
    )
    assert ReportingCycle.objects.default_for(today) == sooner
    assert set(ReportingCycle.objects.accepting_submissions(today)) == {later, sooner}


def test_reads_for_the_public_pages(world, django_assert_num_queries):
    from programme.choices import ImplementationStatus
    from reporting import services
    from reporting.models import RangeStateActivityStatus

    secretariat = UserFactory(username="officer", is_staff=True, groups=["Secretariat"])
    kg = world.report("kg", state=ReportState.SUBMITTED, status=ImplementationStatus.COMPLETED)
    tj = world.report(
        "general", by=world.tj_fp.user, range_state=world.tj, state=ReportState.SUBMITTED
    )
    world.report("general")  # a Kyrgyz draft: never public
    services.accept_bulk([kg, tj], by=secretariat)
    assert list(Report.objects.accepted().for_activity(world.activities["general"])) == [tj]
    assert set(Report.objects.accepted().for_programme(world.programme)) == {kg, tj}
    activities = [world.activities["kg"], world.activities["general"]]
    with django_assert_num_queries(1):
        cells = RangeStateActivityStatus.objects.cells(activities, [world.kg, world.tj])
    assert cells == {
        (world.activities["kg"].pk, world.kg.pk): ImplementationStatus.COMPLETED,
        (world.activities["general"].pk, world.tj.pk): ImplementationStatus.IN_PROGRESS,
    }
    statuses = RangeStateActivityStatus.objects.for_activity(world.activities["general"])
    assert [(s.range_state, s.report) for s in statuses] == [(world.tj, tj)]
