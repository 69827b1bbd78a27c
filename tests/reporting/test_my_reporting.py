"""My reporting: what needs the focal point first (reports returned with the secretariat's
comment, drafts, days left, counts by report state), the report-state filter and order,
cross-references marked and hideable, and the report's own words in three languages."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from reporting.choices import ReportProgress, ReportState
from reporting.models import FocalPoint, ReportTransition
from tests.factories import ActivityFactory, UserFactory

pytestmark = pytest.mark.django_db


def returned(world, activity, comment, *, by=None):
    report = world.report(activity, state=ReportState.RETURNED, by=by)
    ReportTransition.objects.create(
        report=report, from_state=ReportState.SUBMITTED, to_state=ReportState.RETURNED,
        comment=comment,
    )  # fmt: skip
    return report


def progress_of(response):
    return {
        row["activity"].text_en: row["progress"] for row in response.context["sections"][0]["rows"]
    }


def test_the_attention_summary_puts_returned_reports_and_drafts_first(client, world):
    report = returned(world, "landscape", "Please give the dates of the training.")
    draft = world.report("general")
    world.report("kg", state=ReportState.ACCEPTED)
    client.force_login(world.kg_fp.user)
    response = client.get(reverse("reporting:mine"))
    assert response.status_code == 200
    attention = response.context["attention"]
    assert [row["report"] for row in attention["returned"]] == [report]
    assert attention["returned"][0]["comment"].comment == "Please give the dates of the training."
    assert [row["report"] for row in attention["drafts"]] == [draft]
    counts = {value: count for value, _label, count in attention["counts"]}
    assert counts == {"returned": 1, "draft": 1, "none": 1, "submitted": 0, "accepted": 1}
    page = response.text
    summary = page[page.index('id="attention-title"') : page.index('class="rep-filters')]
    assert "Please give the dates of the training." in summary
    assert report.get_edit_url() in summary
    assert draft.get_edit_url() in summary
    days = (world.cycle.deadline - timezone.localdate()).days
    assert f"<strong>{days} days left</strong> until the deadline" in summary
    assert f"?cycle={world.cycle.pk}&amp;state=returned" in summary


def test_a_colleagues_returned_report_is_not_in_my_summary(client, world):
    colleague = FocalPoint.objects.create(user=UserFactory(username="kanat"))
    colleague.range_states.set([world.kg])
    returned(world, "kg", "Not for Kyra to see.", by=colleague.user)
    client.force_login(world.kg_fp.user)
    response = client.get(reverse("reporting:mine"))
    assert response.context["attention"]["returned"] == []
    assert "Not for Kyra to see." not in response.text
    assert "No report is waiting for you" in response.text


def test_filter_by_report_state(client, world):
    returned(world, "landscape", "Dates?")
    world.report("general")
    client.force_login(world.kg_fp.user)
    url = reverse("reporting:mine")
    only_returned = progress_of(client.get(url, {"state": "returned"}))
    assert only_returned == {"Connect the Tien Shan.": ReportProgress.RETURNED}
    not_started = progress_of(client.get(url, {"state": ["none", "draft"]}))
    assert set(not_started.values()) == {ReportProgress.NONE, ReportProgress.DRAFT}
    assert len(not_started) == 3
    refused = client.get(url, {"state": "started"})
    assert refused.status_code == 400
    assert refused.context["sections"][0]["rows"] == []


def test_sort_by_report_state_lists_what_needs_me_first(client, world):
    world.report("kg", state=ReportState.ACCEPTED)
    world.report("general")
    returned(world, "leopard", "Which plan?")
    client.force_login(world.kg_fp.user)
    response = client.get(reverse("reporting:mine"), {"sort": "state"})
    groups = response.context["sections"][0]["groups"]
    assert len(groups) == 1
    assert [row["progress"] for row in groups[0]["rows"]] == [
        ReportProgress.RETURNED, ReportProgress.DRAFT, ReportProgress.NONE,
        ReportProgress.ACCEPTED,
    ]  # fmt: skip
    by_issue = client.get(reverse("reporting:mine")).context["sections"][0]["groups"]
    assert [group["issue"] for group in by_issue] == [
        world.activities["kg"].issue, world.activities["general"].issue,
    ]  # fmt: skip
    # Folded on a phone, an issue with a returned report or a draft stays open.
    assert [group["attention"] for group in by_issue] == [False, True]


def test_cross_references_are_marked_and_can_be_hidden(client, world):
    xref = ActivityFactory(issue=world.activities["kg"].issue, text_en="See activity 1.1.1")
    xref.range_states.set([world.kg])
    assert xref.is_cross_reference
    assert not world.activities["kg"].is_cross_reference
    client.force_login(world.kg_fp.user)
    url = reverse("reporting:mine")
    page = client.get(url).text
    assert 'class="rep-xref"' in page
    assert "Cross-reference" in page
    hidden = client.get(url, {"hide_xref": "on"})
    assert xref not in [row["activity"] for row in hidden.context["sections"][0]["rows"]]
    assert len(hidden.context["sections"][0]["rows"]) == 4


@pytest.mark.parametrize(
    "language, no_report, returned_word",
    [
        ("en", "No report yet", "Returned for changes"),
        ("fr", "Pas encore de rapport", "Renvoyé pour modification"),
        ("ru", "Отчёта ещё нет", "Возвращён на доработку"),
    ],
)
def test_report_states_have_their_own_words(client, world, language, no_report, returned_word):
    """A report's state is never said with an implementation status's words ("Not started")."""
    returned(world, "kg", "?")
    client.force_login(world.kg_fp.user)
    with translation.override(language):
        page = client.get(reverse("reporting:mine"), HTTP_ACCEPT_LANGUAGE=language).text
    assert no_report in page
    assert returned_word in page
    assert "Not started" not in page and "Non commencé" not in page
    assert str(ReportProgress.NONE.label) == "No report yet"


def test_days_left_after_the_deadline(client, world):
    world.cycle.deadline = timezone.localdate() - datetime.timedelta(days=1)
    world.cycle.save()
    client.force_login(world.kg_fp.user)
    page = client.get(reverse("reporting:mine"), {"cycle": world.cycle.pk}).text
    assert "has passed." in page
