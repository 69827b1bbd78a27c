"""A workbook with errors is refused: every problem named by sheet, row and column, and
nothing written."""

import pytest
from django.core.management import CommandError, call_command

from programme.choices import Priority
from programme.models import Activity, Actor, Programme, Responsibility
from programme.workbook import WorkbookError, import_programme
from rangestates.models import RangeState
from species.models import Species
from tests.factories import RangeStateFactory, SpeciesFactory

from .helpers import make_workbook, successor_sheets

pytestmark = pytest.mark.django_db


@pytest.fixture
def reference_data(db):
    SpeciesFactory(slug="saiga")
    SpeciesFactory(slug="argali")
    RangeStateFactory(iso_code="KZ")


def counts():
    return {
        model: model.objects.count()
        for model in (Programme, Activity, Actor, Responsibility, Species, RangeState)
    }


def test_a_valid_test_workbook_imports_with_the_wording_rules(reference_data):
    code, report = import_programme(make_workbook(successor_sheets()))
    assert code == "test-successor"
    one = Activity.objects.get(programme__code=code, code="1.1.1")
    assert one.priority == Priority.HIGH_MEDIUM  # worded in French
    assert one.text_ru == "Тестовое мероприятие"
    first = one.responsibilities.get()
    assert first.actor.slug == "test-actor" and first.proposed  # “(à confirmer)”
    two = Activity.objects.get(programme__code=code, code="1.1.2")
    assert two.priority == Priority.MIXED
    assert [s.priority for s in two.subactivities.all()] == [Priority.HIGH, Priority.LOW]
    assert list(two.referenced_activities.all()) == [one]
    assert list(one.species.values_list("slug", flat=True)) == ["saiga"]
    programme = Programme.objects.get(code=code)
    assert list(programme.species.values_list("slug", flat=True)) == ["saiga"]
    assert report.created["programme.activitystatus"] == 2


def test_errors_are_each_located_and_nothing_is_written(reference_data):
    sheets = successor_sheets()
    sheets["activities"][0]["priority"] = "Urgent"  # unknown priority, row 2
    sheets["activities"].append(dict(sheets["activities"][1]))  # duplicate code, row 4
    sheets["sub-items"].append(
        {"activity": "9.9.9", "letter": "a", "position": 1, "text EN": "orphan"}
    )  # a sub-item of a missing activity, row 4
    sheets["links"].append({"activity": "1.1.2", "species": "argali"})  # not in the programme
    before = counts()

    with pytest.raises(WorkbookError) as caught:
        import_programme(make_workbook(sheets))

    located = {(p.sheet, p.row, p.column) for p in caught.value.problems}
    assert ("activities", 2, "priority") in located
    assert ("activities", 4, "code") in located
    assert ("sub-items", 4, "activity") in located
    assert ("links", 4, "species") in located
    messages = str(caught.value)
    assert "unknown priority “Urgent”" in messages
    assert "duplicate: “1.1.2” is already on row 3" in messages
    assert "activity 9.9.9 is not in the sheet “activities”" in messages
    assert "species “argali” is not in the programme" in messages
    assert counts() == before


def test_a_model_rule_is_located_and_rolls_back_what_was_saved(reference_data):
    sheets = successor_sheets()
    sheets["activities"][0]["priority"] = "Conditional"  # needs its wording, which is empty
    before = counts()
    with pytest.raises(WorkbookError) as caught:
        import_programme(make_workbook(sheets))
    (problem,) = caught.value.problems
    assert (problem.sheet, problem.row) == ("activities", 2)
    assert problem.column.startswith("priority_text")
    assert "conditional priority needs its exact wording" in problem.message
    assert counts() == before  # the programme, actors and issue saved before it are undone


def test_missing_sheets_and_columns_are_named(reference_data, tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.title = "programme"
    workbook.active.append(["code", "colour"])
    path = tmp_path / "bad.xlsx"
    workbook.save(path)
    with pytest.raises(WorkbookError) as caught:
        import_programme(str(path))
    messages = str(caught.value)
    assert "sheet “programme”, row 1, column “colour”: unknown column" in messages
    assert "sheet “programme”, row 1, column “title EN”: missing column" in messages
    assert "sheet “activities”: the sheet is missing" in messages


def test_the_command_refuses_and_says_where(reference_data, tmp_path):
    sheets = successor_sheets()
    sheets["responsibilities"][0]["actor"] = "Nobody we know"
    path = tmp_path / "bad.xlsx"
    path.write_bytes(make_workbook(sheets).getvalue())
    with pytest.raises(CommandError) as caught:
        call_command("import_programme", str(path))
    message = str(caught.value)
    assert "Nothing was imported." in message
    where = "sheet “responsibilities”, row 2, column “actor”"
    assert f"{where}: unknown actor “Nobody we know”" in message
    assert not Programme.objects.exists()


def test_a_crosswalk_to_an_unknown_activity_is_refused(reference_data):
    sheets = successor_sheets(continues="cami-2014-2020 1.1.1")
    with pytest.raises(WorkbookError) as caught:
        import_programme(make_workbook(sheets))
    assert ("activities", 2, "continues") in {
        (p.sheet, p.row, p.column) for p in caught.value.problems
    }


def test_problems_are_worded_in_the_language_in_use(reference_data):
    from django.utils import translation

    sheets = successor_sheets()
    sheets["activities"][0]["priority"] = "Urgent"
    sheets["responsibilities"][0]["actor"] = "Nobody we know"
    with translation.override("fr"):
        with pytest.raises(WorkbookError) as caught:
            import_programme(make_workbook(sheets))
        messages = str(caught.value)
    # The location keeps the workbook's own sheet and column names.
    where = "feuille « activities », ligne 2, colonne « priority »"
    assert f"{where} : priorité inconnue « Urgent »" in messages
    assert "feuille « responsibilities », ligne 2, colonne « actor » : acteur inconnu" in messages
    with translation.override("ru"):
        with pytest.raises(WorkbookError) as caught:
            import_programme(make_workbook(sheets))
        messages = str(caught.value)
    assert "лист «activities», строка 2, столбец «priority»: неизвестный приоритет" in messages
    assert not Programme.objects.exists()


@pytest.mark.parametrize(
    ("language", "wording"),
    [
        ("fr", "Une priorité mixte ou conditionnelle exige son libellé exact."),
        ("ru", "Для смешанного или условного приоритета нужна его точная формулировка."),
    ],
)
def test_the_models_own_rules_are_worded_in_the_language_in_use(
    reference_data, language, wording
):
    from django.utils import translation

    sheets = successor_sheets()
    sheets["activities"][0]["priority"] = "Conditional"  # needs its wording, which is empty
    with translation.override(language):
        with pytest.raises(WorkbookError) as caught:
            import_programme(make_workbook(sheets))
        assert wording in caught.value.problems[0].message


def test_a_rule_with_values_is_worded_when_shown_not_when_raised():
    from django.core.exceptions import ValidationError
    from django.utils import translation

    from tests.factories import ActivityFactory, IssueFactory

    activity = ActivityFactory()
    activity.code = "9.9.9"
    with translation.override("en"):
        with pytest.raises(ValidationError) as caught:
            activity.clean()
    issue = activity.issue.code
    with translation.override("fr"):
        assert caught.value.message_dict["code"] == [
            f"L’activité 9.9.9 ne peut pas figurer sous la problématique {issue}."
        ]
    with translation.override("ru"):
        assert caught.value.message_dict["code"] == [
            f"Мероприятие 9.9.9 не может относиться к проблеме {issue}."
        ]
    other = IssueFactory()
    other.code = "9.1"
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        other.clean()
    objective = other.objective.number
    with translation.override("ru"):
        assert caught.value.message_dict["code"] == [
            f"Проблема 9.1 не может относиться к задаче {objective}."
        ]
