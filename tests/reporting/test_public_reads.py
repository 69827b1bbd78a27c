"""The public reads of accepted reports (reporting.public) and the lists of reports give the
reports a plain sort of every accepted report would give, ties included: reports accepted at
the same moment, cycles ending on the same day, drafts and reports waiting for review left
out."""

import datetime
import itertools

import pytest
from django.utils import timezone, translation

from core.paginator import IdsFirstPaginator
from programme.choices import ImplementationStatus
from reporting import public
from reporting.choices import ReportState
from reporting.filtersets import ReportFilterSet
from reporting.models import RangeStateActivityStatus, Report
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
        rows = public.latest_accepted_reports(programme, limit)
        assert [row.pk for row in rows] == [r.pk for r in expected[:limit]]


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
            assert [row.pk for row in rows] == [r.pk for r in expected[:limit]]
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
                expected.append((str(own[0].subject), [r.pk for r in own[:per_subject]]))
        assert [(str(g.subject), [r.pk for r in g.entries]) for g in groups] == expected
        assert public.accepted_report_count_for_activity(activity) == len(
            [r for r in accepted() if r.activity_id == activity.pk]
        )


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


@pytest.mark.parametrize("language", ["en", "fr", "ru"])
def test_the_rows_show_what_the_reports_show(reports, language):
    """The pages' rows (reporting/public_rows.py) have what the reports' instances give the
    pages: the activity's number and title in lists, the subject's name and address, the
    cycle's name (each in the page's language, or the one it falls back to)."""
    programme, activities, subjects = reports
    activities[0].short_title_fr = ""  # its text, cut, in French; its short title in Russian
    activities[0].text_en = "A long text " * 20
    activities[0].save()
    subjects[0]["range_state"].name_ru = ""
    subjects[0]["range_state"].save()
    subjects[2]["species"].common_name_fr = "Argali (fr)"
    subjects[2]["species"].save()
    with translation.override(language):
        rows = [
            row
            for activity in activities
            for group in public.accepted_reports_for_activity(activity, per_subject=3)
            for row in group.entries
        ]
        for subject in subjects[:2]:
            rows += public.accepted_reports_for_state(subject["range_state"], programme, 30)[0]
        found = Report.objects.for_listing().in_bulk([row.pk for row in rows])
        assert len(found) > 20
        for row in rows:
            report = found[row.pk]
            assert (row.status, row.accepted_at, row.progress) == (
                report.status,
                report.accepted_at,
                report.progress,
            )
            assert (row.activity.code, row.activity.list_title) == (
                report.activity.code,
                report.activity.list_title,
            )
            assert (str(row.subject), row.subject.get_absolute_url()) == (
                str(report.subject),
                report.subject.get_absolute_url(),
            )
            assert (row.range_state_id, row.species_id) == (
                report.range_state_id,
                report.species_id,
            )
            assert (str(row.cycle), row.cycle_id) == (str(report.cycle), report.cycle_id)


def test_the_statuses_per_range_state_as_rows(reports):
    _, activities, subjects = reports
    state = subjects[0]["range_state"]
    state.name_fr = "Tadjikistan"
    state.save()
    for activity in activities[:2]:
        RangeStateActivityStatus.objects.create(
            activity=activity, range_state=state, status="ongoing", as_of=NOON.date()
        )
        RangeStateActivityStatus.objects.create(
            activity=activity,
            range_state=subjects[1]["range_state"],
            status="delayed",
            as_of=NOON.date(),
        )
    for language in ("en", "fr", "ru"):
        with translation.override(language):
            for activity in activities:
                rows = public.state_statuses_for_activity(activity)
                expected = list(RangeStateActivityStatus.objects.for_activity(activity))
                assert [
                    (
                        str(r.range_state),
                        r.range_state.iso_code,
                        r.range_state.get_absolute_url(),
                        r.status,
                        r.as_of,
                    )
                    for r in rows
                ] == [
                    (
                        str(e.range_state),
                        e.range_state.iso_code,
                        e.range_state.get_absolute_url(),
                        e.status,
                        e.as_of,
                    )
                    for e in expected
                ]
