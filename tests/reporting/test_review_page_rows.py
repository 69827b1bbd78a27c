"""The review queue's page of reports read by a query compiled once
(`ReviewQueueRows.by_ids`, reporting/rows.py) is what the ORM's queryset of the queue gives
for the same ids: the same reports in the same order, the same columns read and deferred,
the same relations joined (an empty subject as None), in every language; one query, none
for no ids."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from reporting.choices import ReportState
from reporting.models import Report
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
