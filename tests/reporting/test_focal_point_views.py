"""The focal point's pages: signing in, My reporting, the report form, languages."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from reporting.choices import ReportState
from reporting.models import FocalPoint, Report
from tests.factories import UserFactory
from tests.mailbox import delivered

from .conftest import PDF, form_data, form_url

pytestmark = pytest.mark.django_db


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
    assert [message.to for message in delivered()] == [[secretariat_user.email]]
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
    assert not Report.objects.exists()  # an untouched form makes no empty draft


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
