"""The whole public data set in one request: a ZIP of CSV files with a Frictionless
datapackage.json, and the same as one JSON document; an ETag; rebuilt when the data changes,
not on every request."""

import csv
import io
import json
import zipfile

import pytest

from cami_portal import datapackage
from reporting import services

pytestmark = pytest.mark.django_db

ZIP, JSON = "/api/v1/data-package.zip", "/api/v1/data-package.json"


def test_the_zip_holds_a_described_csv_per_table(client, blank_draft, submitted, secretariat_user):
    services.accept(submitted, by=secretariat_user)
    response = client.get(ZIP)
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    bundle = zipfile.ZipFile(io.BytesIO(response.content))
    descriptor = json.loads(bundle.read("datapackage.json"))
    assert descriptor["profile"] == "tabular-data-package" and descriptor["version"]
    names = [resource["name"] for resource in descriptor["resources"]]
    assert names == ["programmes", "activities", "range_state_statuses", "reports"]
    for resource in descriptor["resources"]:
        rows = list(csv.reader(io.StringIO(bundle.read(resource["path"]).decode())))
        assert rows[0] == [field["name"] for field in resource["schema"]["fields"]]
    statuses = list(csv.DictReader(io.StringIO(bundle.read("range_state_statuses.csv").decode())))
    assert [(s["range_state"], s["status"]) for s in statuses] == [("KG", "in_progress")]
    reports = list(csv.DictReader(io.StringIO(bundle.read("reports.csv").decode())))
    assert [r["id"] for r in reports] == [str(submitted.pk)]  # accepted reports only


def test_the_json_document_holds_the_same_data(client, submitted, secretariat_user):
    services.accept(submitted, by=secretariat_user)
    document = client.get(JSON).json()
    bundle = zipfile.ZipFile(io.BytesIO(client.get(ZIP).content))
    assert document["version"] == json.loads(bundle.read("datapackage.json"))["version"]
    assert [r["range_state"] for r in document["data"]["range_state_statuses"]] == ["KG"]
    assert len(document["data"]["activities"]) == 1


def test_etag_and_rebuilt_only_when_the_data_changes(
    client, submitted, secretariat_user, monkeypatch
):
    builds = []
    real_build = datapackage.build
    monkeypatch.setattr(datapackage, "build", lambda: builds.append(1) or real_build())
    first = client.get(ZIP)
    assert client.get(ZIP, headers={"if-none-match": first["ETag"]}).status_code == 304
    client.get(JSON)
    assert len(builds) == 1
    services.accept(submitted, by=secretariat_user)
    changed = client.get(ZIP, headers={"if-none-match": first["ETag"]})
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]
    assert len(builds) == 2
