"""Exporting the 2014–2020 programme and importing it under another code gives the same
programme, field by field; importing it again changes nothing."""

import pytest
from django.core.management import call_command

from programme.models import Activity, ActivityStatus, Programme
from programme.workbook import import_programme

from .helpers import programme_contents, workbook_bytes

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("real_programme")]

ORIGINAL = "cami-2014-2020"


def test_export_then_import_under_another_code_gives_the_same_programme(tmp_path):
    path = tmp_path / "programme.xlsx"
    call_command("export_programme", ORIGINAL, str(path))
    call_command("import_programme", str(path), slug="copy-2014-2020")

    copy = Programme.objects.get(code="copy-2014-2020")
    assert not copy.is_current
    assert Programme.objects.current().code == ORIGINAL
    original, imported = programme_contents(ORIGINAL), programme_contents("copy-2014-2020")
    assert imported.keys() == original.keys()
    for table in original:
        assert imported[table] == original[table], table
    assert len(original["programme.Activity"]) == 121
    assert len(original["programme.ProgrammeSpecies"]) == 19
    # Every imported activity has its (empty) status row, as after load_programme.
    assert ActivityStatus.objects.filter(activity__programme=copy).count() == 121


def test_import_is_idempotent_and_dry_run_writes_nothing(tmp_path):
    code, first = import_programme(workbook_bytes(Programme.objects.get(code=ORIGINAL)), "v2")
    assert code == "v2"
    assert first.created["programme.activity"] == 121
    before = programme_contents("v2")

    again = workbook_bytes(Programme.objects.get(code=ORIGINAL))
    _code, second = import_programme(again, slug="v2")
    assert second.changed == 0
    assert programme_contents("v2") == before

    count = Activity.objects.count()
    _code, dry = import_programme(workbook_bytes(Programme.objects.get(code=ORIGINAL)), "v3",
                                  dry_run=True)  # fmt: skip
    assert dry.created["programme.activity"] == 121
    assert not Programme.objects.filter(code="v3").exists()
    assert Activity.objects.count() == count


def test_reimporting_the_loaded_programme_changes_nothing(capsys):
    workbook = workbook_bytes(Programme.objects.get(code=ORIGINAL))
    _code, report = import_programme(workbook)
    assert report.changed == 0
    assert Programme.objects.get(code=ORIGINAL).is_current


def test_actors_full_names_go_through_the_workbook_and_an_older_one_keeps_them():
    from programme.models import Actor
    from programme.workbook.exporter import build_workbook

    programme = Programme.objects.get(code=ORIGINAL)
    headers = [cell.value for cell in build_workbook(programme)["actors"][1]]
    assert headers[-3:] == ["full_name EN", "full_name FR", "full_name RU"]

    def before_the_full_names(workbook):
        # A workbook made before the full names: its actors' sheet has no such columns.
        workbook["actors"].delete_cols(len(headers) - 2, 3)

    _code, report = import_programme(workbook_bytes(programme, edit=before_the_full_names))
    assert report.changed == 0
    assert Actor.objects.get(slug="iucn").full_name_en == (
        "International Union for Conservation of Nature (IUCN)"
    )
