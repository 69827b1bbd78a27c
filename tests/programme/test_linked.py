"""An activity's page reads the records linked to the activity as rows (programme/linked.py):
each list has what the prefetched instances (`for_detail()`) give the page, in the same
order, in every language: names that fall back, actors with qualifiers, cross-references,
and the activities of another programme it continues or is continued by."""

import pytest
from django.utils import translation

from programme.linked import linked_records
from programme.models import Activity, Responsibility
from species.models import Species
from tests.factories import ActivityFactory, IssueFactory, ProgrammeFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("real_programme")]


def named(records):
    return [(record.get_absolute_url(), str(record)) for record in records]


def activities(records):
    return [
        (a.pk, a.code, a.get_absolute_url(), a.programme_url, a.programme.period) for a in records
    ]


@pytest.fixture
def crosswalk():
    """An earlier programme whose activities the real one's continue, and texts missing in
    French or Russian."""
    earlier = ProgrammeFactory(
        code="cami-2008-2013", is_current=False, start_year=2008, end_year=2013
    )
    issue = IssueFactory(objective__programme=earlier)
    old = [ActivityFactory(issue=issue) for _ in "ab"]
    current = list(Activity.objects.exclude(programme=earlier).order_by("sort_key")[:3])
    for activity in current:
        activity.continues.add(*old)
    current[0].referenced_activities.add(current[2], current[1])
    responsibility = Responsibility.objects.filter(activity=current[1]).first()
    if responsibility is not None:
        responsibility.qualifier_en = "with <partners> & co"
        responsibility.qualifier_fr = ""
        responsibility.save()
    Species.objects.filter(activities=current[0]).update(common_name_ru="")
    return current + old


@pytest.mark.parametrize("language", ["en", "fr", "ru"])
def test_linked_records_as_the_instances_give_them(crosswalk, language):
    codes = ["1.7.4", "2.3.12", "1.7.3", "2.2.6", "2.1.1", "1.2.4", "1.1.6", "2.3.15", "4.1.5"]
    chosen = list(Activity.objects.filter(code__in=codes)) + crosswalk
    with translation.override(language):
        for activity in chosen:
            found = linked_records(activity)
            expected = Activity.objects.for_detail().get(pk=activity.pk)
            assert named(found.species) == named(expected.species.all())
            assert named(found.range_states) == named(expected.range_states.all())
            assert named(found.landscapes) == named(expected.landscapes.all())
            assert [
                (named([r.actor]), r.qualifier, r.proposed) for r in found.responsibilities
            ] == [
                (named([r.actor]), r.qualifier, r.proposed) for r in expected.responsibilities.all()
            ]
            assert activities(found.referenced_activities) == activities(
                expected.referenced_activities.all()
            )
            assert [i.code for i in found.referenced_issues] == [
                i.code for i in expected.referenced_issues.all()
            ]
            assert activities(found.referenced_by) == activities(
                expected.referenced_by.order_by("sort_key")
            )
            assert activities(found.continues) == activities(expected.continues.all())
            assert activities(found.continued_as) == activities(expected.continued_as.all())
    assert any(linked_records(a).continues for a in chosen)
    assert any(linked_records(a).continued_as for a in chosen)
    assert any(linked_records(a).referenced_by for a in chosen)
    assert any(linked_records(a).responsibilities for a in chosen)
