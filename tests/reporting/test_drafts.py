"""The rules of drafts (reporting.services): who creates, edits and submits them, concurrent
edits, prefilling, batch statuses."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from programme.choices import ImplementationStatus
from reporting import services
from reporting.choices import ReportState
from reporting.models import Report, ReportLink
from tests.factories import UserFactory

from .conftest import ALL_ROLES, allowed

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


# --- Creating, editing and submitting: the focal point of the subject only ----------------


@pytest.mark.parametrize("role", ALL_ROLES)
def test_create_national_draft(world, roles, role):
    report = allowed(
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
    allowed(
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
    allowed(
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
    allowed(
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
        # Refused by its state, saying so: it went to the secretariat.
        with pytest.raises(services.AlreadySubmitted):
            services.update_draft(
                report, by=world.kg_fp.user, data={"results": "x"}, expected_version=None
            )
        with pytest.raises(services.AlreadySubmitted):
            services.submit(report, by=world.kg_fp.user)
        # Anyone else is refused as before.
        with pytest.raises(PermissionDenied):
            services.submit(report, by=world.tj_fp.user)


def test_a_former_focal_point_can_no_longer_edit_their_draft(world):
    report = world.report("kg")
    world.kg_fp.delete()
    user = type(world.kg_fp.user).objects.get(pk=world.kg_fp.user.pk)
    with pytest.raises(PermissionDenied):
        services.update_draft(report, by=user, data={"results": "x"}, expected_version=None)


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


# --- The locked read of a draft ----------------------------------------------------------


@pytest.mark.parametrize("role", ALL_ROLES)
def test_the_locked_draft_is_the_report_and_cycle_the_orm_reads_for_its_editor_only(
    world, roles, role
):
    """The query compiled once that locks a draft reads what the ORM's `editable_by` with
    `select_related("cycle")` reads, field by field, for whoever asks, in every language."""
    from django.db import transaction
    from django.utils import translation

    from reporting.services.drafts import _locked_editable

    author = roles["focal point of the state"]
    report = services.create_draft(
        world.cycle, world.activities["kg"], by=author, range_state=world.kg
    )
    for language in ("en", "fr", "ru"):
        with translation.override(language), transaction.atomic():
            expected = (
                Report.objects.editable_by(roles[role])
                .select_related("cycle")
                .filter(pk=report.pk)
                .first()
            )
            found = _locked_editable(report.pk, roles[role])
            if expected is None:
                assert found is None
                continue
            assert found is not None
            for field in Report._meta.concrete_fields:
                assert getattr(found, field.attname) == getattr(expected, field.attname)
            for field in type(world.cycle)._meta.concrete_fields:
                assert getattr(found.cycle, field.attname) == getattr(expected.cycle, field.attname)
            assert str(found.cycle) == str(expected.cycle)
            assert found.cycle.name == expected.cycle.name
            assert found._state.adding is False and found._state.db == expected._state.db
    assert (_locked_editable(report.pk, roles[role]) is not None) == (
        role == "focal point of the state"
    )
