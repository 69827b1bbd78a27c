"""The rules of the workflow (reporting.services): reviews per role, deadlines, and the
status per country that accepted reports set."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from programme.choices import ImplementationStatus
from reporting import services
from reporting.choices import ReportState
from reporting.models import RangeStateActivityStatus, Report, ReportTransition

from .conftest import ALL_ROLES, allowed

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


# --- Reviewing: the secretariat only ------------------------------------------------------


@pytest.mark.parametrize("role", ALL_ROLES)
def test_accept(world, roles, role):
    report = world.report("kg", state=ReportState.SUBMITTED)
    allowed(lambda user: services.accept(report, by=user), role, {"secretariat"}, roles)
    report.refresh_from_db()
    assert (report.state == ReportState.ACCEPTED) is (role == "secretariat")


@pytest.mark.parametrize("role", ALL_ROLES)
def test_return(world, roles, role):
    report = world.report("kg", state=ReportState.SUBMITTED)
    allowed(
        lambda user: services.return_report(report, by=user, comment="Give the numbers."),
        role,
        {"secretariat"},
        roles,
    )
    report.refresh_from_db()
    assert (report.state == ReportState.RETURNED) is (role == "secretariat")


@pytest.mark.parametrize("role", ALL_ROLES)
def test_reopen(world, roles, role):
    report = world.report("kg", state=ReportState.ACCEPTED)
    allowed(lambda user: services.reopen(report, by=user), role, {"secretariat"}, roles)
    report.refresh_from_db()
    assert (report.state == ReportState.DRAFT) is (role == "secretariat")


def test_only_submitted_reports_are_accepted_or_returned(world, secretariat_user):
    draft = world.report("kg")
    with pytest.raises(ValidationError):
        services.accept(draft, by=secretariat_user)
    with pytest.raises(ValidationError):
        services.return_report(draft, by=secretariat_user, comment="No")
    submitted = world.report("general", state=ReportState.SUBMITTED)
    with pytest.raises(ValidationError):
        services.reopen(submitted, by=secretariat_user)


def test_return_needs_a_comment_that_stays_with_the_report(world, secretariat_user):
    report = world.report("kg", state=ReportState.SUBMITTED)
    with pytest.raises(ValidationError) as caught:
        services.return_report(report, by=secretariat_user, comment="  ")
    assert "comment" in caught.value.message_dict
    services.return_report(report, by=secretariat_user, comment="Give the numbers.")
    step = report.transitions.get()
    assert (step.to_state, step.comment, step.by) == (
        ReportState.RETURNED,
        "Give the numbers.",
        secretariat_user,
    )


def test_returned_report_becomes_a_draft_again_when_edited_and_can_be_resubmitted(
    world, secretariat_user
):
    report = world.report("kg", state=ReportState.SUBMITTED)
    services.return_report(report, by=secretariat_user, comment="Give the numbers.")
    report.refresh_from_db()
    services.update_draft(
        report, by=world.kg_fp.user, data={"results": "12 rangers"}, expected_version=report.version
    )
    report.refresh_from_db()
    assert report.state == ReportState.DRAFT
    services.submit(report, by=world.kg_fp.user)
    states = list(
        ReportTransition.objects.filter(report=report).values_list("from_state", "to_state")
    )
    assert states == [
        (ReportState.SUBMITTED, ReportState.RETURNED),
        (ReportState.RETURNED, ReportState.DRAFT),
        (ReportState.DRAFT, ReportState.SUBMITTED),
    ]


def test_bulk_accept_is_all_or_nothing(world, secretariat_user):
    first = world.report("kg", state=ReportState.SUBMITTED)
    second = world.report("general", state=ReportState.SUBMITTED)
    draft = world.report("landscape")
    with pytest.raises(ValidationError):
        services.accept_bulk([first, second, draft], by=secretariat_user)
    assert Report.objects.filter(state=ReportState.ACCEPTED).count() == 0
    services.accept_bulk([first, second], by=secretariat_user)
    assert Report.objects.filter(state=ReportState.ACCEPTED).count() == 2


# --- Deadlines ----------------------------------------------------------------------------


@pytest.fixture
def past_deadline(world):
    world.cycle.opens_on = TODAY() - datetime.timedelta(days=60)
    world.cycle.deadline = TODAY() - datetime.timedelta(days=1)
    world.cycle.save()
    return world.cycle


def test_deadline_passed_refuses_submission_but_keeps_the_draft(world, past_deadline):
    report = world.report("kg")
    services.update_draft(
        report, by=world.kg_fp.user, data={"results": "Kept"}, expected_version=report.version
    )
    with pytest.raises(ValidationError) as caught:
        services.submit(report, by=world.kg_fp.user)
    assert caught.value.code == "deadline"
    report.refresh_from_db()
    assert (report.state, report.results) == (ReportState.DRAFT, "Kept")


def test_extended_deadline_allows_submission(world, past_deadline):
    report = world.report("kg")
    past_deadline.deadline = TODAY() + datetime.timedelta(days=3)
    past_deadline.save()
    services.submit(report, by=world.kg_fp.user)
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED


def test_reopened_report_can_be_submitted_after_the_deadline(
    world, past_deadline, secretariat_user
):
    report = world.report("kg")
    services.reopen(
        report,
        by=secretariat_user,
        comment="Late is fine",
        until=TODAY() + datetime.timedelta(days=5),
    )
    report.refresh_from_db()
    services.submit(report, by=world.kg_fp.user)
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED
    # ...but only that one.
    other = world.report("general")
    with pytest.raises(ValidationError):
        services.submit(other, by=world.kg_fp.user)


def test_report_returned_after_the_deadline_gets_time_to_be_corrected(
    world, past_deadline, secretariat_user
):
    report = world.report("kg", state=ReportState.SUBMITTED)
    services.return_report(report, by=secretariat_user, comment="Numbers?")
    report.refresh_from_db()
    assert report.reopened_until == TODAY() + datetime.timedelta(days=14)
    services.submit(report, by=world.kg_fp.user)
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED


def test_reopen_until_cannot_be_in_the_past(world, secretariat_user):
    report = world.report("kg", state=ReportState.ACCEPTED)
    with pytest.raises(ValidationError):
        services.reopen(report, by=secretariat_user, until=TODAY() - datetime.timedelta(days=1))


def test_no_draft_before_the_cycle_opens(world):
    world.cycle.opens_on = TODAY() + datetime.timedelta(days=2)
    world.cycle.deadline = TODAY() + datetime.timedelta(days=40)
    world.cycle.save()
    with pytest.raises(ValidationError) as caught:
        services.create_draft(
            world.cycle, world.activities["kg"], by=world.kg_fp.user, range_state=world.kg
        )
    assert caught.value.code == "not_open"


# --- The per-country status follows accepted reports --------------------------------------


def test_accepted_report_updates_the_status_in_its_range_state(world, secretariat_user):
    report = world.report("kg", state=ReportState.SUBMITTED, status=ImplementationStatus.COMPLETED)
    assert not RangeStateActivityStatus.objects.exists()
    services.accept(report, by=secretariat_user)
    country = RangeStateActivityStatus.objects.get()
    assert (country.activity, country.range_state, country.status, country.report) == (
        world.activities["kg"],
        world.kg,
        ImplementationStatus.COMPLETED,
        report,
    )
    assert country.as_of == world.cycle.period_end


def test_submitted_or_returned_reports_do_not_change_the_status(world, secretariat_user):
    report = world.report("kg")
    services.submit(report, by=world.kg_fp.user)
    services.return_report(report, by=secretariat_user, comment="No")
    assert not RangeStateActivityStatus.objects.exists()


def test_status_follows_the_latest_period_and_reverts_when_reopened(
    world, previous_cycle, secretariat_user
):
    old = world.report(
        "kg", cycle=previous_cycle, state=ReportState.SUBMITTED, status=ImplementationStatus.DELAYED
    )
    new = world.report("kg", state=ReportState.SUBMITTED, status=ImplementationStatus.ONGOING)
    services.accept(new, by=secretariat_user)
    services.accept(old, by=secretariat_user)  # late review of the older period
    country = RangeStateActivityStatus.objects.get()
    assert (country.status, country.report) == (ImplementationStatus.ONGOING, new)
    services.reopen(new, by=secretariat_user, comment="Correct the figures")
    country = RangeStateActivityStatus.objects.get()
    assert (country.status, country.report) == (ImplementationStatus.DELAYED, old)
    services.reopen(old, by=secretariat_user)
    assert not RangeStateActivityStatus.objects.exists()


def test_species_report_does_not_set_a_country_status(world, secretariat_user):
    report = world.report(
        "leopard", by=world.species_fp.user, species=world.leopard, state=ReportState.SUBMITTED
    )
    services.accept(report, by=secretariat_user)
    assert not RangeStateActivityStatus.objects.exists()
