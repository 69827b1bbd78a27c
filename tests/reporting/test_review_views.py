"""The secretariat's pages: the review of a report, the queue, bulk acceptance, exports."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from reporting import services
from reporting.choices import ReportState
from reporting.models import Report
from tests.reporting.factories import ReportingCycleFactory

pytestmark = pytest.mark.django_db


# --- Review -------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["author", "other state", "staff outside group"])
def test_only_the_secretariat_reviews_through_the_page(client, world, staff_outside_group, who):
    report = world.report("kg", state=ReportState.SUBMITTED)
    users = {
        "author": world.kg_fp.user,
        "other state": world.tj_fp.user,
        "staff outside group": staff_outside_group,
    }
    client.force_login(users[who])
    response = client.post(
        reverse("reporting:review_report", args=[report.pk]), {"action": "accept"}
    )
    assert response.status_code == (403 if who == "author" else 404)
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED


def test_a_decision_on_a_report_changed_since_the_page_was_read_is_refused(
    client, world, secretariat_user
):
    report = world.report("kg", state=ReportState.SUBMITTED)
    client.force_login(secretariat_user)
    page = client.get(report.get_absolute_url())
    assert f'name="version" value="{report.version}"' in page.text
    Report.objects.filter(pk=report.pk).update(
        version=report.version + 1, updated_by=world.kg_fp.user
    )
    url = reverse("reporting:review_report", args=[report.pk])
    refused = client.post(url, {"action": "accept", "version": report.version})
    assert refused.status_code == 400
    assert "changed meanwhile by kyra" in refused.text
    assert f'name="version" value="{report.version + 1}"' in refused.text  # the new one
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED
    accepted = client.post(url, {"action": "accept", "version": report.version})
    assert accepted.status_code == 302
    report.refresh_from_db()
    assert report.state == ReportState.ACCEPTED


def test_secretariat_returns_then_accepts_through_the_page(client, world, secretariat_user):
    report = world.report("kg", state=ReportState.SUBMITTED)
    client.force_login(secretariat_user)
    page = client.get(report.get_absolute_url())
    assert 'value="accept"' in page.text and 'value="return"' in page.text
    url = reverse("reporting:review_report", args=[report.pk])
    refused = client.post(url, {"action": "return", "comment": "", "next": "/evil"})
    assert refused.status_code == 400
    assert "Say what the focal point should change." in refused.text
    assert refused.context["report"] == report  # the report again, to try once more
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED
    no_action = client.post(url, {"action": "delete", "comment": "Why not"})
    assert no_action.status_code == 400
    assert "Choose accept, return or reopen." in no_action.text
    assert "Why not</textarea>" in no_action.text  # what was typed is kept
    client.post(url, {"action": "return", "comment": "More detail please"})
    report.refresh_from_db()
    assert report.state == ReportState.RETURNED
    services.submit(report, by=world.kg_fp.user)
    client.post(url, {"action": "accept"})
    report.refresh_from_db()
    assert report.state == ReportState.ACCEPTED
    client.post(url, {"action": "reopen", "comment": "Fix the date", "until": "2999-01-01"})
    report.refresh_from_db()
    assert (report.state, report.reopened_until) == (ReportState.DRAFT, datetime.date(2999, 1, 1))


@pytest.mark.parametrize(
    ("who", "expected"),
    [("anonymous", 302), ("focal point", 403), ("staff outside group", 403), ("secretariat", 200)],
)
def test_review_queue_access(client, world, secretariat_user, staff_outside_group, who, expected):
    users = {
        "focal point": world.kg_fp.user,
        "staff outside group": staff_outside_group,
        "secretariat": secretariat_user,
    }
    if who in users:
        client.force_login(users[who])
    assert client.get(reverse("reporting:review")).status_code == expected


def test_review_queue_lists_submitted_reports_and_filters(client, world, secretariat_user):
    kg = world.report("kg", state=ReportState.SUBMITTED)
    tj = world.report("tj", by=world.tj_fp.user, range_state=world.tj, state=ReportState.SUBMITTED)
    world.report("general")  # a draft: not in the queue
    client.force_login(secretariat_user)
    listed = list(client.get(reverse("reporting:review")).context["page"].object_list)
    assert listed == [kg, tj]  # by range state name
    only_tj = client.get(reverse("reporting:review"), {"range_state": "TJ"})
    assert list(only_tj.context["page"].object_list) == [tj]
    drafts = client.get(reverse("reporting:review"), {"state": "draft"})
    assert [r.activity for r in drafts.context["page"].object_list] == [world.activities["general"]]


def test_my_reporting_and_the_queue_list_activities_by_short_title(client, world, secretariat_user):
    activity = world.activities["kg"]
    activity.short_title_en = "Ranger training"
    activity.save()
    world.report("kg", state=ReportState.SUBMITTED)
    client.force_login(world.kg_fp.user)
    mine = client.get(reverse("reporting:mine")).text
    assert "Ranger training" in mine and activity.text_en not in mine
    client.force_login(secretariat_user)
    queue = client.get(reverse("reporting:review")).text
    assert "Ranger training" in queue and activity.text_en not in queue


def test_bulk_accept_from_the_queue(client, world, secretariat_user):
    first = world.report("kg", state=ReportState.SUBMITTED)
    second = world.report("general", state=ReportState.SUBMITTED)
    draft = world.report("landscape")
    client.force_login(secretariat_user)
    response = client.post(
        reverse("reporting:bulk_accept"), {"reports": [first.pk, second.pk]}, follow=True
    )
    assert "2 reports were accepted." in response.text
    assert set(Report.objects.accepted()) == {first, second}
    refused = client.post(
        reverse("reporting:bulk_accept"),
        {"reports": [draft.pk], "next": reverse("reporting:review") + "?state=draft"},
    )
    assert refused.status_code == 400
    assert "Select a valid choice" in refused.text
    # The queue it came from, whose forms lead back there (not to the bulk-accept address).
    assert [r.pk for r in refused.context["page"].object_list] == [draft.pk]
    assert f'name="next" value="{reverse("reporting:review")}?state=draft"' in refused.text
    nothing = client.post(reverse("reporting:bulk_accept"), {})
    assert nothing.status_code == 400
    assert "Select the reports to accept." in nothing.text
    draft.refresh_from_db()
    assert draft.state == ReportState.DRAFT


def test_focal_point_cannot_bulk_accept(client, world):
    report = world.report("kg", state=ReportState.SUBMITTED)
    client.force_login(world.kg_fp.user)
    assert (
        client.post(reverse("reporting:bulk_accept"), {"reports": [report.pk]}).status_code == 403
    )
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED


# --- Export -------------------------------------------------------------------------------


def _past_cycles(world, how_many):
    """`how_many` closed cycles, a year apart, all before the world's open cycle."""
    return [
        ReportingCycleFactory(
            programme=world.programme,
            name_en=f"Closed cycle {year}",
            period_start=datetime.date(year - 2, 1, 1),
            period_end=datetime.date(year - 1, 12, 31),
            opens_on=datetime.date(year, 1, 1),
            deadline=datetime.date(year, 3, 31),
        )
        for year in range(2000, 2000 + how_many)
    ]


def _export_links(page, cycle):
    return [
        reverse("reporting:export", args=[cycle.pk, "xlsx"]) in page,
        reverse("reporting:export", args=[cycle.pk, "csv"]) in page,
        reverse("reporting:cycle_review", args=[cycle.pk]) in page,
    ]


@pytest.mark.parametrize("closed", [2, 12])
def test_the_queue_offers_the_exports_of_the_open_and_newest_cycles_and_menus_every_cycle(
    client, world, secretariat_user, closed
):
    """Before a cycle is chosen the exports are those of the cycles open today and of the
    newest one, however many cycles there are; the cycle menu still lists every cycle."""
    past = _past_cycles(world, closed)
    upcoming = ReportingCycleFactory(  # the newest: not open yet
        programme=world.programme,
        name_en="Upcoming cycle",
        opens_on=world.cycle.deadline + datetime.timedelta(days=1),
        deadline=world.cycle.deadline + datetime.timedelta(days=90),
    )
    client.force_login(secretariat_user)
    page = client.get(reverse("reporting:review")).text
    assert _export_links(page, upcoming) == _export_links(page, world.cycle) == [True] * 3
    assert not any(any(_export_links(page, cycle)) for cycle in past)
    assert page.index("Upcoming cycle (") < page.index(f"{world.cycle.name} (")  # newest first
    assert "For another cycle, choose it in the Cycle menu above." in page
    for cycle in [upcoming, world.cycle, *past]:
        assert f'<option value="{cycle.pk}">{cycle.name}</option>' in page


def test_the_queue_offers_the_exports_of_the_chosen_cycle(client, world, secretariat_user):
    oldest, older = _past_cycles(world, 2)
    client.force_login(secretariat_user)
    response = client.get(reverse("reporting:review"), {"cycle": oldest.pk})
    page = response.text
    assert _export_links(page, oldest) == [True] * 3
    assert not any(_export_links(page, world.cycle)) and not any(_export_links(page, older))
    assert f'<option value="{oldest.pk}" selected>{oldest.name}</option>' in page
    assert "For another cycle" not in page
    # Without a cycle chosen, the only closed cycles are one choice away, in French too.
    french = client.get(reverse("reporting:review"), HTTP_ACCEPT_LANGUAGE="fr").text
    assert not any(_export_links(french, oldest)) and all(_export_links(french, world.cycle))
    assert "Pour un autre cycle, choisissez-le dans le menu « Cycle » ci-dessus." in french


def test_the_queue_without_a_cycle_says_so(client, secretariat_user, db):
    client.force_login(secretariat_user)
    page = client.get(reverse("reporting:review")).text
    assert "Export every report of a cycle:\n  no cycle yet.\n</p>" in page


def test_export_a_cycle_to_xlsx_and_csv(client, world, secretariat_user):
    world.report("kg", state=ReportState.ACCEPTED, progress="Rangers trained")
    world.report("leopard", by=world.species_fp.user, species=world.leopard, status="", progress="")
    client.force_login(secretariat_user)
    response = client.get(reverse("reporting:export", args=[world.cycle.pk, "xlsx"]))
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0][:4] == ("Cycle", "Objective", "Activity", "Range state")
    assert len(rows) == 3
    assert rows[1][2] == world.activities["kg"].code and "Rangers trained" in rows[1]
    assert rows[2][5] == "Snow leopard"
    csv = client.get(reverse("reporting:export", args=[world.cycle.pk, "csv"]))
    assert csv["Content-Type"].startswith("text/csv")
    text = csv.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Cycle,Objective,Activity")
    assert "Rangers trained" in text
    assert client.get(reverse("reporting:export", args=[world.cycle.pk, "pdf"])).status_code == 404


def test_export_is_for_the_secretariat_only(client, world):
    client.force_login(world.kg_fp.user)
    assert client.get(reverse("reporting:export", args=[world.cycle.pk, "csv"])).status_code == 403
