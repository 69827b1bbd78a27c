"""The home page, an activity's page and a range state's page list accepted reports with
markup made in Python (pages/entries.py) instead of `{% include "includes/report_entry.html" %}`
per report. These tests render the include for the same reports and compare, in English,
French and Russian: reports on range states and on species, with and without a
summary, texts that need escaping, a long title, an activity of a programme that is not
current (its links carry `?programme=`), and each of the pages' options."""

import datetime

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import timezone, translation

from pages.entries import report_entries
from reporting.models import Report
from tests.factories import ActivityFactory, ProgrammeFactory, SpeciesFactory
from tests.rangestates.factories import RangeStateFactory, ReportFactory

pytestmark = pytest.mark.django_db

OPTIONS = [
    {"show_state": True},
    {"hide_activity": True},
    {"hide_cycle": True},
    {},
    {"show_state": True, "hide_activity": True, "hide_cycle": True},
]


@pytest.fixture
def reports():
    programme = ProgrammeFactory()
    state = RangeStateFactory(iso_code="MN", name_en="Mongolia", name_fr="Mongolie", name_ru="")
    species = SpeciesFactory(slug="argali", common_name_en='Argali <& "wild">')
    activity = ActivityFactory(  # no short title: its text, cut, over 90 characters
        programme=programme,
        short_title_en="",
        short_title_fr="",
        text_en="A text with <tags> & “quotes” " + "long " * 30,
    )
    other = ActivityFactory(programme=programme, code="9.9.9")
    when = timezone.make_aware(datetime.datetime(2025, 12, 31, 23, 30))
    ReportFactory(activity=activity, range_state=state, accepted_at=when, progress="")
    ReportFactory(
        activity=activity,
        range_state=None,
        species=species,
        status="delayed",
        progress="<b>Bold</b> &",
    )
    ReportFactory(
        activity=other, cycle__programme=programme, range_state=state, progress=" ".join(["w"] * 60)
    )
    return programme


def entries(programme, request, language, options):
    with translation.override(language):
        found = list(Report.objects.accepted().for_listing().order_by("pk"))
        context = {"programme": programme, "request": request}
        new = [r.entry_html for r in report_entries(found, context, **options)]
        old = [
            render_to_string(
                "includes/report_entry.html", {**context, "entry": r, **options}, request=request
            )
            for r in found
        ]
    return new, old


@pytest.mark.parametrize("language", ["en", "fr", "ru"])
@pytest.mark.parametrize("options", OPTIONS)
def test_entries_are_the_include_s_markup(reports, language, options):
    request = RequestFactory().get("/")
    new, old = entries(reports, request, language, options)
    assert len(new) == 3
    assert new == old


@pytest.mark.parametrize("asked", [True, False])
def test_entries_keep_the_programme_of_the_page(reports, asked):
    """Links carry `?programme=` on a page asked for a programme or showing one not current."""
    reports.is_current = False
    request = RequestFactory().get("/", {"programme": reports.code} if asked else {})
    new, old = entries(reports, request, "fr", {"show_state": True})
    assert new == old
    assert "?programme=" in new[0]
