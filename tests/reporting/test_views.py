"""The web pages of reporting: focal points' forms, the review queue, public reports."""

import datetime
import io

import openpyxl
import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from programme.choices import ImplementationStatus
from reporting import services
from reporting.choices import ReportState
from reporting.models import FocalPoint, Report
from tests.factories import UserFactory

from .conftest import PDF
from .factories import ReportingCycleFactory

pytestmark = pytest.mark.django_db


def form_url(world, activity, subject=None):
    subject = subject or world.kg
    segment = "species" if subject == world.leopard else "range-states"
    key = subject.slug if subject == world.leopard else subject.iso_code
    return reverse(
        "reporting:report_for",
        args=[world.cycle.pk, segment, key, world.activities[activity].code],
    )


def form_data(**overrides):
    data = {
        "version": "",
        "status": "",
        "progress": "",
        "results": "",
        "obstacles": "",
        "next_steps": "",
        "partners": "",
        "funding_amount": "",
        "funding_currency": "",
        "funding_source": "",
        "links-TOTAL_FORMS": "2",
        "links-INITIAL_FORMS": "0",
        "links-MIN_NUM_FORMS": "0",
        "links-MAX_NUM_FORMS": "20",
        "links-0-url": "",
        "links-0-title": "",
        "links-1-url": "",
        "links-1-title": "",
        "action": "save",
    }
    data.update(overrides)
    return data


# --- Signing in ---------------------------------------------------------------------------


def test_login_page_and_where_it_leads(client, world, secretariat_user):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert 'name="username"' in response.text
    response = client.post(
        reverse("login"), {"username": "kyra", "password": "correct-horse-battery"}
    )
    assert response.status_code == 302 and response["Location"] == reverse("reporting:start")
    assert client.get(reverse("reporting:start"))["Location"] == reverse("reporting:mine")
    client.force_login(secretariat_user)
    assert client.get(reverse("reporting:start"))["Location"] == reverse("reporting:review")


def test_wrong_password_is_explained(client, world):
    response = client.post(reverse("login"), {"username": "kyra", "password": "nope"})
    assert response.status_code == 400
    assert "correct username and password" in response.text


def test_focal_points_never_reach_the_admin(client, world):
    client.force_login(world.kg_fp.user)
    response = client.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


# --- My reporting -------------------------------------------------------------------------


def test_my_reporting_needs_sign_in(client, world):
    response = client.get(reverse("reporting:mine"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")


def test_my_reporting_explains_itself_to_other_users(client, world, secretariat_user):
    client.force_login(UserFactory(username="visitor"))
    response = client.get(reverse("reporting:mine"))
    assert response.status_code == 403
    assert "not a focal point" in response.text


def test_my_reporting_lists_the_activities_of_my_state_with_progress(client, world):
    world.report("kg", state=ReportState.SUBMITTED)
    world.report("general")
    client.force_login(world.kg_fp.user)
    response = client.get(reverse("reporting:mine"))
    assert response.status_code == 200
    page = response.text
    assert "Kyrgyzstan: national report" in page
    for name in ("kg", "landscape", "general", "leopard"):
        assert world.activities[name].text_en in page
    for name in ("tj", "tj_leopard"):
        assert world.activities[name].text_en not in page
    assert "1 of 4 reports submitted or accepted" in page
    assert '<progress id="progress-1" max="4" value="1">' in page
    assert response.context["sections"][0]["percent"] == 25


def test_my_reporting_filters_by_objective_and_priority(client, world):
    client.force_login(world.kg_fp.user)
    by_objective = client.get(reverse("reporting:mine"), {"objective": "1"})
    rows = by_objective.context["sections"][0]["rows"]
    assert [row["activity"] for row in rows] == [world.activities["kg"]]
    by_priority = client.get(reverse("reporting:mine"), {"priority": "low"})
    rows = by_priority.context["sections"][0]["rows"]
    assert [row["activity"] for row in rows] == [world.activities["general"]]
    # The progress bar still counts everything.
    assert by_priority.context["sections"][0]["total"] == 4
    nothing = client.get(reverse("reporting:mine"), {"priority": "medium_low"})
    assert "No activity matches these filters." in nothing.text


def test_my_reporting_of_a_species_focal_point(client, world):
    client.force_login(world.species_fp.user)
    page = client.get(reverse("reporting:mine")).text
    assert "Snow leopard: species report" in page
    assert world.activities["tj_leopard"].text_en in page
    assert world.activities["kg"].text_en not in page


def test_my_reporting_without_an_open_cycle(client, world):
    world.cycle.delete()
    client.force_login(world.kg_fp.user)
    assert "No reporting cycle is open." in client.get(reverse("reporting:mine")).text


def test_a_colleague_draft_shows_as_taken_without_content(client, world):
    colleague = FocalPoint.objects.create(user=UserFactory(username="kanat"))
    colleague.range_states.set([world.kg])
    report = world.report("kg", by=colleague.user, results="Secret draft")
    client.force_login(world.kg_fp.user)
    page = client.get(reverse("reporting:mine")).text
    assert "Prepared by another focal point" in page
    assert "Secret draft" not in page
    assert client.get(form_url(world, "kg")).status_code == 404
    assert client.get(report.get_absolute_url()).status_code == 404


# --- The report form ----------------------------------------------------------------------


def test_new_report_form_for_an_activity_in_scope(client, world):
    client.force_login(world.kg_fp.user)
    response = client.get(form_url(world, "kg"))
    assert response.status_code == 200
    assert world.activities["kg"].text_en in response.text
    assert 'name="progress"' in response.text and 'value="submit"' in response.text


@pytest.mark.parametrize(
    ("who", "activity", "subject"),
    [
        ("kg", "tj", "kg"),  # not an activity of Kyrgyzstan
        ("kg", "kg", "tj"),  # not my country
        ("tj", "kg", "kg"),
        ("species", "kg", "kg"),
        ("kg", "leopard", "leopard"),  # not my species
    ],
)
def test_report_form_refused_outside_ones_scope(client, world, who, activity, subject):
    users = {"kg": world.kg_fp.user, "tj": world.tj_fp.user, "species": world.species_fp.user}
    subjects = {"kg": world.kg, "tj": world.tj, "leopard": world.leopard}
    client.force_login(users[who])
    assert client.get(form_url(world, activity, subjects[subject])).status_code == 404
    assert client.post(form_url(world, activity, subjects[subject]), form_data()).status_code == 404
    assert not Report.objects.exists()


def test_report_form_needs_sign_in(client, world):
    response = client.get(form_url(world, "kg"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_save_a_new_draft_with_a_link_and_a_document(client, world):
    client.force_login(world.kg_fp.user)
    response = client.post(
        form_url(world, "kg"),
        form_data(
            progress="Trained 40 rangers.",
            **{"links-0-url": "https://example.org/training", "links-0-title": "Training"},
            new_attachments=SimpleUploadedFile("evidence.pdf", PDF),
        ),
    )
    report = Report.objects.get()
    assert response.status_code == 302 and response["Location"] == report.get_edit_url()
    assert (report.state, report.progress, report.author) == (
        ReportState.DRAFT,
        "Trained 40 rangers.",
        world.kg_fp.user,
    )
    assert report.links.get().title == "Training"
    assert report.attachments.get().original_name == "evidence.pdf"
    # Going back to the activity leads to the draft.
    assert client.get(form_url(world, "kg"))["Location"] == report.get_edit_url()


def test_submit_validates_and_keeps_the_draft_with_errors_next_to_fields(client, world):
    client.force_login(world.kg_fp.user)
    response = client.post(
        form_url(world, "kg"),
        form_data(results="Typed before submitting", funding_amount="500", action="submit"),
    )
    assert response.status_code == 400  # the submission was refused; the draft was saved
    report = Report.objects.get()
    assert (report.state, report.results) == (ReportState.DRAFT, "Typed before submitting")
    assert "cannot be submitted yet" in response.text
    form = response.context["form"]
    assert set(form.errors) == {"status", "progress", "funding_currency"}
    assert 'id="id_status_error"' in response.text and 'aria-invalid="true"' in response.text
    # The page now carries the saved version: submitting again works.
    assert form["version"].value() == str(report.version)


def test_submit_a_complete_report(
    client, world, secretariat_user, django_capture_on_commit_callbacks
):
    client.force_login(world.kg_fp.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            form_url(world, "kg"),
            form_data(status="ongoing", progress="Patrols doubled.", action="submit"),
        )
    report = Report.objects.get()
    assert response["Location"] == report.get_absolute_url()
    assert report.state == ReportState.SUBMITTED
    assert [message.to for message in mail.outbox] == [[secretariat_user.email]]
    # Submitted: no longer editable.
    assert client.get(report.get_edit_url())["Location"] == report.get_absolute_url()


def test_deadline_passed_form_offers_no_submit(client, world):
    world.cycle.opens_on = timezone.localdate() - datetime.timedelta(days=40)
    world.cycle.deadline = timezone.localdate() - datetime.timedelta(days=1)
    world.cycle.save()
    client.force_login(world.kg_fp.user)
    page = client.get(form_url(world, "kg")).text
    assert 'value="submit"' not in page
    assert "The deadline has passed" in page
    response = client.post(
        form_url(world, "kg"), form_data(status="ongoing", progress="Late", action="submit")
    )
    assert Report.objects.get().state == ReportState.DRAFT
    assert "has passed" in response.text


def test_reading_or_editing_another_ones_draft_is_a_404(client, world, secretariat_user):
    draft = world.report("kg")
    for user in (world.tj_fp.user, world.species_fp.user, UserFactory(username="x")):
        client.force_login(user)
        assert client.get(draft.get_absolute_url()).status_code == 404
        assert client.get(draft.get_edit_url()).status_code == 404
        assert client.post(draft.get_edit_url(), form_data()).status_code == 404
    client.logout()
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(secretariat_user)
    assert client.get(draft.get_absolute_url()).status_code == 200
    # The secretariat reviews; it does not write in the focal point's draft.
    assert client.get(draft.get_edit_url())["Location"] == draft.get_absolute_url()


def test_concurrent_edit_is_refused_with_a_message(client, world):
    report = world.report("kg", results="Original")
    client.force_login(world.kg_fp.user)
    seen = str(report.version)
    first = client.post(report.get_edit_url(), form_data(version=seen, results="First tab"))
    assert first.status_code == 302
    second = client.post(report.get_edit_url(), form_data(version=seen, results="Second tab"))
    assert second.status_code == 400
    assert "changed meanwhile" in second.text
    report.refresh_from_db()
    assert report.results == "First tab"


def test_refused_document_does_not_lose_the_text(client, world):
    report = world.report("kg")
    client.force_login(world.kg_fp.user)
    response = client.post(
        report.get_edit_url(),
        form_data(
            version=str(report.version),
            results="Kept despite the bad file",
            new_attachments=SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 not a pdf"),
        ),
    )
    assert response.status_code == 400
    assert "virus.pdf is not an accepted type of file" in response.text
    report.refresh_from_db()
    assert report.results == "Kept despite the bad file"
    assert not report.attachments.exists()


def test_draft_survives_a_session_time_out(client, world):
    report = world.report("kg", results="Saved earlier")
    client.force_login(world.kg_fp.user)
    version = str(report.version)
    client.session.flush()  # the session expires while the focal point types
    client.cookies.pop("sessionid", None)
    response = client.post(
        report.get_edit_url(),
        form_data(version=version, results="Typed after the time-out", action="save"),
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    report.refresh_from_db()
    assert report.results == "Saved earlier"

    login = client.post(
        response["Location"], {"username": "kyra", "password": "correct-horse-battery"}
    )
    assert login["Location"] == report.get_edit_url()
    page = client.get(report.get_edit_url())
    assert "Your session had ended" in page.text
    assert "Typed after the time-out" in page.text
    saved = client.post(
        report.get_edit_url(),
        form_data(version=version, results=page.context["form"]["results"].value()),
    )
    assert saved.status_code == 302
    report.refresh_from_db()
    assert report.results == "Typed after the time-out"
    # Given back once.
    assert "Your session had ended" not in client.get(report.get_edit_url()).text


def test_stash_is_given_back_only_to_someone_who_may_edit_the_report(client, world):
    report = world.report("kg")
    client.post(report.get_edit_url(), form_data(results="Someone typed this"))
    client.post(reverse("login"), {"username": "timur", "password": "correct-horse-battery"})
    assert client.get(report.get_edit_url()).status_code == 404


# --- Report page --------------------------------------------------------------------------


def test_accepted_report_is_public_without_the_review_comments(client, world, secretariat_user):
    report = world.report("kg", state=ReportState.SUBMITTED, progress="Public progress")
    services.return_report(report, by=secretariat_user, comment="Internal remark")
    report.refresh_from_db()
    services.submit(report, by=world.kg_fp.user)
    services.accept(report, by=secretariat_user)
    page = client.get(report.get_absolute_url())
    assert page.status_code == 200
    assert "Public progress" in page.text
    assert "Internal remark" not in page.text
    client.force_login(world.kg_fp.user)
    assert "Internal remark" in client.get(report.get_absolute_url()).text


def test_returned_report_shows_the_comment_on_the_form(client, world, secretariat_user):
    report = world.report("kg", state=ReportState.SUBMITTED)
    services.return_report(report, by=secretariat_user, comment="Give the numbers of rangers.")
    client.force_login(world.kg_fp.user)
    page = client.get(report.get_edit_url())
    assert "Give the numbers of rangers." in page.text
    assert "Returned for changes" in page.text


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


# --- Public list --------------------------------------------------------------------------


def test_public_list_shows_only_accepted_reports(client, world):
    world.report("kg", state=ReportState.ACCEPTED, status=ImplementationStatus.COMPLETED)
    world.report("general", state=ReportState.SUBMITTED)
    world.report("landscape", state=ReportState.RETURNED)
    response = client.get(reverse("reporting:accepted"))
    assert [r.activity for r in response.context["page"].object_list] == [world.activities["kg"]]
    assert "Completed" in response.text
    empty = client.get(reverse("reporting:accepted"), {"range_state": "TJ"})
    assert "No accepted report matches these filters." in empty.text


def test_public_list_pages_are_newest_first(client, world):
    """By end of the period, then acceptance: the pages (ids picked first) follow that order,
    with or without a filter."""
    ends = [datetime.date(2019, 12, 31), datetime.date(2021, 12, 31), datetime.date(2021, 12, 31)]
    cycles = [ReportingCycleFactory(programme=world.programme, period_end=end) for end in ends]
    moment = timezone.now()
    for number, (cycle, name) in enumerate(
        (cycle, name) for cycle in cycles for name in world.activities
    ):
        for state in (world.kg, world.tj):
            report = world.report(name, cycle=cycle, range_state=state, state=ReportState.ACCEPTED)
            Report.objects.filter(pk=report.pk).update(
                accepted_at=moment - datetime.timedelta(hours=number % 5)
            )
    for query, total in (({}, 36), ({"range_state": "KG"}, 18)):
        reports = Report.objects.accepted()
        if query:
            reports = reports.filter(range_state=world.kg)
        shown, number, pages = [], 1, 1
        while number <= pages:
            page = client.get(reverse("reporting:accepted"), {**query, "page": number})
            shown += [report.pk for report in page.context["page"].object_list]
            number, pages = number + 1, page.context["page"].paginator.num_pages
        assert shown == list(reports.newest_first().values_list("pk", flat=True))
        assert len(shown) == total


def test_public_list_when_nothing_was_accepted(client, world):
    assert "No report has been accepted yet." in client.get(reverse("reporting:accepted")).text


# --- Batch page ---------------------------------------------------------------------------


def batch_url(world, subject=None):
    subject = subject or world.kg
    return reverse("reporting:batch", args=[world.cycle.pk, "range-states", subject.iso_code])


def test_batch_page_fills_many_statuses_in_one_go(client, world):
    submitted = world.report("landscape", state=ReportState.SUBMITTED)
    draft = world.report("general", status=ImplementationStatus.NOT_STARTED)
    client.force_login(world.kg_fp.user)
    page = client.get(batch_url(world))
    assert page.status_code == 200
    formset = page.context["formset"]
    rows = {form.initial["activity"]: form.initial for form in formset.forms}
    assert set(rows) == {
        world.activities[name].pk for name in ("kg", "general", "leopard")
    }  # the submitted one is shown read-only
    data = {
        "rows-TOTAL_FORMS": "3",
        "rows-INITIAL_FORMS": "3",
        "rows-MIN_NUM_FORMS": "0",
        "rows-MAX_NUM_FORMS": "1000",
    }
    for index, form in enumerate(formset.forms):
        activity = form.initial["activity"]
        data[f"rows-{index}-activity"] = str(activity)
        data[f"rows-{index}-version"] = (
            "" if form.initial["version"] is None else str(form.initial["version"])
        )
        status = {
            world.activities["kg"].pk: "completed",
            world.activities["general"].pk: "ongoing",
            world.activities["leopard"].pk: "",
        }[activity]
        data[f"rows-{index}-status"] = status
    response = client.post(batch_url(world), data, follow=True)
    assert "2 statuses were saved in your drafts." in response.text
    statuses = dict(Report.objects.values_list("activity__code", "status"))
    assert statuses == {
        world.activities["kg"].code: "completed",
        world.activities["general"].code: "ongoing",
        world.activities["landscape"].code: submitted.status,
    }
    draft.refresh_from_db()
    assert draft.state == ReportState.DRAFT and draft.author == world.kg_fp.user


def test_batch_page_refuses_an_unknown_status_with_a_400(client, world):
    client.force_login(world.kg_fp.user)
    formset = client.get(batch_url(world)).context["formset"]
    data = {
        "rows-TOTAL_FORMS": str(len(formset.forms)),
        "rows-INITIAL_FORMS": str(len(formset.forms)),
        "rows-MIN_NUM_FORMS": "0",
        "rows-MAX_NUM_FORMS": "1000",
    }
    for index, form in enumerate(formset.forms):
        data[f"rows-{index}-activity"] = str(form.initial["activity"])
        data[f"rows-{index}-version"] = ""
        data[f"rows-{index}-status"] = "finished" if index == 0 else "ongoing"
    response = client.post(batch_url(world), data)
    assert response.status_code == 400
    assert "Select a valid choice. finished is not one of the available choices." in response.text
    assert not Report.objects.exists()  # nothing saved, not even the valid rows


def test_batch_page_answers_403_when_the_service_refuses_a_row(client, world, monkeypatch):
    draft = world.report("general")
    client.force_login(world.kg_fp.user)
    formset = client.get(batch_url(world)).context["formset"]
    data = {
        "rows-TOTAL_FORMS": str(len(formset.forms)),
        "rows-INITIAL_FORMS": str(len(formset.forms)),
        "rows-MIN_NUM_FORMS": "0",
        "rows-MAX_NUM_FORMS": "1000",
    }
    for index, form in enumerate(formset.forms):
        version = form.initial["version"]
        data[f"rows-{index}-activity"] = str(form.initial["activity"])
        data[f"rows-{index}-version"] = "" if version is None else str(version)
        data[f"rows-{index}-status"] = "ongoing" if version is not None else ""
    real = services.save_statuses

    def submitted_meanwhile(*args, **kwargs):
        # Between the page's reading of the drafts and the save, the draft was submitted
        # (from another tab): the service no longer lets the batch change it.
        Report.objects.filter(pk=draft.pk).update(state=ReportState.SUBMITTED)
        return real(*args, **kwargs)

    monkeypatch.setattr(services, "save_statuses", submitted_meanwhile)
    response = client.post(batch_url(world), data)
    assert response.status_code == 403
    assert "You may not change this report." in response.text
    draft.refresh_from_db()
    assert draft.status != "ongoing"


def test_invalid_filters_are_a_400_that_says_why(client, world, secretariat_user):
    world.report("kg", state=ReportState.ACCEPTED)
    public = client.get(reverse("reporting:accepted"), {"species": "unicorn"})
    assert public.status_code == 400
    assert "Some filters are not valid; nothing is listed until they are corrected:" in public.text
    assert "Species: Select a valid choice." in public.text
    assert list(public.context["page"].object_list) == []
    assert "No accepted report matches these filters." not in public.text  # not a real "none"
    client.force_login(secretariat_user)
    queue = client.get(reverse("reporting:review"), {"state": "lost"})
    assert queue.status_code == 400
    assert "State: Select a valid choice. lost is not one of the available choices." in queue.text
    assert "No report matches" not in queue.text
    client.force_login(world.kg_fp.user)
    mine = client.get(reverse("reporting:mine"), {"priority": "urgent"})
    assert mine.status_code == 400
    assert "Some filters are not valid; nothing is listed until they are corrected:" in mine.text
    assert client.get(reverse("reporting:mine"), {"priority": "high"}).status_code == 200


def test_batch_page_of_another_state_is_a_404(client, world):
    client.force_login(world.kg_fp.user)
    assert client.get(batch_url(world, world.tj)).status_code == 404
    client.logout()
    assert client.get(batch_url(world)).status_code == 302


def test_prefill_button(client, world):
    client.force_login(world.kg_fp.user)
    response = client.post(reverse("reporting:prefill", args=[world.cycle.pk]), follow=True)
    assert "No earlier accepted report to start from." in response.text


# --- Languages ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "label", "button", "error"),
    [
        (
            "en",
            "What was done in the period",
            "Submit for review",
            "Choose the implementation status.",
        ),
        (
            "fr",
            "Ce qui a été fait pendant la période",
            "Soumettre pour examen",
            "Choisissez l’état de mise en œuvre.",
        ),
        (
            "ru",
            "Что сделано за период",
            "Представить на рассмотрение",
            "Выберите статус выполнения.",
        ),
    ],
)
def test_the_report_form_works_in_three_languages(client, world, language, label, button, error):
    client.force_login(world.kg_fp.user)
    headers = {"accept-language": language}
    page = client.get(form_url(world, "kg"), headers=headers)
    assert label in page.text and button in page.text
    response = client.post(form_url(world, "kg"), form_data(action="submit"), headers=headers)
    assert error in response.text
    assert Report.objects.get().state == ReportState.DRAFT


def test_after_a_refused_submission_the_form_posts_to_the_saved_draft(client, world):
    client.force_login(world.kg_fp.user)
    response = client.post(form_url(world, "kg"), form_data(results="First", action="submit"))
    report = Report.objects.get()
    assert f'action="{report.get_edit_url()}"' in response.text
    data = form_data(
        version=response.context["form"]["version"].value(),
        status="ongoing",
        progress="Now complete",
        results="First",
        action="submit",
    )
    assert client.post(report.get_edit_url(), data)["Location"] == report.get_absolute_url()
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED
