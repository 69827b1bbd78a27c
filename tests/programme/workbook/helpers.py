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


def _fields(record, code, skip=("id",)):
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
    contents = {"programme": _fields(programme, code, skip=("id", "code", "is_current"))}
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
