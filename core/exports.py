"""The one rule for every file the portal exports (the public CSVs, the API's CSV, the
secretariat's spreadsheets of a cycle): no spreadsheet reads a cell as a formula.

A text starting with =, +, -, @, a tab or a carriage return gets a leading apostrophe, as
OWASP advises against CSV injection: the text stays readable and whole, and a spreadsheet
shows it as text instead of running it (`=HYPERLINK(...)` typed by a focal point stays text
in the secretariat's XLSX)."""

import csv

from django.http import HttpResponse

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """`value`, with a leading apostrophe when it is a text a spreadsheet would read as a
    formula."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def safe_row(row) -> list:
    return [safe_cell(cell) for cell in row]


class SafeCsvWriter:
    """csv.writer whose every cell goes through `safe_cell`; `writerow` returns what the
    stream's `write` returns (a line, for streamed answers)."""

    def __init__(self, stream):
        self.writer = csv.writer(stream)

    def writerow(self, row):
        return self.writer.writerow(safe_row(row))


def csv_response(filename):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # byte order mark: spreadsheets then read the file as UTF-8
    return response
