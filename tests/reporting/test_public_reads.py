"""The public reads of accepted reports (reporting.public) and the lists of reports give the
reports a plain sort of every accepted report would give, ties included: reports accepted at
the same moment, cycles ending on the same day, drafts and reports waiting for review left
out."""

import datetime
import itertools

import pytest
from django.utils import timezone

from core.paginator import IdsFirstPaginator
from programme.choices import ImplementationStatus
from reporting import public
from reporting.choices import ReportState
from reporting.filtersets import ReportFilterSet
from reporting.models import Report
from tests.factories import ActivityFactory, ProgrammeFactory, RangeStateFactory, SpeciesFactory

from .factories import ReportFactory, ReportingCycleFactory

pytestmark = pytest.mark.django_db

NOON = timezone.make_aware(datetime.datetime(2024, 5, 1, 12, 0))


@pytest.fixture
def reports():
    """Four cycles (two end on the same day), two range states and a species, three
    activities; many reports accepted at the same moment, some not accepted at all."""
    programme = ProgrammeFactory()
    ends = [datetime.date(2019, 12, 31), datetime.date(2021, 12, 31)] + [
        datetime.date(2023, 12, 31)
    ] * 2
    cycles = [ReportingCycleFactory(programme=programme, period_end=end) for end in ends]
    activities = [ActivityFactory(issue__objective__programme=programme) for _ in range(3)]
    subjects = [
        {"range_state": RangeStateFactory(iso_code="TJ", name_en="Tajikistan")},
        {"range_state": RangeStateFactory(iso_code="KG", name_en="Kyrgyzstan")},
        {"species": SpeciesFactory(slug="argali")},
    ]
    moments = itertools.cycle([NOON, NOON, NOON + datetime.timedelta(hours=1)])
    states = itertools.cycle([ReportState.ACCEPTED] * 4 + [ReportState.SUBMITTED])
    for cycle, activity, subject in itertools.product(cycles, activities, subjects):
        state = next(states)
        ReportFactory(
            cycle=cycle,
            activity=activity,
            state=state,
            status=ImplementationStatus.IN_PROGRESS,
            accepted_at=next(moments) if state == ReportState.ACCEPTED else None,
            **subject,
        )
    return programme, activities, subjects


def accepted():
    return list(Report.objects.accepted().select_related("cycle", "activity"))


def test_latest_accepted_reports(reports):
    programme, _, _ = reports
    expected = sorted(accepted(), key=lambda r: (r.accepted_at, r.pk), reverse=True)
    for limit in (1, 6, 100):
        assert public.latest_accepted_reports(programme, limit) == expected[:limit]


def test_a_range_states_newest_reports(reports):
    programme, _, subjects = reports
    for subject in subjects[:2]:
        state = subject["range_state"]
        own = [r for r in accepted() if r.range_state_id == state.pk]
        expected = sorted(
            own,
            key=lambda r: (
                -r.cycle.period_end.toordinal(),
                -r.cycle_id,
                r.activity.sort_key,
                -r.pk,
            ),
        )
        for limit in (1, 5, 30):
            rows, total = public.accepted_reports_for_state(state, programme, limit)
            assert rows == expected[:limit]
            assert total == len(own)


def test_an_activitys_newest_reports_per_subject(reports):
    _, activities, subjects = reports
    for activity, per_subject in itertools.product(activities, (1, 2, 3)):
        groups = public.accepted_reports_for_activity(activity, per_subject=per_subject)
        expected = []
        for subject in sorted(  # countries by name, then species
            subjects, key=lambda s: ("species" in s, getattr(s.get("range_state"), "name_en", ""))
        ):
            own = [
                r
                for r in accepted()
                if r.activity_id == activity.pk and r.subject == next(iter(subject.values()))
            ]
            own.sort(
                key=lambda r: (r.cycle.period_end, r.accepted_at, r.pk),
                reverse=True,
            )
            if own:
                expected.append((own[0].subject, own[:per_subject]))
        assert [(g.subject, g.entries) for g in groups] == expected


def test_filters_on_several_states_repeat_no_report(reports):
    data = {"state": [ReportState.ACCEPTED, ReportState.SUBMITTED], "status": ["in_progress"]}
    filterset = ReportFilterSet(data, queryset=Report.objects.for_listing().order_by("pk"))
    assert filterset.is_valid()
    rows = list(filterset.qs)
    assert [r.pk for r in rows] == list(Report.objects.order_by("pk").values_list("pk", flat=True))
    assert filterset.qs.count() == len(rows)


def test_ids_first_pages_of_columns_are_the_values_of_the_sliced_rows(reports):
    ordered = Report.objects.accepted().in_natural_order()
    columns = ["id", "cycle__name_en", "activity__code", "range_state__iso_code", "state"]
    paginator = IdsFirstPaginator(ordered, 7, columns=columns)
    assert paginator.count == ordered.count()
    for number in paginator.page_range:
        start = (number - 1) * 7
        assert list(paginator.page(number)) == list(ordered.values(*columns)[start : start + 7])
