"""The secretariat's import and export of statuses and actors: previews, row errors, round
trips, stale exports refused, the wording kept unless confirmed."""

import csv
import io

import pytest
from django.urls import reverse

from programme.models import ActivityStatus, Actor
from programme.resources import ActivityStatusResource, ActorResource
from programme.services import set_status
from tests.factories import (
    ActorFactory,
)

from .conftest import build_statuses

pytestmark = pytest.mark.django_db


# -- Import / export -------------------------------------------------------------------


def csv_upload(rows, name="statuses.csv"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return SimpleUploadedFile(name, buffer.getvalue().encode(), content_type="text/csv")


def preview(client, url, rows, **extra):
    return client.post(
        url, {"import_file": csv_upload(rows), "format": "0", "resource": "0", **extra}
    )


def confirm(client, model_url_name, response, **extra):
    form = response.context["confirm_form"]
    data = {name: form.initial.get(name, "") for name in form.fields}
    data.update(extra)
    return client.post(reverse(f"admin:{model_url_name}_process_import"), data)


def exported_rows():
    dataset = ActivityStatusResource().export()
    return list(csv.DictReader(io.StringIO(dataset.csv)))


def test_import_preview_with_a_bad_row_reports_it_and_changes_nothing(client, officer):
    statuses = build_statuses(2)
    rows = exported_rows()
    rows[0]["status"] = "completed"
    rows[1]["status"] = "finished-ish"
    response = preview(client, reverse("admin:programme_activitystatus_import"), rows)
    assert response.status_code == 200
    assert "finished-ish" in response.text and "is not a status" in response.text
    assert "confirm_form" not in response.context or response.context["confirm_form"] is None
    assert set(ActivityStatus.objects.values_list("status", flat=True)) == {"not_started"}
    assert all(
        s.version == 0 for s in ActivityStatus.objects.filter(pk__in=[s.pk for s in statuses])
    )


def test_import_unknown_code_is_a_row_error(client, officer):
    build_statuses(1)
    rows = exported_rows()
    rows[0]["code"] = "9.9.9"
    response = preview(client, reverse("admin:programme_activitystatus_import"), rows)
    assert "No activity with this code" in response.text
    assert ActivityStatus.objects.count() == 1


def test_import_round_trip_changes_exactly_the_edited_row(client, officer):
    statuses = build_statuses(3)
    rows = exported_rows()
    assert [r["code"] for r in rows] == [s.activity.code for s in statuses]
    rows[1]["status"] = "Completed"  # the label works too
    rows[1]["note"] = "Imported from the worksheet"
    response = preview(client, reverse("admin:programme_activitystatus_import"), rows)
    assert response.status_code == 200
    assert ActivityStatus.objects.filter(version__gt=0).count() == 0  # dry run only
    response = confirm(client, "programme_activitystatus", response)
    assert response.status_code == 302
    changed = ActivityStatus.objects.filter(version__gt=0)
    assert [(s.pk, s.status, s.note, s.updated_by) for s in changed] == [
        (statuses[1].pk, "completed", "Imported from the worksheet", officer)
    ]
    assert changed.get().history.first().history_user == officer


def test_import_of_a_stale_export_is_refused(client, officer, other_officer):
    build_statuses(1)
    rows = exported_rows()
    set_status(ActivityStatus.objects.get().activity, status="ongoing", by=other_officer)
    rows[0]["status"] = "cancelled"
    response = preview(client, reverse("admin:programme_activitystatus_import"), rows)
    assert "changed meanwhile by olga" in response.text
    assert ActivityStatus.objects.get().status == "ongoing"


def test_export_csv_and_xlsx(client, officer):
    build_statuses(2)
    url = reverse("admin:programme_activitystatus_export")
    assert client.get(url).status_code == 200
    for index, content_type in ((0, "text/csv"), (1, "spreadsheet")):
        fields = {
            f"activitystatusresource_{name}": "on" for name in ActivityStatusResource._meta.fields
        }
        response = client.post(url, {"format": str(index), "resource": "0", **fields})
        assert response.status_code == 200, response.content[:500]
        assert content_type in response["Content-Type"]


def test_actor_import_keeps_the_wording_unless_confirmed(client, officer):
    actor = ActorFactory(slug="cms", name_en="CMS", name_fr="CMS", kind="ngo")
    url = reverse("admin:programme_actor_import")
    rows = [{"slug": "cms", "kind": "convention", "name_en": "Convention on Migratory Species",
             "name_fr": "CMS", "name_ru": ""}]  # fmt: skip
    confirm(client, "programme_actor", preview(client, url, rows))
    actor.refresh_from_db()
    assert (actor.kind, actor.name_en) == ("convention", "CMS")
    response = preview(client, url, rows, update_wording="on")
    confirm(client, "programme_actor", response)
    actor.refresh_from_db()
    assert actor.name_en == "Convention on Migratory Species"
    assert Actor.objects.count() == 1


def test_actor_import_never_creates_or_duplicates(client, officer):
    ActorFactory(slug="cms")
    rows = [{"slug": "new-actor", "kind": "ngo", "name_en": "New", "name_fr": "", "name_ru": ""}]
    response = preview(client, reverse("admin:programme_actor_import"), rows)
    assert "No actor with this identifier" in response.text
    assert Actor.objects.count() == 1


def test_actor_full_names_travel_with_the_wording(client, officer):
    actor = ActorFactory(slug="cms", name_en="CMS", kind="convention", full_name_en="")
    exported = next(csv.DictReader(io.StringIO(ActorResource().export().csv)))
    assert {"full_name_en", "full_name_fr", "full_name_ru"} <= set(exported)
    url = reverse("admin:programme_actor_import")
    rows = [{"slug": "cms", "kind": "convention", "name_en": "CMS", "name_fr": "", "name_ru": "",
             "full_name_en": "Convention on the Conservation of Migratory Species",
             "full_name_fr": "", "full_name_ru": ""}]  # fmt: skip
    confirm(client, "programme_actor", preview(client, url, rows))
    actor.refresh_from_db()
    assert actor.full_name_en == ""  # wording: only when the officer confirms it
    confirm(client, "programme_actor", preview(client, url, rows, update_wording="on"))
    actor.refresh_from_db()
    assert actor.full_name_en == "Convention on the Conservation of Migratory Species"


def test_species_red_list_data_is_exported_and_imported(client, officer):
    from species.models import Species
    from species.resources import SpeciesResource
    from tests.factories import SpeciesFactory

    SpeciesFactory(slug="saiga", iucn_category="CR", iucn_year=2018)
    exported = list(csv.DictReader(io.StringIO(SpeciesResource().export().csv)))
    (row,) = exported
    assert (row["iucn_category"], row["iucn_year"]) == ("CR", "2018")
    assert {"current_scientific_name", "cms_slug", "iucn_as_of", "iucn_note_ru"} <= set(row)
    row.update(iucn_category="NT", iucn_year="2023", iucn_as_of="2026-12-01")
    response = preview(client, reverse("admin:species_species_import"), [row])
    assert response.status_code == 200
    confirm(client, "species_species", response)
    saiga = Species.objects.get(slug="saiga")
    assert (saiga.iucn_category, saiga.iucn_year, str(saiga.iucn_as_of)) == (
        "NT", 2023, "2026-12-01"
    )
    row.update(iucn_category="XX")
    response = preview(client, reverse("admin:species_species_import"), [row])
    assert response.context["result"].has_validation_errors()  # an unknown category
    assert "confirm_form" not in response.context  # cannot be confirmed
    assert Species.objects.get(slug="saiga").iucn_category == "NT"
