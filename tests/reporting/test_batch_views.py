"""The focal point's batch page: many statuses at once."""

import pytest
from django.urls import reverse

from programme.choices import ImplementationStatus
from reporting import services
from reporting.choices import ReportState
from reporting.models import Report

pytestmark = pytest.mark.django_db


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


def test_batch_page_answers_409_when_a_row_was_submitted_meanwhile(client, world, monkeypatch):
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
    assert response.status_code == 409
    assert "was already submitted to the secretariat" in response.text
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
