"""The review queue's page of reports read by a query compiled once
(`ReviewQueueRows.by_ids`, reporting/rows.py) is what the ORM's queryset of the queue gives
for the same ids: the same reports in the same order, the same columns read and deferred,
the same relations joined (an empty subject as None), in every language; one query, none
for no ids. Its ids (`ReviewQueueRows.page_ids`), when only states and a cycle are chosen,
are those of the queue's filterset."""

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from reporting.choices import ReportState
from reporting.filtersets import ReviewQueueFilterSet
from reporting.models import Report, ReportingCycle
from reporting.rows import ReviewQueueRows

pytestmark = pytest.mark.django_db


def loaded(instance):
    """The columns an instance holds, by name (deferred ones left out)."""
    deferred = instance.get_deferred_fields()
    return {
        field.attname: getattr(instance, field.attname)
        for field in instance._meta.concrete_fields
        if field.attname not in deferred
    }


def described(report):
    parts = [type(report), loaded(report), sorted(report.get_deferred_fields())]
    for name in ReviewQueueRows.RELATED:
        field = Report._meta.get_field(name)
        assert field.is_cached(report)
        related = field.get_cached_value(report)
        parts.append(
            None if related is None else (loaded(related), sorted(related.get_deferred_fields()))
        )
    return parts


@pytest.fixture
def queue(world):
    world.report("kg", state=ReportState.SUBMITTED, status="ongoing")
    world.report("general", state=ReportState.SUBMITTED)
    world.report("landscape", state=ReportState.ACCEPTED, status="completed")
    world.report("leopard", state=ReportState.SUBMITTED, species=world.leopard,
                 by=world.species_fp.user)  # fmt: skip
    world.report("kg", range_state=world.tj, by=world.tj_fp.user, state=ReportState.RETURNED)
    return world


@pytest.mark.parametrize("language", ["en", "fr", "ru"])
def test_by_ids_is_the_orm_s_queryset(queue, language):
    ids = list(Report.objects.order_by("-pk").values_list("pk", flat=True))
    assert len(ids) >= 5
    with translation.override(language):
        expected = list(ReviewQueueRows.reports(Report.objects.filter(pk__in=ids)))
        for some in (ids, ids[:2], ids[1:4]):
            with CaptureQueriesContext(connection) as captured:
                got = ReviewQueueRows.by_ids(some)
            assert len(captured) == 1
            want = [report for report in expected if report.pk in some]
            assert [described(r) for r in got] == [described(r) for r in want]
            writer, again = ReviewQueueRows("/here/?a=1&b=<2>"), ReviewQueueRows("/here/?a=1&b=<2>")
            with CaptureQueriesContext(connection) as captured:
                assert [writer.row(r) for r in got] == [again.row(r) for r in want]
            assert len(captured) == 0
    assert any(r.species_id for r in expected) and any(r.range_state_id for r in expected)


def test_no_ids_no_query(queue):
    with CaptureQueriesContext(connection) as captured:
        assert ReviewQueueRows.by_ids([]) == []
    assert len(captured) == 0


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"state": ["submitted"]},
        {"state": ["accepted", "returned", "draft"]},
        {"state": ["submitted", "accepted", "draft", "returned"], "cycle": "this"},
        {"state": ["submitted"], "cycle": "other"},
    ],
)
def test_page_ids_are_the_filterset_s(queue, previous_cycle, query):
    """The queue's ids read by a query compiled once are those of its filterset's queryset,
    for every slice of the list (each slice its own compiled query)."""
    other = previous_cycle
    queue.report("general", state=ReportState.SUBMITTED, cycle=other)
    queue.report("landscape", state=ReportState.ACCEPTED, cycle=other)
    data = QueryDict(mutable=True)
    data.setlist("state", query.get("state", ["submitted"]))
    if "cycle" in query:
        data["cycle"] = str((queue.cycle if query["cycle"] == "this" else other).pk)
    filterset = ReviewQueueFilterSet(data, queryset=ReviewQueueRows.reports(Report.objects.all()))
    assert filterset.is_valid()
    ids = ReviewQueueRows.page_ids(filterset)
    assert ids is not None
    expected = list(filterset.qs.values_list("pk", flat=True))
    assert expected and ReportingCycle.objects.count() >= 2
    for bottom, top in [(0, 50), (0, 2), (1, 3), (2, 50), (len(expected), len(expected) + 5)]:
        with CaptureQueriesContext(connection) as captured:
            assert ids(bottom, top) == expected[bottom:top]
        assert len(captured) == 1
    with CaptureQueriesContext(connection) as captured:
        assert ids(0, 0) == ids(3, 3) == []  # an empty page (no report at all): no query
    assert len(captured) == 0


@pytest.mark.parametrize(
    "extra",
    [
        {"range_state": "KG"},
        {"activity": "1.1.1"},
        {"ordering": "-updated_at"},
        {"status": "ongoing"},
    ],
)
def test_page_ids_leave_other_filters_to_the_filterset(queue, extra):
    data = QueryDict(mutable=True)
    data.setlist("state", ["submitted"])
    data.update(extra)
    filterset = ReviewQueueFilterSet(data, queryset=ReviewQueueRows.reports(Report.objects.all()))
    assert filterset.is_valid(), filterset.errors
    assert ReviewQueueRows.page_ids(filterset) is None
