"""Whether an activity concerns a subject, asked by a query compiled once
(`reporting.services.scope.concerns`), is `activities_in_scope`'s answer for every activity
of the real programme and every range state and species."""

import pytest

from programme.models import Activity
from rangestates.models import RangeState
from reporting.querysets import activities_in_scope
from reporting.services import scope
from species.models import Species

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("real_programme")]


def test_concerns_is_activities_in_scope_for_every_activity_and_subject():
    activities = list(Activity.objects.order_by("pk"))
    subjects = [{"range_state": state} for state in RangeState.objects.order_by("pk")] + [
        {"species": species} for species in Species.objects.order_by("pk")
    ]
    assert len(activities) > 50 and len(subjects) > 20
    sizes = set()
    for subject in subjects:
        expected = set(
            activities_in_scope(Activity.objects.all(), **subject).values_list("pk", flat=True)
        )
        found = {activity.pk for activity in activities if scope.concerns(activity, **subject)}
        assert found == expected, subject
        sizes.add(len(found))
    # Subjects concerned by none, some and others of the activities: the rule discriminates.
    assert 0 in sizes and len(sizes) > 5 and max(sizes) < len(activities)
