"""The secretariat's cycle dashboard and the published reviews cost the same number of
queries at two sizes; "remind now" and publishing a review are refused to every role but the
secretariat, through the page and through the service they call (the secretariat's own
"remind now" and publication: test_dashboard.py and test_review_publication.py)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from reporting import services
from reporting.choices import ReportState
from reporting.models import PublishedReview, Reminder
from tests.factories import (
    ActivityFactory,
    IssueFactory,
    ObjectiveFactory,
    RangeStateFactory,
    SpeciesFactory,
    UserFactory,
)
from tests.mailbox import delivered

from .factories import FocalPointFactory, ReportFactory

pytestmark = pytest.mark.django_db

REFUSED = ["focal point of the state", "species focal point", "staff outside the group",
           "partner", "anonymous"]  # fmt: skip


def grow(world, size):
    """`size` more range states, each with a focal point, an activity and reports in several
    states, a reminder, and as many species with a focal point and a report."""
    issue = IssueFactory(objective=ObjectiveFactory(programme=world.programme, number=3))
    states = [ReportState.ACCEPTED, ReportState.SUBMITTED, ReportState.DRAFT, ReportState.RETURNED]
    for index in range(size):
        state = RangeStateFactory(iso_code=f"Z{chr(65 + index)}", name_en=f"Zland {index}")
        activity = ActivityFactory(issue=issue)
        activity.range_states.set([state, world.kg])
        focal_point = FocalPointFactory(
            user=UserFactory(username=f"fp{index}", email=f"fp{index}@example.org"),
            range_states=[state],
        )
        for subject_state in (state, world.kg):
            ReportFactory(
                cycle=world.cycle,
                activity=activity,
                range_state=subject_state,
                author=focal_point.user,
                state=states[index % len(states)],
            )
        Reminder.objects.create(
            cycle=world.cycle, focal_point=focal_point, days_before=0, missing=1
        )
        species = SpeciesFactory(slug=f"species-{index}")
        activity.species.add(species)
        species_fp = FocalPointFactory(user=UserFactory(username=f"sp{index}"), species=[species])
        ReportFactory(
            cycle=world.cycle,
            activity=activity,
            species=species,
            author=species_fp.user,
            state=ReportState.SUBMITTED,
        )


@pytest.mark.parametrize("size", [1, 6])
def test_the_dashboard_query_count(client, world, secretariat_user, django_assert_num_queries,
                                   size):  # fmt: skip
    grow(world, size)
    client.force_login(secretariat_user)
    # 1 session, 2 user, 3 and 4 its own and its groups' permissions, 5 the cycles, 6 the
    # reports counted, 7 the focal points, 8 and 9 their range states and species, 10 the
    # reminders, 11 the range states with their activities, 12 the species with theirs.
    with django_assert_num_queries(12):
        response = client.get(reverse("reporting:dashboard"), {"cycle": world.cycle.pk})
    assert response.status_code == 200
    assert len(response.context["rows"]) == 3 + 2 * size
    assert "Zland 0" in response.text


@pytest.mark.parametrize("size", [1, 5])
def test_the_published_reviews_query_count(client, world, secretariat_user,
                                           django_assert_num_queries, size):  # fmt: skip
    for _number in range(size):
        PublishedReview.objects.create(
            cycle=world.cycle, published_by=secretariat_user, content={"en": {}}
        )
    # The published reviews with their cycles, in one query, for anyone.
    with django_assert_num_queries(1):
        response = client.get(reverse("reporting:published_reviews"))
    assert response.status_code == 200
    assert response.text.count(world.cycle.name) >= size


@pytest.mark.parametrize("role", REFUSED)
def test_only_the_secretariat_reminds_now(client, world, roles, plain_user, role):
    user = plain_user if role == "partner" else roles[role]
    if user.is_authenticated:
        client.force_login(user)
    world.kg_fp.user.email = "kyra@example.org"
    world.kg_fp.user.save()
    response = client.post(reverse("reporting:remind", args=[world.cycle.pk, world.kg_fp.pk]))
    assert response.status_code == (302 if role == "anonymous" else 403)
    if role == "anonymous":
        assert "login" in response["Location"]
    with pytest.raises(PermissionDenied):
        services.remind_now(world.cycle, world.kg_fp, by=user)
    assert not Reminder.objects.exists()
    assert not delivered()
