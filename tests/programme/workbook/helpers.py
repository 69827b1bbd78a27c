"""What the workbook's tests share: a programme's whole content, by natural keys, and
workbooks written and edited in the tests."""

from io import BytesIO

from openpyxl import load_workbook

from programme.models import (
    Activity,
    Objective,
    Programme,
    ProgrammeRangeState,
    ProgrammeSpecies,
    Responsibility,
    SubActivity,
)
from programme.models import Issue as IssueModel
from programme.workbook import build_workbook

PROGRAMME_TABLES = (
    Objective,
    IssueModel,
    Activity,
    SubActivity,
    Responsibility,
    ProgrammeSpecies,
    ProgrammeRangeState,
)


def _key(record, code):
    return tuple("<programme>" if part == code else part for part in record.natural_key())


# When an activity last changed (what `?updated_since=` reads) is not content of the programme.
NOT_CONTENT = ("id", "changed_at")


def _fields(record, code, skip=NOT_CONTENT):
    values = {}
    for field in record._meta.concrete_fields:
        if field.name in skip:
            continue
        if field.is_relation:
            target = getattr(record, field.name)
            values[field.name] = None if target is None else _key(target, code)
        else:
            values[field.attname] = getattr(record, field.attname)
    for field in record._meta.many_to_many:
        if field.remote_field.through._meta.auto_created:
            values[field.name] = sorted(_key(t, code) for t in getattr(record, field.name).all())
    return values


def programme_contents(code):
    """Every field of every record of the programme `code`, its code aside (so that two
    programmes compare equal when only their codes differ)."""
    programme = Programme.objects.get(code=code)
    contents = {"programme": _fields(programme, code, skip=(*NOT_CONTENT, "code", "is_current"))}
    for model in PROGRAMME_TABLES:
        field = "programme" if hasattr(model, "programme") else "activity__programme"
        records = model.objects.filter(**{field: programme})
        contents[model._meta.label] = {_key(r, code): _fields(r, code) for r in records}
    return contents


def workbook_bytes(programme=None, edit=None):
    """The programme's workbook (or the empty template) as bytes, after `edit(workbook)`."""
    buffer = BytesIO()
    workbook = build_workbook(programme)
    if edit is not None:
        edit(workbook)
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


def set_cell(workbook, sheet, row, header, value):
    worksheet = workbook[sheet]
    headers = [c.value for c in worksheet[1]]
    worksheet.cell(row=row, column=headers.index(header) + 1, value=value)


def find_row(workbook, sheet, **match):
    worksheet = workbook[sheet]
    headers = [c.value for c in worksheet[1]]
    for number, cells in enumerate(worksheet.iter_rows(min_row=2, values_only=True), start=2):
        values = dict(zip(headers, cells, strict=False))
        if all(str(values[k]) == str(v) for k, v in match.items()):
            return number
    raise AssertionError(f"no row of {sheet} matches {match}")


def read_back(buffer):
    buffer.seek(0)
    return load_workbook(buffer)


def make_workbook(sheets):
    """A workbook from the empty template and {sheet: [{header: value}]}."""

    def fill(workbook):
        for name, rows in sheets.items():
            worksheet = workbook[name]
            headers = [c.value for c in worksheet[1]]
            for values in rows:
                worksheet.append([values.get(h, "") for h in headers])

    return workbook_bytes(edit=fill)


def successor_sheets(code="test-successor", continues="", species=("saiga",), states=("KZ",)):
    """A small programme written for the tests (its wording is made up, and says so): one
    objective, one issue, two activities with sub-items and responsible actors."""
    return {
        "programme": [
            {"code": code, "title EN": "Test programme", "title FR": "Programme d'essai",
             "start_year": 2021, "end_year": 2026, "adopted_on": "2020-02-22"}
        ],
        "objectives": [{"number": 1, "title EN": "Test objective"}],
        "issues": [{"code": "1.1", "objective": 1, "kind": "issue", "title EN": "Test issue"}],
        "activities": [
            {"code": "1.1.1", "issue": "1.1", "text EN": "Test activity one",
             "text RU": "Тестовое мероприятие", "priority": "Haute / moyenne",
             "actors_text EN": "Test actor (to be confirmed)", "continues": continues},
            {"code": "1.1.2", "issue": "1.1", "text FR": "Activité d'essai deux",
             "priority": "Per sub-item", "priority_text EN": "High (a), Low (b)",
             "referenced_activities": "1.1.1"},
        ],
        "sub-items": [
            {"activity": "1.1.2", "letter": "a", "position": 1, "text EN": "item a",
             "priority": "High"},
            {"activity": "1.1.2", "letter": "b", "position": 2, "text EN": "item b",
             "priority": "low"},
        ],
        "actors": [{"slug": "test-actor", "kind": "other", "name EN": "Test actor"}],
        "responsibilities": [
            {"activity": "1.1.1", "position": 1, "actor": "Test actor (à confirmer)"},
            {"activity": "1.1.2", "position": 1, "actor": "test-actor", "qualifier EN": "lead"},
        ],
        "species": [{"species": s, "scope": "initiative", "position": n}
                    for n, s in enumerate(species, start=1)],
        "range states": [{"range_state": s} for s in states],
        "links": [
            {"activity": "1.1.1", "species": species[0]},
            {"activity": "1.1.1", "range_state": states[0]},
        ],
    }  # fmt: skip
