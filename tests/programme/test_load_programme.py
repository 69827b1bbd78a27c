"""load_programme: atomic, idempotent, safe for what people recorded, clear on errors."""

import json
import shutil

import pytest
from django.core import serializers
from django.core.management import CommandError, call_command
from django.utils import translation

from programme.choices import ImplementationStatus
from programme.loading import DEFAULT_FIXTURE_DIR, ProgrammeLoadError, load_programme
from programme.models import Activity, ActivityStatus, Programme, Responsibility, SubActivity
from programme.services import set_status
from rangestates.models import Landscape, RangeState
from species.models import Species

pytestmark = pytest.mark.django_db

MODELS = [
    Programme, Activity, SubActivity, Responsibility, ActivityStatus,
    Species, RangeState, Landscape,
]  # fmt: skip


def snapshot():
    return {
        model._meta.label: serializers.serialize("json", model.objects.order_by("pk"))
        for model in MODELS
    }


def copy_fixtures(tmp_path):
    target = tmp_path / "fixtures"
    shutil.copytree(DEFAULT_FIXTURE_DIR, target)
    return target


def edit_record(path, match, change):
    records = json.loads(path.read_text(encoding="utf-8"))
    for record in records:
        if all(record["fields"].get(k) == v for k, v in match.items()):
            change(record)
            break
    else:  # pragma: no cover - the test data is wrong
        raise AssertionError(f"no record matches {match}")
    path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")


def test_load_twice_changes_nothing():
    first = load_programme()
    assert first.created["programme.activity"] == 121
    before = snapshot()
    second = load_programme()
    assert second.changed == 0
    assert snapshot() == before


def test_command_reports_what_it_did(capsys):
    call_command("load_programme")
    assert "created" in capsys.readouterr().out
    call_command("load_programme")
    assert "0 records created, 0 updated" in capsys.readouterr().out


def test_every_activity_gets_a_status_row_with_its_first_history_record():
    load_programme()
    assert ActivityStatus.objects.count() == 121
    assert set(ActivityStatus.objects.values_list("status", flat=True)) == {"not_started"}
    assert ActivityStatus.history.filter(history_type="+").count() == 121


def test_recorded_status_survives_a_reload(secretariat_user):
    load_programme()
    activity = Activity.objects.get(code="1.1.1")
    set_status(
        activity,
        status=ImplementationStatus.COMPLETED,
        note="Rangers trained.",
        by=secretariat_user,
    )
    load_programme()
    status = ActivityStatus.objects.get(activity__code="1.1.1")
    assert status.status == ImplementationStatus.COMPLETED
    assert status.note == "Rangers trained."
    assert status.updated_by == secretariat_user


def test_reload_brings_back_the_resolution_text():
    load_programme()
    Activity.objects.filter(code="1.1.1").update(text_en="Changed by hand")
    report = load_programme()
    assert report.updated["programme.activity"] == 1
    assert Activity.objects.get(code="1.1.1").text_en != "Changed by hand"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda r: r["fields"].update(priority="urgent"), "priority"),
        (lambda r: r["fields"].update(issue=["cami-2014-2020", "9.9"]), "does not exist"),
        (lambda r: r.update(pk=7), "natural keys"),
        (lambda r: r["fields"].update(code="1.2.99"), "cannot stand under issue 1.1"),
    ],
    ids=["bad-priority", "unknown-issue", "primary-key", "wrong-issue"],
)
def test_broken_fixture_fails_with_its_message_and_changes_nothing(tmp_path, change, expected):
    load_programme()
    Activity.objects.filter(code="1.1.2").update(text_en="Recorded before the failed load")
    before = snapshot()
    fixtures = copy_fixtures(tmp_path)
    broken = fixtures / "11_objective_1_issues_1-3.json"
    # A valid change earlier in the load must be rolled back too.
    edit_record(broken, {"code": "1.1.2"}, lambda r: r["fields"].update(text_en="Half loaded"))
    edit_record(broken, {"code": "1.1.5"}, change)
    with pytest.raises(ProgrammeLoadError) as error:
        load_programme(directory=fixtures)
    message = str(error.value)
    assert "11_objective_1_issues_1-3.json" in message
    assert "1.1.5" in message or "1.2.99" in message
    assert expected in message
    assert snapshot() == before


def test_malformed_json_names_the_file(tmp_path):
    fixtures = copy_fixtures(tmp_path)
    (fixtures / "03_actors.json").write_text("[{", encoding="utf-8")
    with pytest.raises(CommandError, match=r"Nothing was loaded\. 03_actors\.json"):
        call_command("load_programme", dir=str(fixtures))
    assert not Programme.objects.exists()


def test_activity_without_actor_is_refused(tmp_path):
    fixtures = copy_fixtures(tmp_path)
    path = fixtures / "30_objectives_3-4.json"
    records = json.loads(path.read_text(encoding="utf-8"))
    records = [
        r for r in records
        if not (r["model"] == "programme.responsibility" and r["fields"]["activity"][1] == "4.3.1")
    ]  # fmt: skip
    path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(ProgrammeLoadError, match="activity 4.3.1 has no responsible actor"):
        load_programme(directory=fixtures)
    assert not Activity.objects.exists()


def test_a_second_programme_loads_beside_the_first(tmp_path):
    load_programme()
    before = snapshot()
    successor = tmp_path / "successor.json"
    successor.write_text(
        json.dumps(
            [
                {"model": "programme.programme", "fields": {
                    "code": "cami-2021-2026", "title_en": "CAMI Programme of Work 2021–2026",
                    "title_fr": "Programme de travail CAMI 2021-2026", "start_year": 2021,
                    "end_year": 2026, "is_current": False}},
                {"model": "programme.objective", "fields": {
                    "programme": ["cami-2021-2026"], "number": 1, "title_en": "Threats",
                    "title_fr": "Menaces"}},
                {"model": "programme.issue", "fields": {
                    "programme": ["cami-2021-2026"], "objective": ["cami-2021-2026", 1],
                    "code": "1.1", "kind": "issue", "title_en": "Poaching",
                    "title_fr": "Braconnage"}},
                {"model": "programme.activity", "fields": {
                    "programme": ["cami-2021-2026"], "issue": ["cami-2021-2026", "1.1"],
                    "code": "1.1.1", "text_en": "A successor activity.",
                    "text_fr": "Une activité suivante.", "priority": "high"}},
                {"model": "programme.responsibility", "fields": {
                    "activity": ["cami-2021-2026", "1.1.1"], "actor": ["cms"], "position": 1}},
            ]
        ),
        encoding="utf-8",
    )  # fmt: skip
    load_programme(files=[successor])
    assert Activity.objects.filter(code="1.1.1").count() == 2
    after = snapshot()
    assert Programme.objects.current().code == "cami-2014-2020"
    original = Activity.objects.get(programme__code="cami-2014-2020", code="1.1.1")
    assert original.text_en.startswith("Strengthen")
    assert len(after["programme.Activity"]) > len(before["programme.Activity"])


def without_language(records, language, keep=lambda record: False):
    """The records with every `<field>_<language>` removed, except those `keep` spares."""
    for record in records:
        if not keep(record):
            record["fields"] = {
                k: v for k, v in record["fields"].items() if not k.endswith(f"_{language}")
            }
    return records


def test_fixtures_without_russian_load_and_fall_back_to_english(tmp_path):
    fixtures = copy_fixtures(tmp_path)
    for path in fixtures.glob("*.json"):
        records = without_language(json.loads(path.read_text(encoding="utf-8")), "ru")
        path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    assert load_programme(directory=fixtures).created["programme.activity"] == 121
    activity = Activity.objects.get(code="1.1.1")
    assert not activity.text_ru
    with translation.override("ru"):
        assert activity.text == activity.text_en
        assert RangeState.objects.get(iso_code="KG").name == "Kyrgyzstan"
    assert load_programme(directory=fixtures).changed == 0


def test_a_record_lacking_a_language_loads_beside_translated_ones(tmp_path):
    fixtures = copy_fixtures(tmp_path)
    path = fixtures / "11_objective_1_issues_1-3.json"
    records = json.loads(path.read_text(encoding="utf-8"))

    def others(record):
        return record["fields"].get("code") != "1.1.2"

    records = without_language(without_language(records, "ru", others), "fr", others)
    path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    load_programme(directory=fixtures)
    lacking, translated = Activity.objects.get(code="1.1.2"), Activity.objects.get(code="1.1.3")
    assert not lacking.text_ru and not lacking.text_fr
    with translation.override("ru"):
        assert lacking.text == lacking.text_en
        assert translated.text == translated.text_ru != translated.text_en
    with translation.override("fr"):
        assert lacking.text == lacking.text_en
    assert load_programme(directory=fixtures).changed == 0
