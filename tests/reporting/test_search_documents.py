"""A report's search document (reporting/search.py) is read from plain rows, in a query
compiled once for the reports a write changed: the texts are those the report's instance
and its relations give (the reference below), for a range state's and a species' report,
with names missing in a language, for some ids and for every report."""

import pytest

from core import search
from reporting.choices import ReportState
from reporting.models import Report
from reporting.search import TEXT_FIELDS, report_documents
from tests.factories import (
    ActivityFactory,
    IssueFactory,
    ObjectiveFactory,
    RangeStateFactory,
    SpeciesFactory,
)
from tests.reporting.factories import ReportFactory, ReportingCycleFactory

pytestmark = pytest.mark.django_db


def from_instances(ids):
    """The documents as read from the reports' instances (`select_related`)."""
    records = Report.objects.accepted().select_related("activity", "range_state", "species")
    if ids is not None:
        records = records.filter(pk__in=ids)
    for report in records:
        body = "\n".join(getattr(report, name) for name in TEXT_FIELDS if getattr(report, name))
        texts = {}
        for lang in search.LANGUAGES:
            subject = report.range_state or report.species
            name = getattr(subject, f"name_{lang}", None) or getattr(
                subject, f"common_name_{lang}", ""
            )
            texts[lang] = (f"{report.activity.code} {name or ''}", body)
        yield report.pk, texts


def test_the_documents_of_the_reports_instances():
    cycle = ReportingCycleFactory()
    issue = IssueFactory(objective=ObjectiveFactory(programme=cycle.programme, number=1))
    state = RangeStateFactory(name_en="Mongolia", name_fr="Mongolie", name_ru="")
    species = SpeciesFactory(common_name_en="Snow leopard", common_name_fr="", common_name_ru="")
    reports = []
    for number, (subject, report_state) in enumerate(
        [
            ({"range_state": state}, ReportState.ACCEPTED),
            ({"species": species}, ReportState.ACCEPTED),
            ({"range_state": state}, ReportState.SUBMITTED),  # no document
            ({"species": species}, ReportState.ACCEPTED),
        ]
    ):
        reports.append(
            ReportFactory(
                cycle=cycle,
                activity=ActivityFactory(issue=issue),
                state=report_state,
                results="More rangers." if number % 2 else "",
                partners="WWF" if number == 3 else "",
                **subject,
            )
        )
    ids = [report.pk for report in reports]
    for some in ([ids[0]], ids, ids[1:], [ids[2]], []):
        assert list(report_documents(set(some))) == list(from_instances(set(some)))
    everything = list(report_documents(None))
    assert everything == list(from_instances(None))
    assert [pk for pk, _texts in everything] == [ids[0], ids[1], ids[3]]
    texts = dict(everything)
    assert texts[ids[0]]["fr"][0].endswith(" Mongolie")
    assert texts[ids[0]]["ru"][0] == f"{reports[0].activity.code} "
    assert texts[ids[1]]["en"] == (
        f"{reports[1].activity.code} Snow leopard",
        "Patrols were doubled in the reserve.\nMore rangers.",
    )
