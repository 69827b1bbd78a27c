"""The roles that reporting/access.py states in Python and again as conditions of a query,
for a query that reads the users anyway, agree for every kind of user."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

from reporting.access import can_review, focal_point_of, is_focal_point
from reporting.emails import reviewers, reviewers_addresses
from tests.factories import UserFactory
from tests.rangestates.factories import FocalPointFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(secretariat_group):
    review = Permission.objects.get(content_type__app_label="reporting", codename="review_report")
    own_permission = UserFactory(username="own", is_staff=True, email="own@example.org")
    own_permission.user_permissions.add(review)
    without_staff = UserFactory(username="nostaff", email="nostaff@example.org")
    without_staff.user_permissions.add(review)
    inactive_officer = UserFactory(
        username="gone", is_staff=True, is_active=False, email="gone@example.org",
        groups=[secretariat_group],
    )  # fmt: skip
    inactive_focal_point = FocalPointFactory(
        user=UserFactory(username="fp-gone", is_active=False, email="fpgone@example.org")
    ).user
    return [
        UserFactory(
            username="officer", is_staff=True, email="o@example.org", groups=[secretariat_group]
        ),
        UserFactory(username="no-mail", is_staff=True, email="", groups=[secretariat_group]),
        UserFactory(username="root", is_staff=True, is_superuser=True, email="r@example.org"),
        UserFactory(username="staff-only", is_staff=True, email="s@example.org"),
        own_permission,
        without_staff,
        inactive_officer,
        FocalPointFactory(user=UserFactory(username="fp", email="fp@example.org")).user,
        inactive_focal_point,
        UserFactory(username="plain", email="p@example.org"),
    ]


def test_reviewers_are_those_who_may_review_and_have_an_address(people):
    expected = {user.username for user in people if can_review(user) and user.email}
    assert {user.username for user in reviewers()} == expected
    assert expected == {"officer", "root", "own"}
    # Their addresses, read by a query compiled once: those of reviewers(), in their order.
    addresses = reviewers_addresses()
    assert addresses == list(reviewers().values_list("email", flat=True))
    assert addresses == ["o@example.org", "own@example.org", "r@example.org"]


def test_the_focal_point_condition_is_focal_point_of(people):
    users = get_user_model().objects.filter(pk__in=[user.pk for user in people])
    found = set(users.filter(is_focal_point()).values_list("username", flat=True))
    assert found == {user.username for user in people if focal_point_of(user) is not None}
    assert found == {"fp"}
