"""Whether an activity concerns a subject, asked by a query compiled once
(`reporting.services.scope.concerns`), is `activities_in_scope`'s answer for every activity
of the real programme and every range state and species."""

import pytest
from django.utils import translation

from programme.models import Activity, Programme
from rangestates.models import RangeState
from reporting.querysets import activities_in_scope, activities_in_scope_of
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


def _fields(activity):
    return {field.attname: getattr(activity, field.attname) for field in Activity._meta.fields}


@pytest.mark.parametrize("language", ["en", "fr", "ru"])
def test_the_activities_in_scope_of_a_programme_are_the_querysets_for_every_subject(language):
    """`activities_in_scope_of` (compiled once) gives the instances, with their issue, that
    `activities_in_scope(...).select_related("issue")` gives: same order, every field, in each
    language."""
    (programme,) = Programme.objects.all()
    subjects = [{"range_state": state} for state in RangeState.objects.order_by("pk")] + [
        {"species": species} for species in Species.objects.order_by("pk")
    ]
    with translation.override(language):
        for subject in subjects:
            expected = list(
                activities_in_scope(
                    Activity.objects.filter(programme=programme).select_related("issue"),
                    **subject,
                )
            )
            found = activities_in_scope_of(programme.pk, **subject)
            assert [a.pk for a in found] == [a.pk for a in expected], subject
            for mine, theirs in zip(found, expected, strict=True):
                assert _fields(mine) == _fields(theirs)
                assert mine.list_title == theirs.list_title
                assert mine.heading == theirs.heading and mine.text == theirs.text
                assert mine.issue == theirs.issue and mine.issue.title == theirs.issue.title
                assert "issue" in mine._state.fields_cache
