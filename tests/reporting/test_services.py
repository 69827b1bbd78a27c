"""The rules of reporting (reporting.services): every transition allowed and refused per
role, deadlines, concurrent edits, prefilling, and the per-country status."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from programme.choices import ImplementationStatus
from reporting import services
from reporting.choices import ReportState
from reporting.models import RangeStateActivityStatus, Report, ReportLink, ReportTransition
from tests.factories import UserFactory

from .factories import ReportingCycleFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


@pytest.fixture
def roles(world, secretariat_user, staff_outside_group):
    """Every kind of user, by name."""
    return {
        "focal point of the state": world.kg_fp.user,
        "focal point of another state": world.tj_fp.user,
        "species focal point": world.species_fp.user,
        "secretariat": secretariat_user,
        "staff outside the group": staff_outside_group,
        "anonymous": AnonymousUser(),
    }


ALL_ROLES = [
    "focal point of the state",
    "focal point of another state",
    "species focal point",
    "secretariat",
    "staff outside the group",
    "anonymous",
]


def _allowed(action, role, allowed_roles, roles):
    """Run `action(user)`: it must pass for `allowed_roles` and be refused for the others."""
    user = roles[role]
    if role in allowed_roles:
        return action(user)
    with pytest.raises(PermissionDenied):
        action(user)
    return None


# --- Creating, editing and submitting: the focal point of the subject only ----------------


@pytest.mark.parametrize("role", ALL_ROLES)
def test_create_national_draft(world, roles, role):
    report = _allowed(
        lambda user: services.create_draft(
            world.cycle, world.activities["kg"], by=user, range_state=world.kg
        ),
        role,
        {"focal point of the state"},
        roles,
    )
    if report is not None:
        assert report.state == ReportState.DRAFT
        assert report.author == roles[role]
        step = report.transitions.get()
        assert (step.from_state, step.to_state, step.by) == ("", ReportState.DRAFT, roles[role])
    else:
        assert not Report.objects.exists()


@pytest.mark.parametrize("role", ALL_ROLES)
def test_create_species_draft(world, roles, role):
    _allowed(
        lambda user: services.create_draft(
            world.cycle, world.activities["leopard"], by=user, species=world.leopard
        ),
        role,
        {"species focal point"},
        roles,
    )
    assert Report.objects.count() == (1 if role == "species focal point" else 0)


def test_focal_point_cannot_report_on_an_activity_outside_their_scope(world):
    with pytest.raises(PermissionDenied):
        services.create_draft(
            world.cycle, world.activities["tj"], by=world.kg_fp.user, range_state=world.kg
        )
    with pytest.raises(PermissionDenied):
        services.create_draft(
            world.cycle, world.activities["kg"], by=world.species_fp.user, species=world.leopard
        )


def test_inactive_focal_point_cannot_report(world):
    world.kg_fp.user.is_active = False
    world.kg_fp.user.save()
    with pytest.raises(PermissionDenied):
        services.create_draft(
            world.cycle, world.activities["kg"], by=world.kg_fp.user, range_state=world.kg
        )


def test_one_report_per_activity_subject_and_cycle(world):
    second_kg_fp = world.kg_fp.__class__.objects.create(user=UserFactory(username="kanat"))
    second_kg_fp.range_states.set([world.kg])
    services.create_draft(
        world.cycle, world.activities["kg"], by=world.kg_fp.user, range_state=world.kg
    )
    with pytest.raises(ValidationError) as caught:
        services.create_draft(
            world.cycle, world.activities["kg"], by=second_kg_fp.user, range_state=world.kg
        )
    assert caught.value.code == "exists"
    assert Report.objects.count() == 1


@pytest.mark.parametrize("role", ALL_ROLES)
def test_update_draft(world, roles, role):
    report = world.report("kg")
    _allowed(
        lambda user: services.update_draft(
            report, by=user, data={"results": "New results"}, expected_version=report.version
        ),
        role,
        {"focal point of the state"},
        roles,
    )
    report.refresh_from_db()
    assert (report.results == "New results") is (role == "focal point of the state")


@pytest.mark.parametrize("role", ALL_ROLES)
def test_submit(world, roles, role):
    report = world.report("kg")
    _allowed(
        lambda user: services.submit(report, by=user), role, {"focal point of the state"}, roles
    )
    report.refresh_from_db()
    expected = ReportState.SUBMITTED if role == "focal point of the state" else ReportState.DRAFT
    assert report.state == expected


def test_submit_records_who_and_when(world):
    report = world.report("kg")
    services.submit(report, by=world.kg_fp.user)
    report.refresh_from_db()
    assert report.submitted_at is not None
    step = report.transitions.get()
    assert (step.from_state, step.to_state, step.by) == (
        ReportState.DRAFT,
        ReportState.SUBMITTED,
        world.kg_fp.user,
    )


def test_submit_validates_required_fields_next_to_them(world):
    report = world.report("kg", status="", progress="", funding_amount=100)
    with pytest.raises(ValidationError) as caught:
        services.submit(report, by=world.kg_fp.user)
    assert set(caught.value.message_dict) == {"status", "progress", "funding_currency"}
    report.refresh_from_db()
    assert report.state == ReportState.DRAFT


def test_a_submitted_or_accepted_report_cannot_be_changed_by_its_author(world):
    for state in (ReportState.SUBMITTED, ReportState.ACCEPTED):
        report = world.report("kg" if state == ReportState.SUBMITTED else "general", state=state)
        with pytest.raises(PermissionDenied):
            services.update_draft(
                report, by=world.kg_fp.user, data={"results": "x"}, expected_version=None
            )
        with pytest.raises(PermissionDenied):
            services.submit(report, by=world.kg_fp.user)


def test_a_former_focal_point_can_no_longer_edit_their_draft(world):
    report = world.report("kg")
    world.kg_fp.delete()
    user = type(world.kg_fp.user).objects.get(pk=world.kg_fp.user.pk)
    with pytest.raises(PermissionDenied):
        services.update_draft(report, by=user, data={"results": "x"}, expected_version=None)


# --- Reviewing: the secretariat only ------------------------------------------------------


@pytest.mark.parametrize("role", ALL_ROLES)
def test_accept(world, roles, role):
    report = world.report("kg", state=ReportState.SUBMITTED)
    _allowed(lambda user: services.accept(report, by=user), role, {"secretariat"}, roles)
    report.refresh_from_db()
    assert (report.state == ReportState.ACCEPTED) is (role == "secretariat")


@pytest.mark.parametrize("role", ALL_ROLES)
def test_return(world, roles, role):
    report = world.report("kg", state=ReportState.SUBMITTED)
    _allowed(
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
    _allowed(lambda user: services.reopen(report, by=user), role, {"secretariat"}, roles)
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


# --- Concurrent edits are refused, not merged ----------------------------------------------


@pytest.mark.parametrize(
    "state, review",
    [
        (ReportState.SUBMITTED, lambda r, by, v: services.accept(r, by=by, expected_version=v)),
        (
            ReportState.SUBMITTED,
            lambda r, by, v: services.return_report(
                r, by=by, comment="Give the numbers.", expected_version=v
            ),
        ),
        (ReportState.ACCEPTED, lambda r, by, v: services.reopen(r, by=by, expected_version=v)),
    ],
    ids=["accept", "return", "reopen"],
)
def test_a_review_applies_only_to_the_version_the_reviewer_read(
    world, secretariat_user, state, review
):
    report = world.report("kg", state=state)
    read = report.version
    Report.objects.filter(pk=report.pk).update(
        version=read + 1, updated_by=world.kg_fp.user, progress="Changed after the read"
    )
    with pytest.raises(services.ReportConflict) as caught:
        review(report, secretariat_user, read)
    assert caught.value.code == "conflict"
    assert "changed meanwhile by kyra" in caught.value.messages[0]
    report.refresh_from_db()
    assert (report.state, report.version) == (state, read + 1)
    assert not report.transitions.exists()
    reviewed = review(report, secretariat_user, read + 1)  # the version now read: it applies
    assert reviewed.state != state


def test_bulk_acceptance_applies_to_the_reports_as_read(world, secretariat_user):
    first = world.report("kg", state=ReportState.SUBMITTED)
    second = world.report("general", state=ReportState.SUBMITTED)
    Report.objects.filter(pk=second.pk).update(version=second.version + 1)
    with pytest.raises(services.ReportConflict):
        services.accept_bulk([first, second], by=secretariat_user)
    first.refresh_from_db()
    assert first.state == ReportState.SUBMITTED  # all or nothing


def test_concurrent_edit_of_the_same_draft_is_refused(world):
    report = world.report("kg")
    seen = report.version
    services.update_draft(
        report, by=world.kg_fp.user, data={"results": "Tab one"}, expected_version=seen
    )
    with pytest.raises(services.ReportConflict) as caught:
        services.update_draft(
            report, by=world.kg_fp.user, data={"results": "Tab two"}, expected_version=seen
        )
    assert "changed meanwhile by kyra" in caught.value.messages[0]
    report.refresh_from_db()
    assert report.results == "Tab one"


def test_edit_based_on_a_version_before_the_review_is_refused(world, secretariat_user):
    report = world.report("kg", state=ReportState.SUBMITTED)
    services.return_report(report, by=secretariat_user, comment="Numbers?")
    with pytest.raises(services.ReportConflict):
        services.update_draft(
            report, by=world.kg_fp.user, data={"results": "x"}, expected_version=report.version
        )


def test_submitting_an_outdated_form_is_refused(world):
    report = world.report("kg")
    services.update_draft(report, by=world.kg_fp.user, data={"results": "New"}, expected_version=0)
    with pytest.raises(services.ReportConflict):
        services.submit(report, by=world.kg_fp.user, expected_version=0)


def test_field_formats_are_checked_on_draft_save(world):
    report = world.report("kg")
    with pytest.raises(ValidationError) as caught:
        services.update_draft(
            report,
            by=world.kg_fp.user,
            data={"status": "finished", "funding_currency": "dollars", "funding_amount": "-3"},
            expected_version=report.version,
        )
    assert set(caught.value.message_dict) == {"status", "funding_currency", "funding_amount"}
    with pytest.raises(ValidationError):
        services.update_draft(
            report, by=world.kg_fp.user, data={"author": 1}, expected_version=None
        )


# --- Prefill from the last accepted reports -----------------------------------------------


@pytest.fixture
def previous_cycle(world):
    return ReportingCycleFactory(
        programme=world.programme,
        period_start=datetime.date(2014, 11, 1),
        period_end=datetime.date(2016, 12, 31),
        opens_on=datetime.date(2017, 1, 1),
        deadline=datetime.date(2017, 3, 31),
    )


def test_new_draft_starts_from_the_last_accepted_report(world, previous_cycle):
    old = world.report(
        "kg",
        cycle=previous_cycle,
        state=ReportState.ACCEPTED,
        status=ImplementationStatus.ONGOING,
        partners="WWF",
    )
    ReportLink.objects.create(report=old, url="https://example.org/plan", title="Plan")
    draft = services.create_draft(
        world.cycle, world.activities["kg"], by=world.kg_fp.user, range_state=world.kg
    )
    assert (draft.status, draft.partners, draft.prefilled_from) == (
        ImplementationStatus.ONGOING,
        "WWF",
        old,
    )
    assert list(draft.links.values_list("url", flat=True)) == ["https://example.org/plan"]


def test_prefill_ignores_drafts_returned_and_other_subjects(world, previous_cycle):
    world.report("kg", cycle=previous_cycle, state=ReportState.RETURNED, partners="Returned")
    world.report(
        "general", cycle=previous_cycle, by=world.tj_fp.user, range_state=world.tj,
        state=ReportState.ACCEPTED, partners="Tajik",
    )  # fmt: skip
    draft = services.create_draft(
        world.cycle, world.activities["kg"], by=world.kg_fp.user, range_state=world.kg
    )
    other = services.create_draft(
        world.cycle, world.activities["general"], by=world.kg_fp.user, range_state=world.kg
    )
    assert (draft.partners, draft.prefilled_from, other.partners) == ("", None, "")


def test_prefill_a_whole_cycle(world, previous_cycle):
    world.report("kg", cycle=previous_cycle, state=ReportState.ACCEPTED, results="Old kg")
    world.report("general", cycle=previous_cycle, state=ReportState.ACCEPTED, results="Old gen")
    world.report("general")  # already started in this cycle: left alone
    created = services.prefill_cycle(world.cycle, by=world.kg_fp.user)
    assert [report.activity for report in created] == [world.activities["kg"]]
    assert created[0].results == "Old kg"
    assert services.prefill_cycle(world.cycle, by=world.kg_fp.user) == []
    with pytest.raises(PermissionDenied):
        services.prefill_cycle(world.cycle, by=UserFactory())


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


# --- Batch statuses -----------------------------------------------------------------------


def test_save_statuses_creates_and_updates_drafts(world):
    existing = world.report("kg", status=ImplementationStatus.NOT_STARTED)
    services.save_statuses(
        world.cycle,
        by=world.kg_fp.user,
        range_state=world.kg,
        rows=[
            (world.activities["kg"], ImplementationStatus.COMPLETED, existing.version),
            (world.activities["general"], ImplementationStatus.ONGOING, None),
        ],
    )
    statuses = dict(Report.objects.values_list("activity__code", "status"))
    assert statuses == {
        world.activities["kg"].code: ImplementationStatus.COMPLETED,
        world.activities["general"].code: ImplementationStatus.ONGOING,
    }


def test_save_statuses_is_all_or_nothing_on_conflict(world):
    existing = world.report("kg")
    with pytest.raises(services.ReportConflict):
        services.save_statuses(
            world.cycle,
            by=world.kg_fp.user,
            range_state=world.kg,
            rows=[
                (world.activities["general"], ImplementationStatus.ONGOING, None),
                (world.activities["kg"], ImplementationStatus.COMPLETED, existing.version + 1),
            ],
        )
    assert Report.objects.count() == 1
    with pytest.raises(PermissionDenied):
        services.save_statuses(
            world.cycle,
            by=world.tj_fp.user,
            range_state=world.kg,
            rows=[(world.activities["general"], ImplementationStatus.ONGOING, None)],
        )
