"""The rows of "My reporting" and of the review queue written in Python (reporting/rows.py)
are those their templates wrote (*_row_before.html, the loops' former bodies), in every case
of a row: no report yet, the focal point's own draft or submitted report, a colleague's
accepted or submitted one, a cross-reference, a text shown in another language, a status or
none, a report for a species, submitted or not, an author with or without a name."""

import datetime
from pathlib import Path

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from reporting.choices import ReportState
from reporting.models import FocalPoint
from tests.factories import ActivityFactory, UserFactory

pytestmark = pytest.mark.django_db

BEFORE = Template(
    "{% load i18n portal %}{% translate 'Activity' as label_activity %}"
    "{% translate 'Priority' as label_priority %}{% translate 'Report' as label_report %}"
    "{% translate 'Status reported' as label_status %}"
    + (Path(__file__).parent / "my_reporting_row_before.html").read_text()
)
GROUP_BEFORE = Template(
    "{% load i18n portal %}"
    + (Path(__file__).parent / "my_reporting_group_before.html").read_text()
)
REVIEW_BEFORE = Template(
    "{% load i18n portal %}" + (Path(__file__).parent / "review_queue_row_before.html").read_text()
)


@pytest.fixture
def rows_of_every_kind(world):
    issue = world.activities["kg"].issue
    colleague = FocalPoint.objects.create(user=UserFactory(username="kanat", first_name=""))
    colleague.range_states.set([world.kg])
    named = FocalPoint.objects.create(
        user=UserFactory(username="aida", first_name="Aïda", last_name="<Nur> & Co")
    )
    named.range_states.set([world.kg])
    extra = []
    for text in ["Publish <the> data & maps.", "See activity 1.1.1", "Hold a workshop."]:
        activity = ActivityFactory(issue=issue, text_en=text, short_title_fr="")
        activity.range_states.set([world.kg])
        world.activities[text] = activity
        extra.append(text)
    world.report("landscape")  # my draft
    world.report("general", state=ReportState.SUBMITTED, status="in_progress")
    world.report(extra[0], state=ReportState.ACCEPTED, by=named.user, status="completed")
    world.report(extra[1], state=ReportState.SUBMITTED, by=colleague.user)
    world.report(extra[2], state=ReportState.RETURNED, by=colleague.user, status="delayed")
    return world


@pytest.mark.parametrize("language", ["en", "fr", "ru"])
def test_rows_are_the_template_s(client, rows_of_every_kind, language):
    client.force_login(rows_of_every_kind.kg_fp.user)
    with translation.override(language):
        response = client.get(reverse("reporting:mine"), HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200
        rows = [row for section in response.context["sections"] for row in section["rows"]]
        assert len(rows) >= 7
        kinds = set()
        for row in rows:
            before = BEFORE.render(Context({"row": row}))
            assert row["markup"] == before
            assert before in response.text
            report = row["report"]
            kinds.add((report and report.state, row["mine"], row["activity"].is_cross_reference))
        assert len(kinds) >= 6


@pytest.mark.parametrize("language", ["en", "fr", "ru"])
@pytest.mark.parametrize(
    "query",
    [
        "?state=submitted&state=accepted&state=draft&state=returned",
        "?state=submitted&range_state=&page=1&x=%3Cb%3E%20%26",
    ],
)
def test_review_rows_are_the_template_s(
    client, rows_of_every_kind, secretariat_user, language, query
):
    world = rows_of_every_kind
    when = datetime.datetime(2026, 3, 4, 23, 30, tzinfo=datetime.UTC)
    world.report("kg", state=ReportState.SUBMITTED, submitted_at=when, status="ongoing")
    world.report(
        "leopard", state=ReportState.SUBMITTED, species=world.leopard, by=world.species_fp.user
    )
    client.force_login(secretariat_user)
    with translation.override(language):
        response = client.get(reverse("reporting:review") + query, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200
        here = response.context["here"]
        reports = list(response.context["page"].object_list)
        assert len(reports) >= 3 and len(reports) == len(response.context["rows"])
        for report, row in zip(reports, response.context["rows"], strict=True):
            before = REVIEW_BEFORE.render(Context({"report": report, "here": here}))
            assert row == before
            assert row in response.text
        kinds = {(r.state, r.species_id is None, r.submitted_at is None) for r in reports}
        assert len(kinds) >= (3 if "accepted" in query else 2)


@pytest.mark.parametrize("language", ["en", "fr", "ru"])
@pytest.mark.parametrize("query", ["", "?sort=state", "?priority=high", "?state=none"])
def test_groups_are_the_template_s(client, rows_of_every_kind, language, query):
    """Each group of "My reporting" (an issue's rows, or every row by report state), written
    in Python, is what the template's loop wrote: folded or open, the issue's title cut after
    fourteen words, its count of activities and its caption in each language."""
    world = rows_of_every_kind
    issue = world.activities["kg"].issue
    issue.title_en = "Keep <the> corridors & ranges open " + "for wild sheep " * 6
    issue.save()
    client.force_login(world.kg_fp.user)
    with translation.override(language):
        response = client.get(reverse("reporting:mine") + query, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200
        groups = 0
        for section in response.context["sections"]:
            for group in section["groups"]:
                context = {
                    "group": group,
                    "section": section,
                    "is_filtered": response.context["is_filtered"],
                }
                before = GROUP_BEFORE.render(Context(context))
                assert group["markup"] == before
                assert before in response.text
                groups += 1
        assert groups >= 1
        if not query and language == "en":
            assert "&lt;the&gt; corridors &amp; ranges" in response.text and " …" in response.text
