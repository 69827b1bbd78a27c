"""The report form as a focal point lives it: an untouched form makes no empty draft and says
what is missing, each error linking to its field; after submitting, what happens next and the
next activity to report on; a reply to the secretariat's comment, kept in the history; and the
reviewer's view of what changed since the return."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from programme.models import Activity
from reporting import services
from reporting.choices import ReportState
from reporting.models import Report
from reporting.querysets import activities_in_scope

from .conftest import form_data, form_url

pytestmark = pytest.mark.django_db


def test_an_untouched_form_submitted_makes_no_draft_and_links_each_error(client, world):
    client.force_login(world.kg_fp.user)
    response = client.post(form_url(world, "kg"), form_data(action="submit"))
    assert response.status_code == 400
    assert not Report.objects.exists()
    page = response.text
    summary = page[
        page.index('id="form-errors"') : page.index("</ul>", page.index('id="form-errors"'))
    ]
    assert "There is a problem" in summary
    assert 'href="#id_status"' in summary and "Choose the implementation status." in summary
    assert 'href="#id_progress"' in summary
    assert 'id="id_status"' in page and 'id="id_progress"' in page  # the targets exist


def test_an_untouched_form_saved_makes_no_draft(client, world):
    client.force_login(world.kg_fp.user)
    response = client.post(form_url(world, "kg"), form_data(action="save"))
    assert response.status_code == 400
    assert "Nothing was saved: the form is empty." in response.text
    assert not Report.objects.exists()
    # One field is enough to keep a draft.
    client.post(form_url(world, "kg"), form_data(results="Started", action="save"))
    assert Report.objects.get().state == ReportState.DRAFT


def test_after_submitting_what_happens_next_and_the_next_activity(client, world):
    scope = list(
        activities_in_scope(
            Activity.objects.filter(programme=world.programme), range_state=world.kg
        )
    )
    first, second = scope[0], scope[1]
    key = next(name for name, activity in world.activities.items() if activity == first)
    client.force_login(world.kg_fp.user)
    response = client.post(
        form_url(world, key), form_data(status="ongoing", progress="Done.", action="submit")
    )
    report = Report.objects.get()
    page = client.get(response["Location"]).text
    assert "What happens next" in page
    second_key = next(name for name, activity in world.activities.items() if activity == second)
    assert f'href="{form_url(world, second_key)}"' in page
    assert f"Report on the next activity, {second.code}" in page
    # Once every other activity is reported, it says so.
    for activity in scope[1:]:
        Report.objects.create(
            cycle=world.cycle, activity=activity, range_state=world.kg,
            author=world.kg_fp.user, state=ReportState.SUBMITTED, status="ongoing", progress="x",
        )  # fmt: skip
    page = client.get(report.get_absolute_url()).text
    assert "Every activity of Kyrgyzstan is reported in this cycle." in page


def returned_report(world, reviewer, **content):
    report = world.report("kg", state=ReportState.SUBMITTED, **content)
    return services.return_report(
        report, by=reviewer, comment="How many rangers were women?", expected_version=report.version
    )


def test_a_reply_to_the_secretariat_is_kept_in_the_history(client, world, secretariat_user):
    report = returned_report(world, secretariat_user)
    client.force_login(world.kg_fp.user)
    form = client.get(report.get_edit_url()).text
    assert "Your reply to the secretariat" in form
    client.post(
        report.get_edit_url(),
        form_data(
            status="in_progress", progress="Patrols were doubled in the reserve.",
            version=str(report.version), reply="12 of the 40 rangers were women.", action="save",
        ),
    )  # fmt: skip
    report.refresh_from_db()
    replies = report.transitions.filter(reply=True)
    assert [(t.comment, t.by) for t in replies] == [
        ("12 of the 40 rangers were women.", world.kg_fp.user)
    ]
    # The secretariat's comment stays the one shown above the form.
    report = Report.objects.for_detail().get(pk=report.pk)
    assert report.last_comment().comment == "How many rangers were women?"
    history = client.get(report.get_absolute_url()).text
    assert "Kyra Bekova replied" in history and "12 of the 40 rangers were women." in history


def test_only_the_author_replies_to_a_returned_report(world, secretariat_user):
    report = returned_report(world, secretariat_user)
    with pytest.raises(PermissionDenied):
        services.reply(report, by=world.tj_fp.user, text="Not mine")
    draft = world.report("general")
    with pytest.raises(ValidationError):
        services.reply(draft, by=world.kg_fp.user, text="Nothing to reply to")
    assert not draft.transitions.filter(reply=True).exists()


def test_the_reviewer_sees_what_changed_since_the_return(client, world, secretariat_user):
    report = returned_report(world, secretariat_user, results="40 rangers trained.")
    client.force_login(world.kg_fp.user)
    client.post(
        report.get_edit_url(),
        form_data(
            status="ongoing", progress="Patrols were doubled in the reserve.",
            results="40 rangers trained, 12 of them women.", version=str(report.version),
            action="submit",
        ),
    )  # fmt: skip
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED
    # The author does not see the comparison; the reviewer does, field by field.
    assert "What changed since" not in client.get(report.get_absolute_url()).text
    client.force_login(secretariat_user)
    page = client.get(report.get_absolute_url()).text
    section = page[page.index("What changed since the report was returned") :]
    section = section[: section.index("</table>")]
    assert "<del>40 rangers trained.</del>" in section
    assert "<ins>40 rangers trained, 12 of them women.</ins>" in section
    assert "<del>In progress</del>" in section and "<ins>Ongoing (recurring)</ins>" in section
    assert "Patrols were doubled" not in section  # unchanged fields are not listed
    assert reverse("reporting:review_report", args=[report.pk]) in page
