"""Reading the workbook's sheets into rows, and the problems found in them, each named by its
sheet, row and column."""

import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from .layout import LANGUAGES, SHEETS


@dataclass(frozen=True)
class Problem:
    sheet: str
    row: int | None
    column: str
    message: str

    def __str__(self):
        # The sheets' and columns' names are the workbook's own, in every language.
        where = _("sheet “%(sheet)s”") % {"sheet": self.sheet}
        if self.row is not None:
            where += _(", row %(row)s") % {"row": self.row}
        if self.column:
            where += _(", column “%(column)s”") % {"column": self.column}
        return _("%(where)s: %(problem)s") % {"where": where, "problem": self.message}


class WorkbookError(Exception):
    """The workbook cannot be imported; nothing was written. `problems` lists every one."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__(self.problems)

    def __str__(self):
        # Located in the language in use when shown (the messages in the importer's).
        return "\n".join(str(p) for p in self.problems)


def _value(cell):
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return int(cell)
    if isinstance(cell, datetime.datetime):
        return cell.date().isoformat()
    if isinstance(cell, datetime.date):
        return cell.isoformat()
    return cell


@dataclass
class Row:
    sheet: str
    number: int
    values: dict  # header -> value ("" when empty)
    problems: list = field(default_factory=list)

    def text(self, name):
        """A plain column's value as a stripped text."""
        return str(self.values.get(name, "")).strip()

    def translations(self, name):
        return {
            f"{name}_{lang}": str(self.values.get(f"{name} {lang.upper()}", ""))
            for lang in LANGUAGES
        }

    def problem(self, column, message):
        self.problems.append(Problem(self.sheet, self.number, column, message))

    def integer(self, name, required=True):
        raw = self.values.get(name, "")
        if raw == "" and not required:
            return None
        try:
            return int(str(raw).strip())
        except ValueError:
            self.problem(name, _("“%(value)s” is not a whole number") % {"value": raw})
            return None


def read_workbook(source):
    """{sheet name: [Row]} of a workbook file (a path or a file object); `WorkbookError` when
    the file is not a workbook or its sheets and headers are not the programme's."""
    try:
        workbook = load_workbook(source, read_only=True, data_only=True)
    except (InvalidFileException, OSError, KeyError, ValueError) as exc:
        problem = Problem(
            "-", None, "", _("not a readable .xlsx workbook (%(error)s)") % {"error": exc}
        )
        raise WorkbookError([problem]) from exc
    problems, sheets = [], {}
    try:
        for sheet in SHEETS:
            if sheet.name not in workbook.sheetnames:
                problems.append(Problem(sheet.name, None, "", _("the sheet is missing")))
                continue
            rows = workbook[sheet.name].iter_rows(values_only=True)
            headers = [str(h).strip() if h is not None else "" for h in next(rows, ())]
            expected = sheet.headers()
            for header in headers:
                if header and header not in expected:
                    problems.append(Problem(sheet.name, 1, header, _("unknown column")))
            for column in sheet.columns:
                missing = [h for h in column.headers() if h not in headers]
                if column.required and len(missing) == len(column.headers()):
                    problems.append(
                        Problem(sheet.name, 1, column.headers()[0], _("missing column"))
                    )
            sheets[sheet.name] = [
                Row(sheet.name, number, dict(zip(headers, map(_value, cells), strict=False)))
                for number, cells in enumerate(rows, start=2)
                if any(c not in (None, "") for c in cells)
            ]
    finally:
        workbook.close()
    if problems:
        raise WorkbookError(problems)
    return sheets
