"""load_programme: atomic, idempotent, safe for what people recorded, clear on errors."""

import datetime
import json
import shutil

import pytest
from django.core import serializers
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from programme.choices import ImplementationStatus
from programme.loading import DEFAULT_FIXTURE_DIR, ProgrammeLoadError, load_programme
from programme.models import (
    Activity,
    ActivityStatus,
    Actor,
    Programme,
    Responsibility,
    SubActivity,
)
from programme.services import set_status
from rangestates.models import Landscape, RangeState
from species.models import Species
from tests.conftest import ProgrammeSnapshot

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


def small_programme(tmp_path):
    """Issue 1.1 of the real fixtures, in files of the same names: the programme and its
    objectives, the ten activities of issue 1.1 with their responsibilities, and the actors
    these name. Enough for the loader's error paths, at a twentieth of the cost."""

    def records(name):
        return json.loads((DEFAULT_FIXTURE_DIR / name).read_text(encoding="utf-8"))

    def of_issue_1_1(record):
        fields = record["fields"]
        if record["model"] == "programme.issue":
            return fields["code"] == "1.1"
        if record["model"] == "programme.activity":
            return fields["issue"] == ["cami-2014-2020", "1.1"]
        return fields["activity"][1].startswith("1.1.")

    issue = [r for r in records("11_objective_1_issues_1-3.json") if of_issue_1_1(r)]
    named = {r["fields"]["actor"][0] for r in issue if r["model"] == "programme.responsibility"}
    actors = [r for r in records("03_actors.json") if r["fields"]["slug"] in named]
    target = tmp_path / "small"
    target.mkdir()
    for name, kept in [
        ("00_programme.json", records("00_programme.json")),
        ("03_actors.json", actors),
        ("11_objective_1_issues_1-3.json", issue),
    ]:
        (target / name).write_text(json.dumps(kept, ensure_ascii=False), encoding="utf-8")
    return target


def reset_sequences():
    """New ids of the programme's (empty) tables start from 1 again, as in the test session's
    snapshot."""
    from django.core.management.color import no_style

    tables = {model._meta.db_table for model in ProgrammeSnapshot.models()}
    sequences = [s for s in connection.introspection.sequence_list() if s["table"] in tables]
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_by_name_sql(no_style(), sequences):
            cursor.execute(sql)


def table_rows():
    """Every row of the programme's tables (the historical ones included) but the times of
    writing."""
    rows = {}
    for model in ProgrammeSnapshot.models():
        values = list(model._base_manager.order_by("pk").values())
        for row in values:
            row.pop("history_date", None)
            row.pop("updated_at", None)
            row.pop("changed_at", None)
        rows[model._meta.label] = values
    return rows


def copy_fixtures(tmp_path):
    """A copy of the shipped fixtures, to load in full after a change."""
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


def test_a_loaded_change_to_sub_items_or_responsibilities_moves_the_activity(tmp_path):
    """The loader (and the workbook importer, which saves through it) moves an activity's
    change time when one of its sub-items or responsibilities is written, and only then."""
    fixtures = small_programme(tmp_path)
    load_programme(directory=fixtures)
    long_ago = timezone.now() - datetime.timedelta(days=30)
    Activity.objects.update(changed_at=long_ago)
    path = fixtures / "11_objective_1_issues_1-3.json"
    edit_record(
        path,
        {"activity": ["cami-2014-2020", "1.1.2"]},
        lambda r: r["fields"].update(proposed=not r["fields"].get("proposed", False)),
    )
    records = json.loads(path.read_text(encoding="utf-8"))
    records.append(
        {
            "model": "programme.subactivity",
            "fields": {
                "activity": ["cami-2014-2020", "1.1.3"],
                "letter": "a",
                "position": 1,
                "text_en": "A new sub-item",
                "text_fr": "Un nouvel élément",
                "text_ru": "Новый пункт",
                "priority": "",
            },
        }
    )
    path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")

    def moved():
        return dict(
            Activity.objects.filter(changed_at__gt=long_ago).values_list("code", "changed_at")
        )

    load_programme(directory=fixtures)
    first = moved()
    assert set(first) == {"1.1.2", "1.1.3"}
    load_programme(directory=fixtures)  # nothing new: nothing moves
    assert moved() == first


def test_load_twice_changes_nothing():
    with CaptureQueriesContext(connection) as first_queries:
        first = load_programme()
    assert first.created["programme.activity"] == 121
    before = snapshot()
    with CaptureQueriesContext(connection) as second_queries:
        second = load_programme()
    assert second.changed == 0
    assert snapshot() == before
    # Natural keys are resolved from memory: what is left is the writes and full_clean()'s
    # checks (9,095 and 8,141 queries when every natural key was a query), two per record
    # created (the 33 records of the programme's species and range states among them), and
    # the search documents rebuilt once at the end (a few dozen queries, not one per record).
    assert len(first_queries) < 4_250
    assert len(second_queries) < 2_500


def test_the_test_sessions_snapshot_holds_what_a_load_writes(programme_snapshot):
    """Tests that need the real programme restore it from a copy of what the session's first
    load wrote (tests/conftest.py): the copy gives back every row a load writes, ids
    included."""
    reset_sequences()
    with transaction.atomic():
        load_programme()
        loaded = table_rows()
        transaction.set_rollback(True)
    assert len(loaded["programme.Activity"]) == 121
    assert len(loaded["programme.HistoricalActivityStatus"]) == 121
    with transaction.atomic():
        programme_snapshot.restore()
        restored = table_rows()
        # New records continue the restored ids.
        assert Actor.objects.create(slug="new", name_en="New").pk > max(
            row["id"] for row in restored["programme.Actor"]
        )
        transaction.set_rollback(True)
    assert restored == loaded
    assert not Activity.objects.exists()


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


def test_recorded_status_survives_a_reload(secretariat_user, programme_snapshot):
    programme_snapshot.restore()  # as load_programme() leaves it
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


def test_reload_brings_back_the_resolution_text(programme_snapshot):
    programme_snapshot.restore()  # as load_programme() leaves it
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
    fixtures = small_programme(tmp_path)
    load_programme(directory=fixtures)
    Activity.objects.filter(code="1.1.2").update(text_en="Recorded before the failed load")
    before = snapshot()
    assert len(before["programme.Activity"]) > 2
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
    fixtures = small_programme(tmp_path)
    (fixtures / "03_actors.json").write_text("[{", encoding="utf-8")
    with pytest.raises(CommandError, match=r"Nothing was loaded\. 03_actors\.json"):
        call_command("load_programme", dir=str(fixtures))
    assert not Programme.objects.exists()


def test_activity_without_actor_is_refused(tmp_path):
    fixtures = small_programme(tmp_path)
    path = fixtures / "11_objective_1_issues_1-3.json"
    records = json.loads(path.read_text(encoding="utf-8"))
    records = [
        r for r in records
        if not (r["model"] == "programme.responsibility" and r["fields"]["activity"][1] == "1.1.5")
    ]  # fmt: skip
    path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(ProgrammeLoadError, match="activity 1.1.5 has no responsible actor"):
        load_programme(directory=fixtures)
    assert not Activity.objects.exists()


def test_a_second_programme_loads_beside_the_first(tmp_path, programme_snapshot):
    programme_snapshot.restore()  # as load_programme() leaves it
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
